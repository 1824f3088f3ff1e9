// The MCP server as clients meet it: the real program started with `deno run` and its declared
// permissions, driven over real stdio by the real SDK client, against a cache synced from the
// HTTP double of Intercom. One cache is synced once for the file; every test starts its own
// server and stops it, and checks that the access token never reached stdout or stderr.

import type { CallToolResult } from "../src/mcp/sdk.ts";
import { TOOLS } from "../src/tools/mod.ts";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { copyDir, syncInto, tempDir, TOKEN, waitFor } from "./cache_check.ts";
import { type Double, type DoubleOptions, startDouble } from "./double/server.ts";
import {
  type ConversationRecord,
  conversationsInWindow,
  createConversation,
  customerEmail,
  generateWorkspace,
  type Workspace,
} from "./double/workspace.ts";
import { type Client, connectServer } from "./mcp_client.ts";
import { programArgs, runCli, testEnv } from "./program.ts";

const DAY = 86400;
/** Every tool the server has: the one list in src/tools/mod.ts. */
const TOOL_NAMES = TOOLS.map((t) => t.name).sort();
const QUOKKA_EMAILS = ["quokka0@example.com", "quokka1@example.com", "quokka2@example.com"];

// The shared cache: a generated workspace plus three conversations about a rare word, synced
// once. Tests that change the workspace or the cache in ways others would notice use their own.
const ws = generateWorkspace({ seed: 5, conversations: 80 });
for (const [i, email] of QUOKKA_EMAILS.entries()) {
  createConversation(ws, {
    body: `<p>The quokka report number ${i} comes out empty since the update.</p>`,
    email,
  });
}
const sharedDir = tempDir();
{
  const double = await startDouble({ workspace: ws, token: TOKEN });
  try {
    await syncInto(sharedDir, double.url);
  } finally {
    await double.close();
  }
}
const syncedAt = Date.now();
const cached = conversationsInWindow(ws, Math.floor(syncedAt / 1000) - 30 * DAY);
globalThis.addEventListener("unload", () => Deno.removeSync(sharedDir, { recursive: true }));

type Structured = Record<string, unknown>;
// deno-lint-ignore no-explicit-any
type Json = any;

interface Served extends AsyncDisposable {
  client: Client;
  double: Double;
  env: Record<string, string>;
  stderr(): string;
  /** Calls a tool and expects an answer, not an error; returns its structuredContent. */
  ok(name: string, args?: Record<string, unknown>): Promise<Json>;
  /**
   * Calls a tool and expects a tool error (isError, or a rejected call for arguments the input
   * schema refuses); returns its text after checking the server still answers.
   */
  fails(name: string, args?: Record<string, unknown>): Promise<string>;
}

interface ServeOptions {
  dir?: string;
  workspace?: Workspace;
  double?: Partial<DoubleOptions>;
  env?: Record<string, string>;
}

/** The real server on a data directory, with a double of Intercom behind it. */
async function serve(opts: ServeOptions = {}): Promise<Served> {
  const double = await startDouble({
    workspace: opts.workspace ?? ws,
    token: TOKEN,
    ...opts.double,
  });
  const env = {
    ...testEnv(opts.dir ?? sharedDir, double.url, TOKEN),
    TZ: "UTC",
    ...opts.env,
  };
  const server = await connectServer(env);
  const client = server.client;
  // Everything the server says on stdout, to look for the token in it.
  let received = "";
  const transport = client.transport!;
  const onmessage = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    received += JSON.stringify(message);
    onmessage(message, extra);
  };
  // The client validates structuredContent against a tool's outputSchema only for tools it
  // has listed.
  await client.listTools();

  const ok = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await client.callTool({ name, arguments: args }) as CallToolResult;
    assert(!result.isError, `${name} ${JSON.stringify(args)} failed: ${textOf(result)}`);
    assert(result.structuredContent, `${name} returned structuredContent`);
    assert(textOf(result).length > 0, `${name} returned a text rendering`);
    return result.structuredContent as Json;
  };
  const fails = async (name: string, args: Record<string, unknown> = {}) => {
    let text: string;
    try {
      const result = await client.callTool({ name, arguments: args }) as CallToolResult;
      assert(result.isError, `${name} ${JSON.stringify(args)} should fail, got ${textOf(result)}`);
      assertEquals(result.structuredContent, undefined);
      text = textOf(result);
    } catch (e) {
      // The SDK answers arguments its input schema refuses with a JSON-RPC error.
      text = (e as Error).message;
      assertMatch(text, /-32602|invalid/i);
    }
    const status = await ok("get_server_status");
    assert(status.version, "the server answers after an error");
    return text;
  };

  return {
    client,
    double,
    env,
    stderr: server.stderr,
    ok,
    fails,
    async [Symbol.asyncDispose]() {
      try {
        await server.close();
      } finally {
        await double.close();
      }
      assert(!server.stderr().includes(TOKEN), "the token is not on stderr");
      assert(!received.includes(TOKEN), "the token is not on stdout");
    },
  };
}

