// The tickets' sync against the HTTP test double: after each sync the cached tickets, their
// types and states are the workspace's; a sync with nothing changed costs two requests.

import { assert, assertEquals } from "./assert.ts";
import { App } from "../src/app.ts";
import { htmlToText } from "../src/intercom/html.ts";
import { ticketDetail } from "../src/store/ticket_lookup.ts";
import { ticketStats, ticketUpdatedAt } from "../src/store/tickets.ts";
import type { Store } from "../src/store/store.ts";
import { readKind } from "../src/sync/kinds.ts";
import { renderStatus, statusReport } from "../src/status.ts";
import { tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { killSyncThenResume } from "./kill_sync.ts";
import { refusingFetch } from "./refusing_fetch.ts";
import { type DoubleOptions, startDouble } from "./double/server.ts";
import {
  commentOnTicket,
  createTicket,
  deleteTicket,
  setTicketState,
  ticketsInOrder,
  ticketsOf,
} from "./double/tickets.ts";
import { generateWorkspace, type Workspace } from "./double/workspace.ts";

/** Every ticket of the workspace is cached, with its state, type, attributes, parts and links. */
export function assertTicketsEqualWorkspace(store: Store, ws: Workspace): void {
  const desk = ticketsOf(ws);
  assertEquals(
    [...ticketUpdatedAt(store).keys()].sort(),
    [...desk.tickets.keys()].sort(),
    "cached ticket ids",
  );
  for (const t of desk.tickets.values()) {
    const got = ticketDetail(store, t.id, 1000)!;
    const state = desk.states.get(t.stateId)!;
    const type = desk.types.get(t.typeId)!;
    assertEquals(got.updatedAt, t.updated_at, `updated_at of ticket ${t.id}`);
    assertEquals([got.state?.id, got.state?.category, got.state?.label], [
      state.id,
      state.category,
      state.internal_label,
    ]);
    assertEquals(got.open, state.category !== "resolved");
    assertEquals([got.type?.id, got.type?.name], [type.id, type.name]);
    assertEquals(got.title, htmlToText(String(t.ticket_attributes._default_title_)));
    assertEquals(got.description, htmlToText(String(t.ticket_attributes._default_description_)));
    const { _default_title_: _t, _default_description_: _d, ...own } = t.ticket_attributes;
    assertEquals(got.attributes, own, `attributes of ticket ${t.id}`);
    assertEquals(got.parts.map((p) => p.id), t.parts.map((p) => p.id), `parts of ${t.id}`);
    assertEquals(got.customers.map((c) => c.id), t.contacts.map((c) => c.id));
    const links = (type: string) => t.links.filter((l) => l.type === type).map((l) => l.id).sort();
    assertEquals(got.conversations.map((c) => c.id).sort(), links("conversation"));
    assertEquals(got.linkedTickets.map((c) => c.id).sort(), links("ticket"));
  }
  const stats = ticketStats(store);
  assertEquals([stats.types, stats.states], [desk.types.size, desk.states.size]);
}

async function setup(
  double: Partial<DoubleOptions> = {},
  fetchFn?: typeof fetch,
  size = { conversations: 60, tickets: 340 },
) {
  const ws = generateWorkspace({ seed: 41, conversations: size.conversations });
  ticketsOf(ws, { tickets: size.tickets });
  const server = await startDouble({ workspace: ws, token: TOKEN, ...double });
  const dir = tempDir();
  const app = new App(testSettings(dir, server.url), {
    timeoutMs: 5000,
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  const ticketRequests = () => {
    const r = server.stats().byRoute;
    return (r["POST /tickets/search"] ?? 0) + (r["GET /tickets/{id}"] ?? 0) +
      (r["GET /ticket_types"] ?? 0);
  };
  return {
    ws,
    server,
    app,
    ticketRequests,
    async [Symbol.asyncDispose]() {
      app.close();
      await server.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

Deno.test("a sync caches every ticket with its type, state, attributes, parts and links", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  assertTicketsEqualWorkspace(t.app.store, t.ws);
  const kind = readKind(t.app.store, "tickets")!;
  assertEquals([kind.available, kind.last?.newCount], [true, 340]);
  assertEquals(t.app.store.integrityCheck(), "ok");
  const status = (await statusReport(t.app)).kinds.tickets;
  assertEquals([status.available, status.tickets, status.types], [true, 340, 4]);
  const open = [...ticketsOf(t.ws).tickets.values()].filter((x) => x.stateId !== "9104").length;
  assertEquals(status.open, open);
  assertEquals(status.missing_scope, null);
  // Some tickets link to conversations the cache holds: their titles come from it.
  const linked = [...ticketsOf(t.ws).tickets.values()].find((x) =>
    x.links.some((l) => l.type === "conversation" && t.app.store.getConversation(l.id))
  )!;
  const conversation = ticketDetail(t.app.store, linked.id, 10)!.conversations[0];
  assert(conversation.title && conversation.state, JSON.stringify(conversation));
});

Deno.test("a second sync with nothing changed costs two requests for tickets, and at most 10 in all", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  t.server.resetStats();
  const s = await t.app.syncer.sync();
  assertEquals(t.ticketRequests(), 2, JSON.stringify(t.server.stats().byRoute));
  assertEquals(readKind(t.app.store, "tickets")!.last?.requests, 2);
  assert(s.requests <= 10, `${s.requests}: ${JSON.stringify(t.server.stats().byRoute)}`);
  assertTicketsEqualWorkspace(t.app.store, t.ws);
});

Deno.test("tickets moved to another state, commented on and new are read on the first page", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  const oldest = ticketsInOrder(t.ws).reverse();
  setTicketState(t.ws, oldest[0].id, "9104");
  commentOnTicket(t.ws, oldest[1].id, "<p>The <b>quokka</b> fix is live.</p>");
  const conversation = [...t.ws.conversations.values()][0];
  createTicket(t.ws, {
    title: "Cannot export invoices",
    description: "<p>The export button does nothing.</p>",
    contactId: conversation.contacts.contacts[0]?.id ?? null,
    conversationId: conversation.id,
  });
  t.server.resetStats();
  await t.app.syncer.sync();
  const kind = readKind(t.app.store, "tickets")!;
  assertEquals([kind.last?.newCount, kind.last?.changedCount, kind.last?.deletedCount], [1, 2, 0]);
  assertEquals(t.ticketRequests(), 2);
  assertTicketsEqualWorkspace(t.app.store, t.ws);
});

Deno.test("a ticket deleted deep in the listing is found by the count, confirmed, and removed", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  const oldest = ticketsInOrder(t.ws).at(-1)!;
  deleteTicket(t.ws, oldest.id);
  t.server.resetStats();
  await t.app.syncer.sync();
  assertEquals(readKind(t.app.store, "tickets")!.last?.deletedCount, 1);
  assertEquals(t.server.stats().byRoute["POST /tickets/search"], 3, "the whole listing was read");
  assertEquals(t.server.stats().byRoute["GET /tickets/{id}"], 1, "the absence was confirmed");
  assertTicketsEqualWorkspace(t.app.store, t.ws);
});

Deno.test("with 429s, HTML 503s, empty 200s and cut bodies the tickets still sync exactly", async () => {
  await using t = await setup(
    {
      rateLimit: { limit: 1666, windowSeconds: 1 },
      faults: { rate429: 0.2, rate503Html: 0.05, rateEmpty200: 0.05, rateMalformed: 0.05, seed: 5 },
    },
    undefined,
    { conversations: 20, tickets: 200 },
  );
  await t.app.syncer.sync();
  assertTicketsEqualWorkspace(t.app.store, t.ws);
  const statuses = t.server.stats().byStatus;
  assert((statuses["429"] ?? 0) + (statuses["503"] ?? 0) > 3, JSON.stringify(statuses));
});

Deno.test("a token without the tickets scope syncs everything else and says which scope is missing", async () => {
  const refusing = refusingFetch((path) => path.startsWith("/ticket"));
  await using t = await setup({}, refusing.fetch);
  const s = await t.app.syncer.sync();
  assert(s.newCount > 30, `${s.newCount} conversations`);
  assertEquals(t.app.store.lastRuns().last?.outcome, "ok");
  assertEquals(readKind(t.app.store, "articles")!.available, true, "articles still sync");
  const kind = readKind(t.app.store, "tickets")!;
  assertEquals(kind.available, false);
  assertEquals(ticketUpdatedAt(t.app.store).size, 0);
  const report = await statusReport(t.app);
  assertEquals(report.kinds.tickets.missing_scope, "Read tickets");
  assert(report.kinds.tickets.note?.includes("403"), report.kinds.tickets.note ?? "");
  assert(renderStatus(report).includes('missing: the token needs "Read tickets"'));
  assertEquals(refusing.refused(), 1, "the first refusal ends the kind's sync");
  await t.app.syncer.sync();
  assertEquals(refusing.refused(), 1, "the refusal is believed: the next sync does not ask");
});

Deno.test("a sync killed while it lists tickets, then run again, leaves the tickets whole", async () => {
  const ws = generateWorkspace({ seed: 42, conversations: 30 });
  const ids = [...ticketsOf(ws, { tickets: 400 }).tickets.keys()];
  let pages = 0;
  // Killed while the second page is asked for: the first is stored, or being.
  const secondPage = (path: string) => path === "/tickets/search" && ++pages === 2;
  await killSyncThenResume(ws, secondPage, () => {
    setTicketState(ws, ids[300], "9103");
    deleteTicket(ws, ids[5]);
  }, (app) => assertTicketsEqualWorkspace(app.store, ws));
});
