// The connector pair (search, fetch) over every kind, and `search --kind` / `show KIND:ID` on the
// command line, as clients and people meet them: the real program over real stdio driven by the
// real SDK client, and the real CLI in a subprocess, on a cache synced from the double.

import type { CallToolResult } from "../src/mcp/sdk.ts";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { syncInto, tempDir, TOKEN } from "./cache_check.ts";
import { helpCenterOf } from "./double/articles.ts";
import { companyNamesOf } from "./double/companies.ts";
import { type Double, startDouble } from "./double/server.ts";
import { ticketsOf } from "./double/tickets.ts";
import { conversationsInWindow, generateWorkspace } from "./double/workspace.ts";
import { connectServer } from "./mcp_client.ts";
import { runCli, testEnv } from "./program.ts";

const DAY = 86400;
const ws = generateWorkspace({ seed: 29, conversations: 100 });
const dir = tempDir();
const double: Double = await startDouble({ workspace: ws, token: TOKEN });
await syncInto(dir, double.url);
await double.close();
// Reads only: no Intercom behind the program, so every answer comes from the cache.
const env = testEnv(dir, null, null);
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

/** A customer with conversations in the cache, untouched by merges. */
const customer = (() => {
  const since = Math.floor(Date.now() / 1000) - 30 * DAY;
  const c = conversationsInWindow(ws, since).map((c) => ws.contacts.get(c.contacts.contacts[0].id)!)
    .find((k) => k.name && !k.merged_into)!;
  return c;
})();
/** The tickets the double serves, as the sync cached them. */
const desk = ticketsOf(ws);
/** A ticket of a customer, linked to their conversation. */
const linkedTicket = [...desk.tickets.values()].find((t) =>
  t.contacts.length && t.links.some((l) => l.type === "conversation")
)!;
/** "How refunds work" and its parts: one of them answers a question about refunds first. */
const refundArticles = new Map(
  [...helpCenterOf(ws).articles.values()].filter((a) =>
    a.state === "published" && a.title.startsWith("How refunds work")
  ).map((a) => [a.id, a]),
);
const refunds = [...refundArticles.values()][0];

// deno-lint-ignore no-explicit-any
type Json = any;
const text = (r: CallToolResult) =>
  r.content.map((c) => (c.type === "text" ? c.text : "")).join("");

Deno.test("search and fetch over stdio: each result says its kind, and fetch reads every kind whole", async () => {
  const s = await connectServer({ ...env, TZ: "UTC" });
  try {
    const call = async (name: string, args: Record<string, unknown>) =>
      await s.client.callTool({ name, arguments: args }) as CallToolResult;
    const howTo = await call("search", { query: "how do refunds work" });
    const results = JSON.parse(text(howTo)).results as Json[];
    assertEquals(results, (howTo.structuredContent as Json).results);
    assertEquals(results[0].kind, "article", "the help center answers a how-to first");
    const first = refundArticles.get(results[0].id.replace("article:", ""));
    assert(first, JSON.stringify(results[0]));
    assert(results.some((r) => r.kind === "conversation"), "and past cases follow");

    const article = JSON.parse(text(await call("fetch", { id: results[0].id })));
    assertEquals(article.id, results[0].id);
    assertEquals(article.url, first.url);
    assertEquals(article.metadata.kind, "article");
    assertMatch(article.text, /A refund goes back to the card that paid/);

    const byName = JSON.parse(text(await call("search", { query: customer.name! })));
    assertEquals(byName.results[0].kind, "contact");
    const contactId = byName.results.find((r: Json) => r.id === `contact:${customer.id}`).id;
    const profile = JSON.parse(text(await call("fetch", { id: contactId })));
    assertEquals(profile.metadata.email, customer.email);
    for (const company of companyNamesOf(ws, customer)) {
      assert(profile.text.includes(`Company: ${company}`), company);
    }
    assertMatch(profile.text, /conversations?.*newest first:\n- \[\d+\]/);

    const conversation = byName.results.find((r: Json) => r.kind === "conversation");
    if (conversation) {
      const bare = conversation.id.replace("conversation:", "");
      const doc = JSON.parse(text(await call("fetch", { id: bare })));
      assertEquals(doc.id, conversation.id, "a bare id is a conversation's");
    }
    const unknown = await call("fetch", { id: "widget:7" });
    assert(unknown.isError);
    assertMatch(text(unknown), /"widget" is not a kind of record; ids look like conversation:ID/);
    const missing = await call("fetch", { id: "contact:nobody@example.com" });
    assert(missing.isError);
    assertMatch(text(missing), /no cached contact/);
  } finally {
    await s.close();
  }
});