function textOf(result: CallToolResult): string {
  return result.content.map((c) => c.type === "text" ? c.text : "").join("\n");
}

// ---------------------------------------------------------------------------------------------
// Tools and their definitions

Deno.test("every tool is listed with a title, a description, all four annotations and an outputSchema", async () => {
  await using s = await serve();
  const { tools } = await s.client.listTools();
  assertEquals(tools.map((t) => t.name).sort(), TOOL_NAMES);
  assertEquals(new Set(tools.map((t) => t.name)).size, tools.length, "names are unique");
  for (const tool of tools) {
    assert(tool.title, `${tool.name} has a title`);
    assert((tool.description ?? "").length > 40, `${tool.name} has a description`);
    assertEquals(tool.outputSchema?.type, "object", `${tool.name} has an outputSchema`);
    const a = tool.annotations ?? {};
    for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]) {
      assertEquals(typeof (a as Record<string, unknown>)[hint], "boolean", `${tool.name} ${hint}`);
    }
    if (tool.name === "sync_conversations") {
      assertEquals([a.readOnlyHint, a.idempotentHint, a.destructiveHint], [false, true, false]);
    } else {
      assertEquals(a.readOnlyHint, true, `${tool.name} is read-only`);
      assertEquals(a.destructiveHint, false, `${tool.name} destroys nothing`);
    }
  }
});

Deno.test("the client checks structuredContent against the outputSchema, so a mismatch fails the call", async () => {
  await using s = await serve();
  const transport = s.client.transport!;
  const onmessage = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    const result = (message as Json).result;
    if (result?.structuredContent?.cache) result.structuredContent.cache.conversations = "many";
    onmessage(message, extra);
  };
  const error = await s.client.callTool({ name: "get_server_status", arguments: {} }).then(
    () => null,
    (e: Error) => e,
  );
  assert(error, "a structuredContent that breaks the outputSchema is refused by the client");
  assertMatch(error.message, /output schema/);
});

// ---------------------------------------------------------------------------------------------
// search_conversations

Deno.test("search_conversations finds a word, counts all matches, bolds it in the snippet and says how fresh the cache is", async () => {
  await using s = await serve();
  const r = await s.ok("search_conversations", { query: "quokka" });
  assertEquals(r.total, 3);
  assert(r.total >= r.returned);
  assertEquals(r.returned, r.conversations.length);
  assertEquals(
    r.conversations.map((c: Json) => c.customer_email).sort(),
    QUOKKA_EMAILS,
  );
  for (const c of r.conversations) assertMatch(c.snippet, /\*\*quokka\*\*/i);
  assertEquals(r.freshness.stale, false);
  assertEquals(r.freshness.sync_running, false);
  assert(r.freshness.last_sync_finished_at, "freshness says when the last sync finished");

  const common = await s.ok("search_conversations", { query: "refund", limit: 5 });
  assert(common.total > common.returned, `${common.total} matches, ${common.returned} shown`);
  assert(common.next_cursor, "a next_cursor when there are more");
});

