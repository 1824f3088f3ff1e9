// The sync engine against the HTTP test double: a real server on 127.0.0.1, a real SQLite file.

import { toolServices } from "../src/mcp/server.ts";
import { assert, assertEquals, assertRejects } from "./assert.ts";
import { App } from "../src/app.ts";
import { IntercomError } from "../src/intercom/client.ts";
import { REFUSAL_REMEMBERED_SECONDS } from "../src/sync/contacts.ts";
import { STATE } from "../src/sync/state.ts";
import { syncConversations } from "../src/tools/sync_conversations.ts";
import { assertCacheEqualsWorkspace, tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import {
  addPart,
  createConversation,
  deleteConversation,
  generateWorkspace,
  setState,
} from "./double/workspace.ts";

const DAY = 86400;

async function setup(
  opts: Parameters<typeof generateWorkspace>[0] = {},
  double: Partial<Parameters<typeof startDouble>[0]> = {},
) {
  const ws = generateWorkspace({ seed: 7, conversations: 180, ...opts });
  const server = await startDouble({ workspace: ws, token: TOKEN, ...double });
  const dir = tempDir();
  const app = new App(testSettings(dir, server.url), { timeoutMs: 5000 });
  const now = Math.floor(Date.now() / 1000);
  return {
    ws,
    server,
    app,
    since: now - 30 * DAY,
    async [Symbol.asyncDispose]() {
      app.close();
      await server.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

/** An Intercom error answer, as a fetch wrapper gives it in place of the double's. */
function errorAnswer(status: number, code: string, message: string): Promise<Response> {
  return Promise.resolve(
    new Response(JSON.stringify({ type: "error.list", errors: [{ code, message }] }), {
      status,
      headers: { "content-type": "application/json" },
    }),
  );
}

Deno.test("sync() makes the cache equal the workspace: every conversation in the window, whole", async () => {
  await using t = await setup();
  const summary = await t.app.syncer.sync();
  assertEquals(summary.kind, "initial");
  assertCacheEqualsWorkspace(t.app.store, t.ws, t.since);
  assert(summary.newCount > 150, `${summary.newCount} new`);
  const longThread = [...t.ws.conversations.values()].find((c) =>
    c.conversation_parts.conversation_parts.length > 500
  );
  assert(longThread, "the workspace has a thread of more than 500 parts");
  const cut = t.app.store.getConversation(longThread.id)!;
  assert(cut.cut, "a thread Intercom cut is marked as cut");
  assertEquals(cut.partsStored, 500);
  assertEquals(t.app.store.integrityCheck(), "ok");
  for (const entry of t.server.log) {
    assertEquals(entry.intercomVersion, "2.16");
  }
});

Deno.test("a second sync with nothing changed reads no conversation and makes at most 10 requests: 5 for conversations, 1 for contacts, 2 for the help center, 2 for tickets", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  t.server.resetStats();
  const again = await t.app.syncer.sync();
  assertEquals(again.kind, "incremental");
  assertEquals(again.newCount + again.changedCount + again.deletedCount, 0);
  const stats = t.server.stats();
  assertEquals(stats.byRoute["GET /conversations/{id}"] ?? 0, 0);
  assert(stats.requests <= 10, `${stats.requests} requests: ${JSON.stringify(stats.byRoute)}`);
  assertEquals(again.requests, stats.requests);
});

Deno.test("an incremental sync reads what changed, adds what is new and drops what was deleted", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  const ids = [...t.ws.conversations.values()].filter((c) => c.updated_at >= t.since).map((c) =>
    c.id
  );
  addPart(t.ws, ids[0], { body: "<p>Any update on the <b>zanzibar</b> refund?</p>" });
  setState(t.ws, ids[1], "closed");
  deleteConversation(t.ws, ids[2]);
  const added = createConversation(t.ws, {
    body: "<p>New question about exports</p>",
    email: null,
  });
  t.server.resetStats();
  const s = await t.app.syncer.sync();
  assertEquals([s.newCount, s.changedCount, s.deletedCount], [1, 2, 1]);
  assertEquals(t.server.stats().byRoute["GET /conversations/{id}"], 3);
  assertCacheEqualsWorkspace(t.app.store, t.ws, t.since);
  assert(t.app.store.getConversation(added), "the new conversation is cached");
  assert(
    t.app.store.getConversation(added)!.customerEmail,
    "its email came from the contact record",
  );
});

Deno.test("conversations changed, added and deleted while a sync pages are right after the next sync", async () => {
  const ws = generateWorkspace({ seed: 11, conversations: 600 });
  let searches = 0;
  const windowIds = () =>
    [...ws.conversations.values()].filter((c) => c.updated_at >= Date.now() / 1000 - 30 * DAY)
      .sort((a, b) => a.updated_at - b.updated_at).map((c) => c.id);
  const server = await startDouble({
    workspace: ws,
    token: TOKEN,
    onRequest: ({ path }) => {
      if (path !== "/conversations/search") return;
      searches++;
      if (searches === 3) {
        // Touch conversations already listed, still to come, and delete one already listed.
        const ids = windowIds();
        addPart(ws, ids[10], { body: "<p>moved while paging</p>" });
        addPart(ws, ids[400], { body: "<p>also moved</p>" });
        deleteConversation(ws, ids[20]);
        createConversation(ws, { body: "<p>born while paging</p>" });
      }
    },
  });
  const dir = tempDir();
  const app = new App(testSettings(dir, server.url));
  try {
    const first = await app.syncer.sync();
    assert(first.passes >= 2, `the listing ran again after a move (${first.passes} passes)`);
    await app.syncer.sync();
    assertCacheEqualsWorkspace(app.store, ws, Math.floor(Date.now() / 1000) - 30 * DAY);
  } finally {
    app.close();
    await server.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("with 20% 429s, 5% HTML 503s and 2% empty 200s a sync still ends with the exact workspace", async () => {
  await using t = await setup({ conversations: 50 }, {
    rateLimit: { limit: 1666, windowSeconds: 1 },
    faults: { rate429: 0.2, rate503Html: 0.05, rateEmpty200: 0.02, rateMalformed: 0.01, seed: 3 },
  });
  const s = await t.app.syncer.sync();
  assertCacheEqualsWorkspace(t.app.store, t.ws, t.since);
  const statuses = t.server.stats().byStatus;
  const faults = (statuses["429"] ?? 0) + (statuses["503"] ?? 0) + (statuses["200"] ? 0 : 0);
  assert(faults > 5 && s.retries >= faults, `${s.retries} retries for ${JSON.stringify(statuses)}`);
});

Deno.test("the rate limit is respected: the client waits for the window instead of drawing 429s", async () => {
  await using t = await setup({ conversations: 60 }, {
    rateLimit: { limit: 25, windowSeconds: 1 },
  });
  await t.app.syncer.sync();
  assertCacheEqualsWorkspace(t.app.store, t.ws, t.since);
  const s = t.server.stats();
  assert((s.byStatus["429"] ?? 0) <= 3, `429s: ${s.byStatus["429"]} of ${s.requests}`);
});

Deno.test("a token revoked mid-sync stops the sync with a clear error and the cache keeps what it had", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  const before = t.app.store.allUpdatedAt();
  for (const c of [...t.ws.conversations.values()].slice(0, 30)) {
    addPart(t.ws, c.id, { body: "<p>more</p>" });
  }
  t.server.revokeToken();
  const e = await assertRejects(() => t.app.syncer.sync(), IntercomError) as unknown;
  void e;
  const err = await t.app.syncer.sync().catch((x) => x as IntercomError);
  assert(err instanceof IntercomError);
  assertEquals(err.status, 401);
  assert(err.message.includes("401") && !err.message.includes(TOKEN), err.message);
  assertEquals(t.app.store.allUpdatedAt().size, before.size);
  assertEquals(t.app.store.lastRuns().last?.outcome, "failed");
});

Deno.test("parts cached earlier survive when Intercom returns only the newest 500", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  const long = [...t.ws.conversations.values()].find((c) =>
    c.conversation_parts.conversation_parts.length > 500
  )!;
  const firstIds = t.app.store.getConversation(long.id)!.conversation.parts.map((p) => p.id);
  for (let i = 0; i < 20; i++) addPart(t.ws, long.id, { body: `<p>reply ${i}</p>` });
  await t.app.syncer.sync();
  const after = t.app.store.getConversation(long.id)!;
  const ids = new Set(after.conversation.parts.map((p) => p.id));
  assert(firstIds.every((id) => ids.has(id)), "every part seen before is still there");
  assertEquals(after.partsStored, 520);
});

Deno.test("sync --force --days N re-reads the last N days in full", async () => {
  await using t = await setup();
  await t.app.syncer.sync();
  t.server.resetStats();
  const s = await t.app.syncer.sync({ force: true, days: 5 });
  const inFiveDays =
    [...t.ws.conversations.values()].filter((c) => c.updated_at >= Date.now() / 1000 - 5 * DAY)
      .length;
  assertEquals(s.kind, "force");
  assertEquals(s.changedCount, inFiveDays);
  assertEquals(t.server.stats().byRoute["GET /conversations/{id}"], inFiveDays);
});

Deno.test("the high-water mark moves only past what is stored", async () => {
  // Enough pages that reads in flight when the sync is cut off cannot finish the listing.
  await using t = await setup({ conversations: 1200 });
  const stop = new Error("stop");
  let markAtAbort: string | null = null;
  const controller = new AbortController();
  const outcome = await t.app.syncer.sync({
    signal: controller.signal,
    onProgress: () => {
      // Cut the sync off as soon as it has written a mark, with reads still to come.
      markAtAbort ??= t.app.store.getState(STATE.highWaterMark);
      if (markAtAbort !== null) controller.abort(stop);
    },
  }).then(() => "finished", (e) => e);
  assert(outcome === stop, `the sync was cut off (${outcome})`);
  assertEquals(t.app.store.lastRuns().last?.outcome, "cancelled");
  assert(markAtAbort !== null, "the sync wrote a mark before it was cut off");
  const mark = Number(t.app.store.getState(STATE.highWaterMark));
  const cached = t.app.store.allUpdatedAt();
  const inWindow = [...t.ws.conversations.values()].filter((c) => c.updated_at >= t.since);
  const missing = inWindow.filter((c) => !cached.has(c.id));
  assert(missing.length > 0, "the cut-off sync left conversations unread");
  for (const c of inWindow) {
    if (c.updated_at < mark) assert(cached.has(c.id), `${c.id} before the mark is cached`);
  }
  assert(missing.every((c) => c.updated_at >= mark), "nothing unread lies before the mark");
  await t.app.syncer.sync();
  assertCacheEqualsWorkspace(t.app.store, t.ws, t.since);
});

Deno.test("an API that ignores the sort still syncs whole, and the mark waits for the end of the listing", async () => {
  const ws = generateWorkspace({ seed: 21, conversations: 400 });
  const server = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  let unsorted = false;
  // Drop `sort` from every listing, as an API that does not know it would: the double then
  // answers in id order.
  const fetchWithoutSort: typeof fetch = (input, init) => {
    if (String(input).endsWith("/conversations/search") && typeof init?.body === "string") {
      const body = JSON.parse(init.body);
      delete body.sort;
      unsorted = true;
      return fetch(input, { ...init, body: JSON.stringify(body) });
    }
    return fetch(input, init);
  };
  const app = new App(testSettings(dir, server.url), { fetch: fetchWithoutSort });
  try {
    await app.syncer.sync();
    assert(unsorted);
    const since = Math.floor(Date.now() / 1000) - 30 * DAY;
    assertCacheEqualsWorkspace(app.store, ws, since);
    const newest = Math.max(...[...ws.conversations.values()].map((c) => c.updated_at));
    assertEquals(Number(app.store.getState(STATE.highWaterMark)), newest);
  } finally {
    app.close();
    await server.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a token without the scope for teams, contacts or deleted conversations still syncs every conversation", async () => {
  const ws = generateWorkspace({ seed: 22, conversations: 120 });
  const server = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  const refused: string[] = [];
  const fetchWithoutScopes: typeof fetch = (input, init) => {
    const path = new URL(String(input)).pathname;
    if (path === "/teams" || path.startsWith("/contacts/") || path === "/conversations/deleted") {
      refused.push(path);
      const status = path === "/conversations/deleted" ? 404 : 403;
      return errorAnswer(status, "forbidden", "no");
    }
    return fetch(input, init);
  };
  const app = new App(testSettings(dir, server.url), { fetch: fetchWithoutScopes });
  try {
    await app.syncer.sync();
    const second = await app.syncer.sync();
    assertEquals(second.kind, "incremental");
    assert(
      refused.includes("/teams") && refused.includes("/conversations/deleted"),
      refused.join(),
    );
    const since = Math.floor(Date.now() / 1000) - 30 * DAY;
    const cached = app.store.allUpdatedAt();
    for (const c of ws.conversations.values()) {
      if (c.updated_at >= since) assertEquals(cached.get(c.id), c.updated_at, c.id);
    }
    assertEquals(app.store.stats().teams, 0);
    assert(app.store.stats().admins > 0, "teammates are still named");
  } finally {
    app.close();
    await server.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("an API that refuses the listing's sort (as its description has none) is listed unsorted, whole", async () => {
  const ws = generateWorkspace({ seed: 23, conversations: 200 });
  const server = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  let refusals = 0;
  const fetchStrict: typeof fetch = (input, init) => {
    if (String(input).endsWith("/conversations/search") && typeof init?.body === "string") {
      if ("sort" in JSON.parse(init.body)) {
        refusals++;
        return errorAnswer(400, "parameter_invalid", "unknown key sort");
      }
    }
    return fetch(input, init);
  };
  const app = new App(testSettings(dir, server.url), { fetch: fetchStrict });
  try {
    await app.syncer.sync();
    await app.syncer.sync();
    assertEquals(refusals, 1, "asked with a sort once, then never again");
    assertCacheEqualsWorkspace(app.store, ws, Math.floor(Date.now() / 1000) - 30 * DAY);
  } finally {
    app.close();
    await server.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("deleted conversations listed oldest first are all found, not only the first page", async () => {
  const ws = generateWorkspace({ seed: 24, conversations: 300, deleted: 150 });
  const server = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  // Answer the deleted list oldest first, as an API that ignores `order` might.
  const fetchAscending: typeof fetch = (input, init) =>
    fetch(String(input).replace("order=desc", "order=asc"), init);
  const app = new App(testSettings(dir, server.url), { fetch: fetchAscending });
  try {
    await app.syncer.sync();
    const ids = [...ws.conversations.values()].filter((c) =>
      c.updated_at >= Date.now() / 1000 - 20 * DAY
    )
      .slice(0, 70).map((c) => c.id);
    for (const id of ids) deleteConversation(ws, id);
    const s = await app.syncer.sync();
    assertEquals(s.deletedCount, ids.length);
    assertCacheEqualsWorkspace(app.store, ws, Math.floor(Date.now() / 1000) - 30 * DAY);
  } finally {
    app.close();
    await server.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("customers' emails come from contact searches, many ids a request, and merged contacts one by one", async () => {
  await using t = await setup({ conversations: 400 });
  await t.app.syncer.sync();
  assertCacheEqualsWorkspace(t.app.store, t.ws, t.since);
  const routes = t.server.stats().byRoute;
  const searches = routes["POST /contacts/search"] ?? 0;
  const singles = routes["GET /contacts/{id}"] ?? 0;
  const looked = t.app.store.db.prepare("SELECT count(*) AS n FROM contacts").get() as {
    n: number;
  };
  // The lookups' searches for the emails missing, then the profiles' for every contact.
  const lookups = Math.ceil(t.ws.conversations.size / 10 / 100);
  assert(
    searches >= 1 && searches <= Math.ceil(looked.n / 100) + lookups,
    `${searches} searches for ${looked.n}`,
  );
  assert(singles < looked.n / 4, `${singles} single reads for ${looked.n} contacts`);
});

/** A fetch that answers 403 for every contact read unless `granted`, and counts the refusals. */
function contactsScope() {
  const scope = { granted: false, refused: 0 };
  const wrapped: typeof fetch = (input, init) => {
    if (new URL(String(input)).pathname.startsWith("/contacts/")) {
      if (!scope.granted) {
        scope.refused++;
        return errorAnswer(403, "forbidden", "missing scope: read contacts");
      }
    }
    return fetch(input, init);
  };
  return { scope, fetch: wrapped };
}

Deno.test("without the contacts scope a sync asks for contacts at most twice, later syncs not at all, and a day later or a forced sync tries again", async () => {
  const ws = generateWorkspace({ seed: 25, conversations: 200 });
  const server = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  const { scope, fetch: scoped } = contactsScope();
  let clock = Math.floor(Date.now() / 1000);
  const app = new App(testSettings(dir, server.url), { fetch: scoped, now: () => clock });
  try {
    await app.syncer.sync();
    const toLookUp = app.store.contactsToLookUp(1000).length;
    assert(toLookUp > 2, `${toLookUp} contacts need a lookup`);
    assert(scope.refused >= 1 && scope.refused <= 2, `${scope.refused} refused contact reads`);
    scope.refused = 0;
    await app.syncer.sync();
    await app.syncer.sync();
    assertEquals(scope.refused, 0, "the refusal is remembered: no contact read is repeated");
    // A new process on the same cache remembers it too.
    app.close();
    const again = new App(testSettings(dir, server.url), { fetch: scoped, now: () => clock });
    await again.syncer.sync();
    assertEquals(scope.refused, 0, "remembered across processes");
    clock += REFUSAL_REMEMBERED_SECONDS + 60;
    await again.syncer.sync();
    assert(scope.refused >= 1 && scope.refused <= 2, `a day later: ${scope.refused} tries`);
    scope.granted = true;
    await again.syncer.sync({ force: true, days: 1 });
    assertEquals(again.store.contactsToLookUp(1000).length, 0, "every contact looked up");
    assertCacheEqualsWorkspace(again.store, ws, Math.floor(Date.now() / 1000) - 30 * DAY);
    again.close();
  } finally {
    await server.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("on a machine whose clock runs an hour fast, a deletion after a sync is found by the next", async () => {
  const ws = generateWorkspace({ seed: 26, conversations: 120 });
  const server = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  const fast = () => Math.floor(Date.now() / 1000) + 3600;
  const app = new App(testSettings(dir, server.url), { now: fast });
  try {
    await app.syncer.sync();
    const victim = [...ws.conversations.values()].find((c) =>
      c.updated_at > Date.now() / 1000 - 5 * DAY
    )!;
    assert(app.store.getConversation(victim.id), "the conversation is cached");
    deleteConversation(ws, victim.id);
    const s = await app.syncer.sync();
    assertEquals(s.deletedCount, 1);
    assertEquals(app.store.getConversation(victim.id), null);
    const checked = Number(app.store.getState(STATE.deletedCheckedAt));
    assert(
      Math.abs(checked - Date.now() / 1000) < 60,
      "the check is recorded by Intercom's clock, not the machine's",
    );
  } finally {
    app.close();
    await server.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a forced sync asked for while an incremental one runs gets a forced sync of its own, after it", async () => {
  await using t = await setup({ conversations: 120 });
  await t.app.syncer.sync();
  t.server.setLatency(20);
  const incremental = t.app.syncer.sync();
  const forced = t.app.syncer.sync({ force: true, days: 3 });
  const [a, b] = await Promise.all([incremental, forced]);
  assertEquals(a.kind, "incremental");
  assertEquals(b.kind, "force");
  const inThreeDays =
    [...t.ws.conversations.values()].filter((c) => c.updated_at >= Date.now() / 1000 - 3 * DAY)
      .length;
  assertEquals(b.changedCount, inThreeDays, "the forced sync re-read its days");
});

Deno.test("one caller cancelling ends its own wait, and the sync another caller joined completes", async () => {
  await using t = await setup({ conversations: 200 });
  t.server.setLatency(10);
  const leaving = new AbortController();
  const staying = new AbortController();
  let readsWhenLeft = 0;
  const left = t.app.syncer.sync({
    signal: leaving.signal,
    onProgress: (p) => {
      if (p.read >= 20 && !leaving.signal.aborted) {
        readsWhenLeft = p.read;
        leaving.abort(new Error("this client went away"));
      }
    },
  }).then(() => null, (e) => e as Error);
  const stays = t.app.syncer.sync({ signal: staying.signal });
  assertEquals((await left)?.message, "this client went away");
  assert(readsWhenLeft > 0);
  const summary = await stays;
  assertEquals(summary.kind, "initial");
  assertEquals(t.app.store.lastRuns().last?.outcome, "ok");
  assertCacheEqualsWorkspace(t.app.store, t.ws, t.since);
});

Deno.test("sync_conversations called with force while another call's sync runs answers with a forced sync", async () => {
  await using t = await setup({ conversations: 120 });
  await t.app.syncer.sync();
  t.server.setLatency(20);
  const ctx = (signal: AbortSignal) => ({
    ...toolServices(t.app),
    signal,
    progress: () => {},
    freshCache: () => t.app.freshness(),
  });
  const first = syncConversations.handler({}, ctx(new AbortController().signal));
  const leaving = new AbortController();
  const cancelled = syncConversations.handler({}, ctx(leaving.signal)).then(
    () => "answered",
    (e: Error) => e.message,
  );
  const forced = syncConversations.handler({ force: true }, ctx(new AbortController().signal));
  leaving.abort(new Error("cancelled by its client"));
  assertEquals(await cancelled, "cancelled by its client");
  assertEquals((await first).structured.kind, "incremental", "the other call's sync went on");
  assertEquals((await forced).structured.kind, "force");
});