Deno.test("search --kind articles and contacts answer as their tools do, in text and --json", async () => {
  const articles = await runCli(["search", "--kind", "articles", "refunds", "--json"], env);
  assertEquals(articles.code, 0, articles.stderr);
  const found = JSON.parse(articles.stdout);
  assert(refundArticles.has(found.articles[0].id), found.articles[0].title);
  assert(found.total >= 1 && found.freshness);
  const page2 = JSON.parse(
    (await runCli(["search", "--kind", "articles", "--limit", "2", "--offset", "2", "--json"], env))
      .stdout,
  );
  assertEquals(page2.offset, 2);
  assertEquals(page2.returned, 2);
  const listed = await runCli(["search", "--kind", "articles", "refunds"], env);
  assertMatch(
    listed.stdout,
    new RegExp(`^1\\. \\[${found.articles[0].id}\\] How refunds work`, "m"),
  );

  const people = await runCli(["search", "--kind", "contacts", customer.email, "--json"], env);
  assertEquals(people.code, 0, people.stderr);
  assertEquals(JSON.parse(people.stdout).contacts[0].id, customer.id);
  const line = await runCli(["search", "--kind", "contacts", customer.email], env);
  assertMatch(line.stdout, new RegExp(`^1\\. \\[${customer.id}\\] .*<${customer.email}>`, "m"));
});

Deno.test("show article:ID and contact:ID read the record whole, in text and --json", async () => {
  const article = await runCli(["show", `article:${refunds.id}`], env);
  assertEquals(article.code, 0, article.stderr);
  assertMatch(article.stdout, new RegExp(`^# How refunds work \\[article ${refunds.id}\\]`));
  const articleJson = JSON.parse(
    (await runCli(["show", `article:${refunds.id}`, "--json"], env)).stdout,
  );
  assertEquals(articleJson.id, refunds.id);
  assertEquals(articleJson.url, refunds.url);

  for (const key of [customer.id, customer.email]) {
    const profile = await runCli(["show", `contact:${key}`], env);
    assertEquals(profile.code, 0, profile.stderr);
    assertMatch(profile.stdout, new RegExp(`\\[contact ${customer.id}\\]`));
    assertMatch(profile.stdout, /newest first:/);
  }
  const json = JSON.parse((await runCli(["show", `contact:${customer.id}`, "--json"], env)).stdout);
  assertEquals(json.email, customer.email);
  assertEquals(json.companies.map((c: Json) => c.name), companyNamesOf(ws, customer).sort());
  assert(json.conversations_total >= 1);
});