Deno.test("search_conversations reads phrases and prefixes, and hostile queries never break the server", async () => {
  await using s = await serve();
  assertEquals((await s.ok("search_conversations", { query: '"quokka report"' })).total, 3);
  assertEquals((await s.ok("search_conversations", { query: '"report quokka"' })).total, 0);
  assertEquals((await s.ok("search_conversations", { query: "quok*" })).total, 3);
  for (
    const query of ['"', "*", "NEAR(", "-x", "(", "AND OR NOT", 'quokka" OR "', "a:b", "^", "'"]
  ) {
    const result = await s.client.callTool({
      name: "search_conversations",
      arguments: { query },
    }) as CallToolResult;
    const text = textOf(result);
    assert(!/sqlite|fts5|syntax error/i.test(text), `query ${query} leaks an SQL error: ${text}`);
    if (result.isError) assertMatch(text, /query/);
    else assert(typeof (result.structuredContent as Structured).total === "number");
  }
  assert((await s.ok("get_server_status")).version, "the server still answers");
});

Deno.test("a question of several words is answered, each result saying which words it holds", async () => {
  await using s = await serve();
  const r = await s.ok("search_conversations", { query: "why is the quokka report empty" });
  assertEquals(r.ignored, ["why", "is", "the"]);
  assertEquals(r.terms, ["quokka", "report", "empty"]);
  assert(r.total >= 3, "conversations holding some of the words match");
  for (const c of r.conversations.slice(0, 3)) {
    assertEquals(c.matched.sort(), ["empty", "quokka", "report"], "all three words rank first");
  }
  const strict = await s.ok("search_conversations", { query: "quokka zebra", match: "all" });
  assertEquals(strict.total, 0);
  const loose = await s.ok("search_conversations", { query: "quokka zebra" });
  assertEquals(loose.total, 3);
  const like = await s.ok("search_conversations", { similar_to: r.conversations[0].id });
  assertEquals(like.similar_to, r.conversations[0].id);
  assert(like.terms.length > 0);
});

Deno.test("search and fetch answer as connector clients expect: JSON text, ids that fetch reads", async () => {
  await using s = await serve();
  const found = await s.client.callTool({
    name: "search",
    arguments: { query: "quokka report" },
  }) as CallToolResult;
  assert(!found.isError, textOf(found));
  const results = JSON.parse(textOf(found)).results as { id: string; title: string; url: string }[];
  assertEquals(results, (found.structuredContent as { results: typeof results }).results);
  assertEquals(results.length >= 3, true);
  for (const r of results) assert(r.id && r.title && r.url, JSON.stringify(r));
  const doc = await s.client.callTool({
    name: "fetch",
    arguments: { id: results[0].id },
  }) as CallToolResult;
  const parsed = JSON.parse(textOf(doc));
  assertEquals(parsed.id, results[0].id);
  assertMatch(parsed.text, /quokka/);
  assertEquals(typeof parsed.metadata.state, "string");
  const missing = await s.fails("fetch", { id: "424242424242" });
  assertMatch(missing, /424242424242/);
});

Deno.test("search_conversations says which range a timeframe meant, and a bad one is a tool error listing the forms", async () => {
  await using s = await serve();
  const week = await s.ok("search_conversations", { timeframe: "last 7 days" });
  const span = (r: Json) => Date.parse(r.timeframe.end) - Date.parse(r.timeframe.start);
  assertEquals(span(week), 7 * DAY * 1000);
  assert(Math.abs(Date.parse(week.timeframe.end) - Date.now()) < 60_000, "it ends now");
  const quarter = await s.ok("search_conversations", { timeframe: "last 90 days" });
  assertEquals(span(quarter), 90 * DAY * 1000);
  assert(week.total <= quarter.total && quarter.total > 0);

  const text = await s.fails("search_conversations", { timeframe: "when pigs fly" });
  assertMatch(text, /when pigs fly/);
  for (const form of ["last 7 days", "yesterday", "since Monday", "2026-01-01 to 2026-02-15"]) {
    assert(text.includes(form), `the error lists "${form}": ${text}`);
  }
});

