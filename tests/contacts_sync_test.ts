// The contacts' sync against the HTTP test double: after each sync the cache holds a profile
// for exactly the contacts of the cached conversations (through merges), with their companies;
// a sync with nothing changed costs one request for them.

import { assert, assertEquals } from "./assert.ts";
import { App } from "../src/app.ts";
import { contactDetail, resolveContact } from "../src/store/contact_lookup.ts";
import { profileUpdatedAt } from "../src/store/contacts.ts";
import type { Store } from "../src/store/store.ts";
import { readKind } from "../src/sync/kinds.ts";
import { renderStatus, statusReport } from "../src/status.ts";
import { tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { companiesOf, companyNamesOf, updateContact } from "./double/companies.ts";
import { startDouble } from "./double/server.ts";
import {
  conversationsInWindow,
  createConversation,
  deleteConversation,
  generateWorkspace,
  type Workspace,
} from "./double/workspace.ts";
import { refusingFetch } from "./refusing_fetch.ts";
import { killSyncThenResume } from "./kill_sync.ts";

const DAY = 86400;

/** The contacts of the conversations in the window, each as the id its profile lives under. */
function expectedContacts(ws: Workspace): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of conversationsInWindow(ws, Math.floor(Date.now() / 1000) - 30 * DAY)) {
    const first = c.contacts.contacts[0]?.id;
    if (!first) continue;
    let id = first;
    for (let hop = 0; hop < 3 && ws.contacts.get(id)?.merged_into; hop++) {
      id = ws.contacts.get(id)!.merged_into!;
    }
    out.set(first, id);
  }
  return out;
}

function assertContactsEqualWorkspace(store: Store, ws: Workspace): void {
  const expected = expectedContacts(ws);
  const canonical = new Set(expected.values());
  assertEquals([...profileUpdatedAt(store).keys()].sort(), [...canonical].sort(), "profiles");
  for (const [asked, id] of expected) assertEquals(resolveContact(store, asked), id, asked);
  for (const id of canonical) {
    const c = ws.contacts.get(id)!;
    const got = contactDetail(store, id, 0)!;
    assertEquals([got.name, got.email, got.updatedAt], [
      c.name,
      c.email.toLowerCase(),
      c.updated_at,
    ]);
    assertEquals(got.customAttributes, c.custom_attributes, `attributes of ${id}`);
    assertEquals(
      got.companies.map((co) => co.name),
      companyNamesOf(ws, c).sort(),
      `companies of ${id}`,
    );
    for (const co of got.companies) {
      const w = [...companiesOf(ws).values()].find((x) => x.id === co.id)!;
      assertEquals([co.plan, co.size, co.monthlySpend], [w.plan.name, w.size, w.monthly_spend]);
    }
  }
}

async function setup(fetchFn?: typeof fetch) {
  const ws = generateWorkspace({ seed: 51, conversations: 150 });
  const server = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  const app = new App(testSettings(dir, server.url), fetchFn ? { fetch: fetchFn } : {});
  return {
    ws,
    server,
    app,
    dir,
    async [Symbol.asyncDispose]() {
      app.close();
      await server.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

Deno.test("a sync keeps a profile of every contact of a cached conversation, merged ones under their new id, with companies", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  assertContactsEqualWorkspace(t.app.store, t.ws);
  const merged = [...expectedContacts(t.ws)].filter(([a, b]) => a !== b);
  assert(merged.length >= 1, "the workspace has a merged contact in a conversation");
  assertEquals(readKind(t.app.store, "contacts")?.available, true);
  assertEquals(t.app.store.integrityCheck(), "ok");
});

Deno.test("a second sync with nothing changed costs one request for contacts, and 10 in all", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  t.server.resetStats();
  const s = await t.app.syncer.sync();
  assertEquals(readKind(t.app.store, "contacts")?.last?.requests, 1);
  assert(s.requests <= 10, `${s.requests}: ${JSON.stringify(t.server.stats().byRoute)}`);
  assertContactsEqualWorkspace(t.app.store, t.ws);
});

Deno.test("contacts edited, moved to another company, new and no longer in any conversation are right after the next sync", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  const ids = [...new Set(expectedContacts(t.ws).values())];
  const company = [...companiesOf(t.ws).keys()][5];
  updateContact(t.ws, ids[0], { name: "Renamed Person", plan_tier: "enterprise" });
  updateContact(t.ws, ids[1], { company });
  createConversation(t.ws, { body: "<p>Hello from a new customer</p>" });
  // Every conversation of one contact goes: the contact leaves the cache with them.
  const lonely = ids.find((id) =>
    [...t.ws.conversations.values()].filter((c) => c.contacts.contacts[0]?.id === id).length === 1
  )!;
  const theirs = [...t.ws.conversations.values()].find((c) =>
    c.contacts.contacts[0]?.id === lonely
  )!;
  deleteConversation(t.ws, theirs.id);
  await t.app.syncer.sync();
  const kind = readKind(t.app.store, "contacts")!.last!;
  assertEquals(kind.changedCount, 2);
  assert(kind.deletedCount >= 1, JSON.stringify(kind));
  assertContactsEqualWorkspace(t.app.store, t.ws);
  assertEquals(contactDetail(t.app.store, ids[0], 0)!.name, "Renamed Person");
});

Deno.test("a token without the contacts scope syncs every conversation and status names the permission", async () => {
  const refusing = refusingFetch((path) =>
    path.startsWith("/contacts") || path.startsWith("/companies")
  );
  await using t = await setup(refusing.fetch);
  const s = await t.app.syncer.sync();
  assert(s.newCount > 100, `${s.newCount} conversations`);
  assertEquals(t.app.store.lastRuns().last?.outcome, "ok");
  const report = await statusReport(t.app);
  assertEquals(report.kinds.contacts.missing_scope, "Read and list users and companies");
  assertEquals(report.kinds.articles.available, true);
  assert(renderStatus(report).includes('"Read and list users and companies"'));
});

Deno.test("a sync killed while it reads contacts, then run again, leaves every profile right", async () => {
  const ws = generateWorkspace({ seed: 52, conversations: 150 });
  let reads = 0;
  const thirdCompany = (path: string) => path.startsWith("/companies/") && ++reads === 3;
  await killSyncThenResume(ws, thirdCompany, () => {}, (app) => {
    assertContactsEqualWorkspace(app.store, ws);
  });
});
