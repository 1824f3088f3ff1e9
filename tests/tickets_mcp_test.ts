// search_tickets, get_ticket and intercom://ticket/{id} as clients meet them: the real program
// over real stdio, driven by the real SDK client, on a cache synced from the double's tickets.

import { assert, assertEquals, assertMatch } from "./assert.ts";
import { syncInto, tempDir, TOKEN } from "./cache_check.ts";
import { type Double, startDouble } from "./double/server.ts";
import { ticketsOf } from "./double/tickets.ts";
import { generateWorkspace } from "./double/workspace.ts";
import { caller, type Connected, connectServer } from "./mcp_client.ts";
import { testEnv } from "./program.ts";

const ws = generateWorkspace({ seed: 43, conversations: 30 });
const desk = ticketsOf(ws, { tickets: 80 });
const dir = tempDir();
const double: Double = await startDouble({ workspace: ws, token: TOKEN });
await syncInto(dir, double.url);
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

async function withServer(
  fn: (s: Connected, call: ReturnType<typeof caller>) => Promise<void>,
): Promise<void> {
  const s = await connectServer({ ...testEnv(dir, double.url, TOKEN), TZ: "UTC" });
  try {
    await fn(s, caller(s));
  } finally {
    await s.close();
  }
}

Deno.test("search_tickets and get_ticket are listed, read-only, and answer over stdio", async () => {
  await withServer(async (s, c) => {
    const { tools } = await s.client.listTools();
    for (const name of ["search_tickets", "get_ticket"]) {
      const tool = tools.find((t) => t.name === name)!;
      assert(tool, `${name} is listed`);
      assertEquals(tool.annotations?.readOnlyHint, true);
      assert(tool.outputSchema, `${name} publishes its output schema`);
    }
    const all = await c.ok("search_tickets", { limit: 50 });
    assertEquals(all.total, desk.tickets.size);
    assert(all.freshness.last_sync_finished_at, "the answer says how fresh the cache is");
    const waiting = [...desk.tickets.values()].filter((t) => t.stateId === "9103").length;
    assertEquals((await c.ok("search_tickets", { state: "waiting_on_customer" })).total, waiting);
    const t = [...desk.tickets.values()].find((x) =>
      x.links.some((l) => l.type === "conversation") && x.parts.length
    )!;
    const one = await c.ok("get_ticket", { ticket_id: t.id });
    assertEquals([one.id, one.number, one.type], [
      t.id,
      t.ticket_id,
      desk.types.get(t.typeId)!.name,
    ]);
    assertEquals(one.parts.length, t.parts.length);
    assert(one.conversations.length > 0, "the linked conversation is shown");
    const byNumber = await c.ok("get_ticket", { ticket_id: `#${t.ticket_id}` });
    assertEquals(byNumber.id, t.id);
  });
});

Deno.test("search_tickets and get_ticket refuse bad arguments with a clear error and keep answering", async () => {
  await withServer(async (_s, c) => {
    assertMatch(await c.fails("get_ticket", { ticket_id: "424242" }), /not in the cache/);
    assertMatch(await c.fails("get_ticket", { ticket_id: "a b/c" }), /not a ticket id/);
    await c.fails("get_ticket", {});
    await c.fails("get_ticket", { ticket_id: -1 });
    await c.fails("get_ticket", { ticket_id: "1", parts_limit: 501 });
    await c.fails("search_tickets", { state: "pending" });
    await c.fails("search_tickets", { limit: 51 });
    assertMatch(
      await c.fails("search_tickets", { ticket_type: "Nope" }),
      /no ticket type is named "Nope"; the types are: .*Bug report/,
    );
    const odd = await c.ok("search_tickets", { query: '"unclosed NEAR( -x ^y:' });
    assertEquals(odd.total, 0);
    assert((await c.ok("search_tickets", {})).total > 0, "still answering");
  });
});

Deno.test("tickets are resources at intercom://ticket/{id}, and status counts them", async () => {
  await withServer(async (s, c) => {
    const { resourceTemplates } = await s.client.listResourceTemplates();
    assert(resourceTemplates.some((t) => t.uriTemplate === "intercom://ticket/{id}"));
    const t = [...desk.tickets.values()][0];
    const read = await s.client.readResource({ uri: `intercom://ticket/${t.id}` });
    assertMatch((read.contents[0] as { text: string }).text, new RegExp(`\\[ticket ${t.id}, #`));
    const { resources } = await s.client.listResources();
    assert(resources.some((r) => r.uri.startsWith("intercom://ticket/")));
    await s.client.readResource({ uri: "intercom://ticket/1" }).then(
      () => assert(false, "an unknown ticket is not a resource"),
      (e: Error) => assertMatch(e.message, /not in the cache/),
    );
    const status = await c.ok("get_server_status", {});
    assertEquals(status.kinds.tickets.tickets, desk.tickets.size);
    assertEquals(status.kinds.tickets.available, true);
  });
});

Deno.test("the double is closed after the last test", async () => {
  await double.close();
  assert(true);
});