Deno.test("search_conversations filters by customer email, state, assignee, team, tag and priority", async () => {
  await using s = await serve();
  const search = (args: Record<string, unknown>) =>
    s.ok("search_conversations", { limit: 150, ...args });

  const withEmail = cached.find((c) => c.source.author.email && c.source.author.type !== "admin")!;
  const email = customerEmail(ws, withEmail.id)!.toLowerCase();
  const byEmail = await search({ customer_email: email.toUpperCase() });
  assert(byEmail.conversations.some((c: Json) => c.id === withEmail.id));
  for (const c of byEmail.conversations) assertEquals(c.customer_email, email);

  const all = await search({});
  let byStates = 0;
  for (const state of ["open", "closed", "snoozed"]) {
    const r = await search({ state });
    for (const c of r.conversations) assertEquals(c.state, state);
    byStates += r.total;
  }
  assertEquals(byStates, all.total, "open + closed + snoozed = all");

  const unassigned = await search({ assignee: "unassigned" });
  assert(unassigned.total > 0);
  for (const c of unassigned.conversations) assertEquals(c.assignee, null);

  const assigned = cached.find((c) => c.admin_assignee_id)!;
  const admin = ws.admins.find((a) => Number(a.id) === assigned.admin_assignee_id)!;
  const byAdmin = await search({ assignee: admin.name });
  assert(byAdmin.conversations.some((c: Json) => c.id === assigned.id));
  for (const c of byAdmin.conversations) assertEquals(c.assignee, admin.name);
  assertEquals((await search({ assignee: admin.email })).total, byAdmin.total, "by email too");

  const teamed = cached.find((c) => c.team_assignee_id)!;
  const team = ws.teams.find((t) => Number(t.id) === teamed.team_assignee_id)!;
  const byTeam = await search({ team: team.name });
  assert(byTeam.conversations.some((c: Json) => c.id === teamed.id));
  for (const c of byTeam.conversations) assertEquals(c.team, team.name);

  const tagged = cached.find((c) => c.tags.tags.length)!;
  const tag = tagged.tags.tags[0].name;
  const byTag = await search({ tag });
  assert(byTag.conversations.some((c: Json) => c.id === tagged.id));
  for (const c of byTag.conversations) assert(c.tags.includes(tag), `${c.id} is tagged ${tag}`);

  const prioritised = cached.find((c) => c.priority !== "none") ?? cached[0];
  const byPriority = await search({ priority: prioritised.priority });
  assert(byPriority.conversations.some((c: Json) => c.id === prioritised.id));
  for (const c of byPriority.conversations) assertEquals(c.priority, prioritised.priority);

  const nobody = await s.fails("search_conversations", { assignee: "Nobody Anywhere" });
  assertMatch(nobody, /no assignee matches "Nobody Anywhere"/);
  assert(nobody.includes(ws.admins[0].name), `the error names known teammates: ${nobody}`);
});

Deno.test("search_conversations pages with limit and next_cursor, without repeats, and refuses bad limits and foreign cursors", async () => {
  await using s = await serve();
  const whole = await s.ok("search_conversations", { query: "quokka", limit: 3 });
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 3; page++) {
    const r = await s.ok("search_conversations", {
      query: "quokka",
      limit: 1,
      ...(cursor ? { cursor } : {}),
    });
    assertEquals(r.returned, 1);
    assertEquals(r.total, 3);
    seen.push(r.conversations[0].id);
    cursor = r.next_cursor ?? undefined;
    assertEquals(cursor === undefined, page === 2, `next_cursor on page ${page}`);
  }
  assertEquals(seen, whole.conversations.map((c: Json) => c.id));
  assertEquals(new Set(seen).size, 3);

  for (const limit of [0, 151, -1, 1.5]) {
    await s.fails("search_conversations", { query: "quokka", limit });
  }
  const first = await s.ok("search_conversations", { query: "quokka", limit: 1 });
  assertMatch(
    await s.fails("search_conversations", { query: "refund", cursor: first.next_cursor }),
    /different search/,
  );
  assertMatch(
    await s.fails("search_conversations", { query: "quokka", cursor: "not-a-cursor" }),
    /cursor/,
  );
});

