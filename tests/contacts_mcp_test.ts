// search_contacts, get_contact and intercom://contact/{id} as clients meet them: the real
// program over real stdio, driven by the real SDK client, on a cache synced from the double.

import type { CallToolResult } from "../src/mcp/sdk.ts";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { syncInto, tempDir, TOKEN } from "./cache_check.ts";
import { companiesOf, companyNamesOf } from "./double/companies.ts";
import { type Double, startDouble } from "./double/server.ts";
import { conversationsInWindow, generateWorkspace } from "./double/workspace.ts";
import { type Connected, connectServer } from "./mcp_client.ts";
import { testEnv } from "./program.ts";

const DAY = 86400;
const ws = generateWorkspace({ seed: 61, conversations: 120 });
const dir = tempDir();
const double: Double = await startDouble({ workspace: ws, token: TOKEN });
await syncInto(dir, double.url);
const inCache = conversationsInWindow(ws, Math.floor(Date.now() / 1000) - 30 * DAY);
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

// deno-lint-ignore no-explicit-any
type Json = any;

/** The contact with the most cached conversations, that no merge touched. */
const busiest = (() => {
  const counts = new Map<string, number>();
  for (const c of inCache) {
    const id = c.contacts.contacts[0]?.id;
    if (id && !ws.contacts.get(id)!.merged_into) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const [id, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return { contact: ws.contacts.get(id)!, conversations: n };
})();

async function withServer(
  fn: (
    s: Connected,
    ok: (n: string, a: object) => Promise<Json>,
    fails: (n: string, a: object) => Promise<string>,
  ) => Promise<void>,
): Promise<void> {
  const s = await connectServer({ ...testEnv(dir, double.url, TOKEN), TZ: "UTC" });
  const text = (r: CallToolResult) =>
    r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  try {
    await s.client.listTools();
    await fn(
      s,
      async (name, args) => {
        const r = await s.client.callTool({
          name,
          arguments: args as Record<string, unknown>,
        }) as CallToolResult;
        assert(!r.isError, `${name} ${JSON.stringify(args)} failed: ${text(r)}`);
        assert(text(r).length > 0);
        return r.structuredContent;
      },
      async (name, args) => {
        try {
          const r = await s.client.callTool({
            name,
            arguments: args as Record<string, unknown>,
          }) as CallToolResult;
          assert(r.isError, `${name} ${JSON.stringify(args)} should fail: ${text(r)}`);
          return text(r);
        } catch (e) {
          assertMatch((e as Error).message, /-32602|invalid/i);
          return (e as Error).message;
        }
      },
    );
  } finally {
    await s.close();
  }
}

Deno.test("search_contacts finds a customer by name, email and company, with their conversation count", async () => {
  await withServer(async (_s, ok) => {
    const c = busiest.contact;
    const byEmail = await ok("search_contacts", { email: c.email.toUpperCase() });
    assertEquals(byEmail.total, 1);
    assertEquals(byEmail.contacts[0].id, c.id);
    assertEquals(byEmail.contacts[0].conversations, busiest.conversations);
    assertEquals(byEmail.contacts[0].companies, companyNamesOf(ws, c).sort());
    if (c.name) {
      const byName = await ok("search_contacts", { query: c.name });
      assert(byName.contacts.some((x: Json) => x.id === c.id), `${c.name} found by name`);
    }
    const company = [...companiesOf(ws).values()][0];
    const members = await ok("search_contacts", {
      company: company.name.toLowerCase(),
      limit: 100,
    });
    assert(
      members.total > 0 && members.contacts.every((x: Json) => x.companies.includes(company.name)),
    );
    const byWord = await ok("search_contacts", { query: `"${company.name}"`, limit: 100 });
    const found = new Set(byWord.contacts.map((x: Json) => x.id));
    assert(
      members.contacts.every((x: Json) => found.has(x.id)),
      "a company's name finds its people by free text too",
    );
  });
});

Deno.test("get_contact shows the profile, the companies and the conversations newest first with a count by state", async () => {
  await withServer(async (_s, ok) => {
    const c = busiest.contact;
    for (const key of [c.id, c.email]) {
      const v = await ok("get_contact", { contact_id: key });
      assertEquals(v.id, c.id);
      assertEquals(v.conversations_total, busiest.conversations);
      const states = Object.values(v.conversations_by_state as Record<string, number>);
      assertEquals(states.reduce((a, b) => a + b, 0), busiest.conversations);
      const times = v.conversations.map((x: Json) => x.updated_at);
      assertEquals(times, [...times].sort().reverse(), "newest first");
      assertEquals(v.companies.map((x: Json) => x.name), companyNamesOf(ws, c).sort());
      assertEquals(v.custom_attributes, c.custom_attributes);
    }
    const few = await ok("get_contact", { contact_id: c.id, conversations_limit: 1 });
    assertEquals(few.conversations.length, 1);
  });
});

Deno.test("a merged contact's old id answers with the contact it went into", async () => {
  const merged = inCache.map((c) => ws.contacts.get(c.contacts.contacts[0]?.id ?? ""))
    .find((k) => k?.merged_into);
  assert(merged, "a cached conversation names a merged contact");
  await withServer(async (_s, ok) => {
    const v = await ok("get_contact", { contact_id: merged.id });
    assertEquals(v.id, merged.merged_into);
    assert(v.conversations_total >= 1);
  });
});

Deno.test("search_contacts and get_contact refuse bad arguments with a clear error and keep answering", async () => {
  await withServer(async (_s, ok, fails) => {
    assertMatch(
      await fails("get_contact", { contact_id: "nobody@nowhere.example" }),
      /no cached contact/,
    );
    assertMatch(await fails("search_contacts", { company: "No Such Co" }), /no cached company/);
    await fails("get_contact", {});
    await fails("get_contact", { contact_id: "" });
    await fails("get_contact", { contact_id: busiest.contact.id, conversations_limit: 1000 });
    await fails("search_contacts", { limit: 0 });
    await fails("search_contacts", { offset: -1 });
    const odd = await ok("search_contacts", { query: 'NEAR( "x -y ^z:' });
    assertEquals(odd.total, 0);
  });
});

Deno.test("contacts are resources at intercom://contact/{id}", async () => {
  await withServer(async (s) => {
    const { resourceTemplates } = await s.client.listResourceTemplates();
    assert(resourceTemplates.some((t) => t.uriTemplate === "intercom://contact/{id}"));
    const c = busiest.contact;
    const read = await s.client.readResource({ uri: `intercom://contact/${c.id}` });
    const text = (read.contents[0] as { text: string }).text;
    assertMatch(text, new RegExp(`\\[contact ${c.id}\\]`));
    assertMatch(text, new RegExp(`${busiest.conversations} conversations?`));
  });
});

Deno.test("the double is closed after the last test", async () => {
  await double.close();
  assert(true);
});