Deno.test("search --kind and show KIND:ID refuse wrong usage (exit 2) and say when nothing is cached (exit 1)", async () => {
  const cases: [string[], number, RegExp][] = [
    [["search", "--kind", "widgets", "x"], 2, /--kind must be one of conversations, articles/],
    [
      ["search", "--kind", "articles", "x", "--state", "open"],
      2,
      /--state applies to conversations only/,
    ],
    [
      ["search", "--kind", "contacts", "--cursor", "abc"],
      2,
      /--cursor applies to conversations only/,
    ],
    [["search", "--kind", "articles", "--limit", "120"], 2, /--limit: .*50/],
    [["search", "refund", "--offset", "10"], 2, /conversations page with --cursor/],
    [["show", "widget:3"], 2, /"widget" is not a kind of record/],
    [
      ["show", `contact:${customer.id}`, "--limit", "2"],
      2,
      /--limit pages a conversation's thread only/,
    ],
    [["show", "contact:nobody@example.com"], 1, /no cached contact has the id or email/],
    [["show", "article:424242"], 1, /article 424242 is not in the cache/],
    [["show", "ticket:424242"], 1, /ticket 424242 is not in the cache/],
    [
      ["search", "--kind", "tickets", "x", "--state", "open"],
      2,
      /--state applies to conversations/,
    ],
  ];
  for (const [args, code, message] of cases) {
    const r = await runCli(args, env);
    assertEquals(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    assertMatch(r.stderr, message, args.join(" "));
    assertEquals(r.stdout, "", args.join(" "));
  }
});

Deno.test("search and fetch over stdio: a question naming tickets finds tickets first, and fetch reads one whole", async () => {
  const s = await connectServer({ ...env, TZ: "UTC" });
  try {
    const call = async (name: string, args: Record<string, unknown>) =>
      JSON.parse(text(await s.client.callTool({ name, arguments: args }) as CallToolResult));
    const found = await call("search", { query: "which tickets are about exports" });
    const first = found.results[0];
    assertEquals(first.kind, "ticket", JSON.stringify(found.results));
    const t = desk.tickets.get(first.id.replace("ticket:", ""))!;
    assert(/export/i.test(JSON.stringify(t)), first.id);
    assertEquals(first.url, `intercom://ticket/${t.id}`);
    const doc = await call("fetch", { id: first.id });
    assertEquals(doc.id, first.id);
    assertEquals(doc.metadata.kind, "ticket");
    assertEquals(doc.metadata.type, desk.types.get(t.typeId)!.name);
    assertMatch(doc.text, new RegExp(`^# .* \\[ticket ${t.id}, #${t.ticket_id}\\]`));

    const linked = await call("fetch", { id: `ticket:#${linkedTicket.ticket_id}` });
    assertEquals(linked.id, `ticket:${linkedTicket.id}`);
    for (const l of linkedTicket.links.filter((l) => l.type === "conversation")) {
      assert(linked.metadata.conversations.split(", ").includes(l.id), l.id);
    }
  } finally {
    await s.close();
  }
});

Deno.test("search --kind tickets and show ticket:ID answer as search_tickets and get_ticket do, in text and --json", async () => {
  const found = await runCli(["search", "--kind", "tickets", "export", "--json"], env);
  assertEquals(found.code, 0, found.stderr);
  const r = JSON.parse(found.stdout);
  assert(r.total >= 1 && r.freshness, found.stdout);
  for (const t of r.tickets) assert(/export/i.test(JSON.stringify(desk.tickets.get(t.id))), t.id);
  const listed = await runCli(["search", "--kind", "tickets", "export", "--limit", "3"], env);
  assertMatch(
    listed.stdout,
    new RegExp(`^1\\. \\[${r.tickets[0].id}\\] #${r.tickets[0].number} `, "m"),
  );
  const page2 = JSON.parse(
    (await runCli(["search", "--kind", "tickets", "--limit", "2", "--offset", "2", "--json"], env))
      .stdout,
  );
  assertEquals([page2.offset, page2.returned, page2.total], [2, 2, desk.tickets.size]);

  const t = linkedTicket;
  for (const key of [t.id, `#${t.ticket_id}`]) {
    const shown = await runCli(["show", `ticket:${key}`], env);
    assertEquals(shown.code, 0, shown.stderr);
    assertMatch(shown.stdout, new RegExp(`\\[ticket ${t.id}, #${t.ticket_id}\\]`));
    assertMatch(shown.stdout, /^Linked conversations: \[\d+\]/m);
  }
  const json = JSON.parse((await runCli(["show", `ticket:${t.id}`, "--json"], env)).stdout);
  assertEquals(json.id, t.id);
  assertEquals(json.type, desk.types.get(t.typeId)!.name);
  assertEquals(json.customers.map((c: Json) => c.id), t.contacts.map((c) => c.id));
  assertEquals(
    json.conversations.map((c: Json) => c.id),
    t.links.filter((l) => l.type === "conversation").map((l) => l.id),
  );
});