// ---------------------------------------------------------------------------------------------
// get_conversation

/** The roles the thread should show for the authors the workspace recorded. */
const ROLES: Record<string, string> = {
  admin: "teammate",
  user: "customer",
  lead: "customer",
  bot: "bot",
};

function assertThread(got: Json, c: ConversationRecord): void {
  const parts = c.conversation_parts.conversation_parts;
  assertEquals(got.id, c.id);
  assertEquals(got.entries_total, parts.length + 1);
  assertEquals(got.entries[0].index, 0);
  assertEquals(got.entries[0].role, ROLES[c.source.author.type]);
  for (const [i, part] of parts.entries()) {
    const e = got.entries[i + 1];
    assertEquals([e.index, e.id], [i + 1, part.id]);
    assertEquals(e.role, ROLES[part.author.type], `role of part ${part.id}`);
    assertEquals(e.time, new Date(part.created_at * 1000).toISOString());
    if (part.part_type === "note") assertEquals(e.kind, "note");
    else if (part.body === null) {
      assertEquals(e.kind, "event");
      assertMatch(e.text, /^[a-z]/, `event ${part.part_type} in words`);
    } else assertEquals(e.kind, "message");
  }
  for (let i = 1; i < got.entries.length; i++) {
    assert(got.entries[i - 1].time <= got.entries[i].time, "entries in time order");
  }
}

Deno.test("get_conversation gives the whole thread in order with roles, notes and events in words, by id or inbox URL", async () => {
  await using s = await serve();
  const has = (c: ConversationRecord, p: (part: Json) => boolean) =>
    c.conversation_parts.conversation_parts.some(p);
  const rich = cached.filter((c) => c.conversation_parts.conversation_parts.length <= 200);
  const picks = [
    rich.find((c) => has(c, (p) => p.part_type === "note"))!,
    rich.find((c) => has(c, (p) => p.author.type === "bot"))!,
    rich.find((c) => has(c, (p) => p.part_type === "close"))!,
    rich.find((c) => has(c, (p) => p.part_type === "assignment"))!,
  ];
  for (const c of picks) {
    assert(c, "the workspace has threads with notes, bots, closes and assignments");
    const got = await s.ok("get_conversation", { conversation_id: c.id, include_events: true });
    assertThread(got, c);
    assertEquals(got.source, "cache");
    assertEquals(got.truncated, false);
    assertEquals(got.next_offset, null);
    // By default events and bot prompts are left out, counted, and the rest keep their places.
    const plain = await s.ok("get_conversation", { conversation_id: c.id, limit: 500 });
    const hidden = c.conversation_parts.conversation_parts.filter((p) =>
      p.body === null || p.part_type === "quick_reply"
    ).length;
    assertEquals(plain.left_out.events, hidden);
    assertEquals(plain.entries.length, got.entries.length - hidden);
    for (const e of plain.entries) {
      assertEquals(e, got.entries[e.index]);
    }
  }
  const closed = picks[2].conversation_parts.conversation_parts.findIndex((p) =>
    p.part_type === "close"
  );
  const closing = await s.ok("get_conversation", {
    conversation_id: picks[2].id,
    include_events: true,
  });
  assertMatch(closing.entries[closed + 1].text, /^closed by /);

  const url = `https://app.intercom.com/a/inbox/abc/inbox/conversation/${picks[0].id}`;
  const byUrl = await s.ok("get_conversation", { conversation_id: url, include_events: true });
  assertThread(byUrl, picks[0]);
  assertThread(
    await s.ok("get_conversation", { conversation_id: Number(picks[0].id), include_events: true }),
    picks[0],
  );
  assert(byUrl.freshness.last_sync_finished_at);
  await s.fails("get_conversation", { conversation_id: "https://example.com/not/a/thread" });
});

Deno.test("get_conversation marks a thread of more than 500 parts as truncated and reads it page by page", async () => {
  await using s = await serve();
  const long = cached.find((c) => c.conversation_parts.conversation_parts.length > 500)!;
  assert(long, "the workspace has a thread Intercom cuts");
  const ids: string[] = [];
  let offset: number | null = 0;
  let total = 0;
  for (let page = 0; offset !== null; page++) {
    assert(page < 10, "paging ends");
    const r: Json = await s.ok("get_conversation", {
      conversation_id: long.id,
      offset,
      limit: 150,
      include_events: true,
    });
    assertEquals(r.truncated, true);
    assertEquals(r.parts_in_intercom, long.conversation_parts.conversation_parts.length);
    assertEquals(r.offset, offset);
    for (const [i, e] of r.entries.entries()) assertEquals(e.index, offset + i);
    ids.push(...r.entries.map((e: Json) => e.id));
    total = r.entries_total;
    offset = r.next_offset;
  }
  assertEquals(total, 501, "the opening message and the newest 500 parts");
  assertEquals(ids.length, total);
  assertEquals(new Set(ids).size, total, "every entry seen once");
  const newest = long.conversation_parts.conversation_parts.slice(-500).map((p) => p.id);
  assertEquals(ids.slice(1), newest);
});

Deno.test("get_conversation says a conversation nobody knows was not found, and reads one not cached yet from Intercom once", async () => {
  // Created after the shared sync, so in the double only; the copy of the cache keeps it
  // out of the shared one.
  const fresh = createConversation(ws, { body: "<p>A wombat ate the invoice.</p>" });
  const dir = copyDir(sharedDir);
  try {
    await using s = await serve({ dir });
    const missing = await s.fails("get_conversation", { conversation_id: "999999999999" });
    assertMatch(missing, /999999999999 was not found/);

    s.double.resetStats();
    const first = await s.ok("get_conversation", { conversation_id: fresh });
    assertEquals(first.source, "intercom");
    assertMatch(first.entries[0].text, /wombat ate the invoice/);
    const second = await s.ok("get_conversation", { conversation_id: fresh });
    assertEquals(second.source, "cache");
    assertEquals(second.entries, first.entries);
    assertEquals(s.double.stats().byRoute["GET /conversations/{id}"], 1);
    assertEquals((await s.ok("search_conversations", { query: "wombat" })).total, 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

// ---------------------------------------------------------------------------------------------
// get_server_status and sync_conversations

Deno.test("get_server_status counts what the cache holds, as status --json does", async () => {
  await using s = await serve();
  const status = await s.ok("get_server_status");
  const cli = await runCli(["status", "--json"], s.env);
  assertEquals(cli.code, 0, cli.stderr);
  const report = JSON.parse(cli.stdout);
  const { size_bytes: _a, bytes_per_conversation: _b, ...counts } = status.cache;
  const { size_bytes: _c, bytes_per_conversation: _d, ...cliCounts } = report.cache;
  assertEquals(counts, cliCounts);
  assertEquals(status.last_sync, report.last_sync);
  assertEquals(status.workspace, report.workspace);
  assertEquals(status.settings, report.settings);
  assertEquals(status.cache.conversations, cached.length);
  assertEquals(status.last_sync.outcome, "ok");
  assertEquals(status.token, { set: true, source: "environment" });
});

Deno.test("sync_conversations reports progress, and two calls at once join one sync with the same result", async () => {
  const workspace = generateWorkspace({ seed: 9, conversations: 300, longThreads: 0 });
  const dir = tempDir();
  try {
    await using s = await serve({
      dir,
      workspace,
      double: { latencyMs: 20 },
      env: { FASTINTERCOM_LOG_LEVEL: "DEBUG" },
    });
    const progress: { progress: number; total?: number }[] = [];
    const [a, b] = await Promise.all([
      s.client.callTool({ name: "sync_conversations", arguments: {} }, undefined, {
        onprogress: (p) => progress.push(p),
      }),
      new Promise((r) => setTimeout(r, 50)).then(() =>
        s.client.callTool({ name: "sync_conversations", arguments: {} })
      ),
    ]) as CallToolResult[];
    assert(!a.isError && !b.isError, textOf(a) + textOf(b));
    assertEquals(a.structuredContent, b.structuredContent, "the second call joined the first");
    const result = a.structuredContent as Json;
    const inWindow = conversationsInWindow(workspace, Math.floor(Date.now() / 1000) - 30 * DAY);
    assertEquals(result.kind, "initial");
    assertEquals(result.new, inWindow.length);
    assertEquals(result.conversations_cached, inWindow.length);
    const stats = s.double.stats();
    assertEquals(stats.requests, result.requests, "the double saw the requests of one sync");

    assert(progress.length >= 3, `${progress.length} progress notifications`);
    for (let i = 1; i < progress.length; i++) {
      assert(progress[i].progress > progress[i - 1].progress, "progress only grows");
    }
    const last = progress.at(-1)!;
    assert(last.total === undefined || last.progress <= last.total);

    const status = await s.ok("get_server_status");
    assertEquals(status.cache.conversations, inWindow.length);
    assertEquals(status.last_sync.new, result.new);
    assertEquals(status.freshness.stale, false);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a stale cache answers at once and starts a sync in the background", async () => {
  const dir = copyDir(sharedDir);
  try {
    // Staleness is counted in seconds: make sure at least one has passed since the sync.
    await new Promise((r) => setTimeout(r, Math.max(0, syncedAt + 1100 - Date.now())));
    await using s = await serve({ dir, env: { FASTINTERCOM_MAX_SYNC_AGE_MINUTES: "0" } });
    s.double.resetStats();
    const r = await s.ok("search_conversations", { query: "quokka" });
    assertEquals(r.total, 3, "the answer comes from the cache as it was");
    assertEquals(r.freshness.stale, true);
    assert(
      r.freshness.background_sync_started || r.freshness.sync_running,
      `a sync was started: ${JSON.stringify(r.freshness)}`,
    );
    await waitFor(
      "the background sync to list conversations",
      () => (s.double.stats().byRoute["POST /conversations/search"] ?? 0) > 0,
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

// ---------------------------------------------------------------------------------------------
// The protocol around the tools

Deno.test("stdout carries only JSON-RPC messages, and log lines arrive as notifications at the level asked for", async () => {
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const env = {
    ...testEnv(sharedDir, double.url, TOKEN),
    TZ: "UTC",
    FASTINTERCOM_LOG_LEVEL: "INFO",
  };
  const child = new Deno.Command(Deno.execPath(), {
    args: programArgs(["start"]),
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const messages: Json[] = [];
  const reading = (async () => {
    let buffer = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        lines.push(line);
        try {
          messages.push(JSON.parse(line));
        } catch {
          // kept in lines; the check below names it
        }
      }
    }
    if (buffer) lines.push(buffer);
  })();
  const stderr = new Response(child.stderr).text();
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  let nextId = 1;
  const request = async (method: string, params: Structured = {}) => {
    const id = nextId++;
    await writer.write(
      encoder.encode(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n"),
    );
    await waitFor(`the answer to ${method}`, () => messages.some((m) => m.id === id));
    return messages.find((m) => m.id === id);
  };
  const notify = (method: string) =>
    writer.write(encoder.encode(JSON.stringify({ jsonrpc: "2.0", method }) + "\n"));
  const logs = () => messages.filter((m) => m.method === "notifications/message");
  const badSearch = { name: "search_conversations", arguments: { timeframe: "someday" } };

  try {
    const init = await request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "raw-test", version: "0" },
    });
    assertEquals(init.result.serverInfo.name, "fast-intercom-mcp");
    assert(init.result.capabilities.logging, "the server offers logging");
    await notify("notifications/initialized");
    const list = await request("tools/list");
    assertEquals(list.result.tools.length, TOOL_NAMES.length);
    const status = await request("tools/call", { name: "get_server_status", arguments: {} });
    assertEquals(status.result.structuredContent.cache.conversations, cached.length);

    // Before any setLevel: warnings and errors only, so the info line about the refused call
    // is held back (some clients report any unasked-for notification as an error).
    await request("tools/call", badSearch);
    await new Promise((r) => setTimeout(r, 200));
    assertEquals(logs().filter((m) => !["warning", "error"].includes(m.params.level)), []);

    // At "error", an info line is held back.
    assert(!(await request("logging/setLevel", { level: "error" })).error);
    const before = logs().length;
    await request("tools/call", badSearch);
    assertEquals(logs().length, before, "nothing below error arrives");

    // At "debug", log lines flow again.
    assert(!(await request("logging/setLevel", { level: "debug" })).error);
    await request("tools/call", badSearch);
    const after = logs().slice(before);
    assert(after.length > 0, "log lines arrive after setLevel debug");
    assertMatch(after[0].params.data, /search_conversations refused/);
    assertEquals(after[0].params.level, "info");
    assertMatch(after[0].params.logger, /^fast-intercom-mcp/);
  } finally {
    await writer.close();
    const status = await child.status;
    await reading;
    const errText = await stderr;
    await double.close();
    assertEquals(status.code, 0, errText);
    assert(!errText.includes(TOKEN), "the token is not on stderr");
  }
  assert(lines.length >= 8, `${lines.length} lines`);
  for (const line of lines) {
    assert(!line.includes(TOKEN), "the token is not on stdout");
    let message: Json;
    try {
      message = JSON.parse(line);
    } catch {
      throw new Error(`stdout line is not JSON: ${line.slice(0, 200)}`);
    }
    assertEquals(message.jsonrpc, "2.0", line.slice(0, 200));
    assert("id" in message || "method" in message, line.slice(0, 200));
  }
});

Deno.test("conversations are resources at intercom://conversation/{id}, and the prompts take their arguments", async () => {
  await using s = await serve();
  const { resourceTemplates } = await s.client.listResourceTemplates();
  assert(resourceTemplates.some((t) => t.uriTemplate === "intercom://conversation/{id}"));
  const quokka = await s.ok("search_conversations", { query: "quokka", limit: 1 });
  const id = quokka.conversations[0].id;
  const read = await s.client.readResource({ uri: `intercom://conversation/${id}` });
  const text = (read.contents[0] as { text: string }).text;
  assertMatch(text, new RegExp(`Conversation #${id}`));
  assertMatch(text, /quokka report number/);
  const { resources } = await s.client.listResources();
  assert(resources.some((r) => r.uri === `intercom://conversation/${id}`));
  await s.client.readResource({ uri: "intercom://conversation/999999999999" }).then(
    () => assert(false, "an unknown conversation is not a resource"),
    (e: Error) => assertMatch(e.message, /not found/),
  );

  const { prompts } = await s.client.listPrompts();
  assertEquals(prompts.map((p) => p.name).sort(), [
    "customer_history",
    "team_month",
    "triage_open",
    "weekly_digest",
  ]);
  const history = await s.client.getPrompt({
    name: "customer_history",
    arguments: { email: "ana@example.com" },
  });
  assertMatch((history.messages[0].content as { text: string }).text, /ana@example\.com/);
  const digest = await s.client.getPrompt({
    name: "weekly_digest",
    arguments: { team: "Billing & Payments" },
  });
  assertMatch((digest.messages[0].content as { text: string }).text, /Billing & Payments/);
  assertMatch((digest.messages[0].content as { text: string }).text, /conversation_stats/);
  const month = await s.client.getPrompt({ name: "team_month", arguments: {} });
  assertMatch(
    (month.messages[0].content as { text: string }).text,
    /conversation_stats with timeframe "this month".*compare true/,
  );
  const triage = await s.client.getPrompt({ name: "triage_open", arguments: {} });
  assertMatch((triage.messages[0].content as { text: string }).text, /search_conversations/);
});
