// `deno task bench`: measures search, tool calls, sync, memory, disk and start-up side by side in
// one run, prints a markdown table with the goal beside each figure, and writes the figures as
// JSON. `--tiny` runs every measurement at a small size (the test suite does, so it cannot rot).
// `--skip small,tokens,sync` leaves parts out (a run at a million need not measure the small
// cache again); tests/bench/side_by_side.ts sets the figures of several runs side by side.

import { parseArgs } from "node:util";
import { App } from "../../src/app.ts";
import { search, type SearchInput } from "../../src/search/search.ts";
import { viewConversation } from "../../src/conversation/view.ts";
import { conversationStats, type StatsInput } from "../../src/stats/stats.ts";
import { cacheBytes } from "../../src/status.ts";
import { PARTS_OF_C } from "../../src/store/parts.ts";
import { testSettings, TOKEN } from "../cache_check.ts";
import { startDouble } from "../double/server.ts";
import { generateWorkspace } from "../double/workspace.ts";
import { fillCache, FRESH } from "../fill.ts";
import { CHUNK, type ChunkedCache, chunkWorkspace, fillInChunks } from "./large.ts";
import { benchQuality, type QualityFigures, qualityRows } from "./quality.ts";
import { benchTokens, tokenTable } from "./tokens.ts";
import { type IsolateMemory, isolateRows, memoryAtExit, serverIsolates } from "./isolates.ts";
import { benchIncremental, type IncrementalFigures, incrementalRows } from "./incremental.ts";
import { connectServer } from "../mcp_client.ts";
import { benchKinds, type KindFigures, kindRows } from "./kinds.ts";
import { programArgs, testEnv } from "../program.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    tiny: { type: "boolean" },
    out: { type: "string" },
    small: { type: "string" },
    large: { type: "string" },
    chunk: { type: "string" },
    "sync-size": { type: "string" },
    skip: { type: "string" },
    // Keeps the large cache in this directory, and uses it again when it holds one.
    "large-dir": { type: "string" },
    // Runs of each search (200; fewer at a million, where one search takes up to a second).
    iterations: { type: "string" },
    // "kinds": only the large cache with contacts, articles and tickets, and their searches.
    only: { type: "string" },
  },
});
const tiny = values.tiny === true;
const SMALL = Number(values.small ?? (tiny ? 300 : 10_000));
const LARGE = Number(values.large ?? (tiny ? 1_000 : 100_000));
const SYNC_SIZE = Number(values["sync-size"] ?? (tiny ? 150 : 10_000));
// Larger caches are built from workspaces of this many conversations each (tests/bench/large.ts).
const CHUNK_SIZE = Number(values.chunk ?? (tiny ? 500 : CHUNK));
const SYNC_LATENCY_MS = tiny ? 5 : 150;
/** Conversations changed in the workspace before the incremental sync is measured. */
const CHANGES = tiny ? 10 : 100;
const ITERATIONS = Number(values.iterations ?? (tiny ? 20 : 200));
const TOOL_CALLS = tiny ? 20 : 300;
const STARTS = tiny ? 2 : 7;
const OUT = values.out ?? ".bench/results.json";
// Contacts beside the large cache's conversations (as many), and help-center articles.
const KIND_CONTACTS = LARGE;
const KIND_ARTICLES = tiny ? 300 : 3_000;
// Tickets beside them: three for every ten conversations (30,000 at 100,000).
const KIND_TICKETS = Math.round(LARGE * 0.3);
/** The parts a run can leave out; each is measured unless named here. */
const PARTS = [
  "small",
  // The plain FTS5 and LIKE rankings set beside each search.
  "baselines",
  "quality",
  "stats",
  "server",
  "isolates",
  "kinds",
  "incremental",
  "tokens",
  "sync",
] as const;
const SKIP = new Set((values.skip ?? "").split(",").map((s) => s.trim()).filter(Boolean));
for (const part of SKIP) {
  if (!(PARTS as readonly string[]).includes(part)) {
    throw new Error(`--skip ${part}: not a part of the bench (${PARTS.join(", ")})`);
  }
}
const runs = (part: (typeof PARTS)[number]) => !SKIP.has(part);

const log = (s: string) => console.error(`[bench] ${s}`);

interface Stats {
  p50: number;
  p95: number;
  p99: number;
}

function percentiles(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)) };
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function time(fn: () => unknown, n: number): Stats {
  for (let i = 0; i < Math.min(10, n); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
}

async function timeAsync(fn: () => Promise<unknown>, n: number): Promise<Stats> {
  for (let i = 0; i < Math.min(5, n); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
}

/** Peak and current resident memory of a process, in MB (Linux /proc). */
function memoryOf(pid: number): { peakMb: number; rssMb: number } | null {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? NaN);
    return { peakMb: round(kb("VmHWM") / 1024, 1), rssMb: round(kb("VmRSS") / 1024, 1) };
  } catch {
    return null;
  }
}

function queryMix(app: App): { name: string; input: SearchInput }[] {
  const email = (app.store.db.prepare(
    `SELECT customer_email AS e FROM conversations WHERE customer_email IS NOT NULL
     GROUP BY customer_email ORDER BY count(*) DESC LIMIT 1`,
  ).get() as { e: string }).e;
  return [
    { name: "rare word", input: { query: "kerfuffle" } },
    { name: "two words", input: { query: "refund invoice" } },
    {
      name: "question (3 meaningful words)",
      input: { query: "customer was charged twice for their subscription" },
    },
    {
      name: "question (6 meaningful words)",
      input: { query: "locked out after switching to a new phone with two-factor authentication" },
    },
    {
      name: "question (9 meaningful words)",
      input: {
        query:
          "webhook deliveries to our endpoint keep failing with timeouts since yesterday's deploy",
      },
    },
    { name: "common word (billing)", input: { query: "billing" } },
    { name: "two-word phrase", input: { query: '"password reset"' } },
    { name: "prefix", input: { query: "webho*" } },
    { name: "word + timeframe", input: { query: "refund", timeframe: "last 7 days" } },
    { name: "word + customer email", input: { query: "invoice", customer_email: email } },
    { name: "filters only", input: { state: "open", assignee: "unassigned" } },
  ];
}

interface SearchFigures {
  conversations: number;
  mix: {
    name: string;
    total: number;
    words: number;
    ours: Stats;
    like: Stats | null;
    plainFts: Stats | null;
    plainAny: Stats | null;
  }[];
  getConversation: Stats;
}

function benchSearch(app: App, conversations: number): SearchFigures {
  const ctx = { store: app.store, now: new Date(), freshness: FRESH, conversationUrl: () => null };
  const like = app.store.db.prepare(
    `SELECT c.id FROM conversations c
     WHERE (SELECT o.body FROM openings o WHERE o.conversation_rowid = c.rowid) LIKE ?1
        OR EXISTS (SELECT 1 FROM parts p WHERE ${PARTS_OF_C} AND p.body LIKE ?1)
     ORDER BY c.updated_at DESC LIMIT 50`,
  );
  const plain = app.store.db.prepare(
    "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY bm25(search_index) LIMIT 50",
  );
  const plainTen = app.store.db.prepare(
    "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY bm25(search_index) LIMIT 10",
  );
  const mix = queryMix(app).map(({ name, input }) => {
    const answer = search(ctx, input);
    const total = answer.total;
    const words = answer.terms.length;
    // Plain FTS5 BM25 over any of the words (every word, as typed), top ten: the plainest
    // ranking of a question, the side-by-side the search issue asks for.
    const anyWord = input.query && words > 1
      ? (input.query.match(/[\p{L}\p{N}_]+/gu) ?? []).map((w) => `"${w}"`).join(" OR ")
      : null;
    const ours = time(() => search(ctx, input), ITERATIONS);
    // The other two methods only for plain words, where they mean the same thing.
    const word = input.query && words === 1 && !input.timeframe && !input.customer_email &&
        !input.query.includes("*")
      ? input.query.replaceAll('"', "")
      : null;
    return {
      name,
      total,
      words,
      ours,
      plainAny: anyWord && runs("baselines") ? time(() => plainTen.all(anyWord), ITERATIONS) : null,
      like: word && runs("baselines")
        ? time(() => like.all(`%${word}%`), Math.max(5, ITERATIONS / 10))
        : null,
      plainFts: word && runs("baselines") ? time(() => plain.all(`"${word}"`), ITERATIONS) : null,
    };
  });
  const ids =
    (app.store.db.prepare("SELECT id FROM conversations ORDER BY random() LIMIT 200").all() as {
      id: string;
    }[]).map((r) => r.id);
  let k = 0;
  const getConversation = time(() => {
    const c = app.store.getConversation(ids[k++ % ids.length])!;
    return viewConversation(c, { url: null, limit: 200 });
  }, ITERATIONS);
  return { conversations, mix, getConversation };
}

interface StatsFigures {
  conversations: number;
  mix: { name: string; ours: Stats }[];
  /** Answering one question as a client of a live server would: every conversation paged. */
  paging: { calls: number; seconds: number };
}

/**
 * Stats questions over the cache, beside what the same answer costs without one: paging every
 * conversation through search_conversations (and, against Intercom, reading each one whole,
 * since the list carries no statistics: one more request per conversation).
 */
function benchStats(app: App, conversations: number): StatsFigures {
  const ctx = { store: app.store, now: new Date(), freshness: FRESH };
  const questions: { name: string; input: StatsInput }[] = [
    {
      name: "last 30 days by team, vs the 30 before",
      input: { timeframe: "last 30 days", group_by: "team", compare: true },
    },
    { name: "all time by tag", input: { group_by: "tag" } },
    { name: "all time, no grouping", input: {} },
    { name: "last 7 days by day", input: { timeframe: "last 7 days", group_by: "day" } },
    {
      name: "word + by week",
      input: { query: "refund", timeframe: "last 90 days", group_by: "week" },
    },
    { name: "top customers", input: { group_by: "customer" } },
    {
      name: "open, unassigned, by Fin outcome",
      input: { state: "open", assignee: "unassigned", group_by: "fin_outcome" },
    },
  ];
  // Some questions read every conversation: 20 runs each keep the whole bench in minutes.
  const n = Math.max(5, Math.round(ITERATIONS / 10));
  const mix = questions.map(({ name, input }) => ({
    name,
    ours: time(() => conversationStats(ctx, { timezone: "UTC", ...input }), n),
  }));
  const searchCtx = { ...ctx, conversationUrl: () => null };
  const started = performance.now();
  let calls = 0;
  let cursor: string | undefined;
  do {
    const page = search(searchCtx, { sort: "oldest", limit: 150, cursor });
    calls++;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return {
    conversations,
    mix,
    paging: {
      calls: calls + conversations,
      seconds: round((performance.now() - started) / 1000, 1),
    },
  };
}

function statsTableRows(figures: StatsFigures[]): string[][] {
  const large = figures.at(-1);
  const small = figures[0];
  if (!large || !small) return [];
  const rows = large.mix.map((q, i) => [
    `conversation_stats p50 / p95: ${q.name}`,
    `${
      small.mix[i].ours.p95
    } ms p95 at ${small.conversations}; ${q.ours.p50} / ${q.ours.p95} ms at ${large.conversations}`,
    "p95 ≤ 50 ms",
    q.ours.p95 <= 50 ? "met" : "missed",
  ]);
  rows.push([
    "  side by side: the same answer by paging every conversation through search_conversations",
    `${large.paging.seconds} s in-process for the pages alone; ${large.paging.calls} calls with ` +
    `one read per conversation for its statistics (at Intercom's 166 requests/s: ` +
    `${round(large.paging.calls / 166 / 60, 1)} min)`,
    "",
    "",
  ]);
  return rows;
}

async function benchServer(dataDir: string): Promise<{
  initializeMs: number;
  firstSearchMs: number;
  search: Stats;
  getConversation: Stats;
  peakRssMb: number | null;
}> {
  const env = testEnv(dataDir, null, null);
  // Start-up is one sample per process: take the median of several starts, each measured from
  // spawn to the first answer, and keep the last server for the tool calls.
  const starts: { initializeMs: number; firstSearchMs: number }[] = [];
  let server = null as Awaited<ReturnType<typeof connectServer>> | null;
  for (let n = 0; n < STARTS; n++) {
    await server?.close();
    const started = performance.now();
    server = await connectServer(env);
    const initializeMs = performance.now() - started;
    await server.client.callTool({ name: "search_conversations", arguments: { query: "refund" } });
    starts.push({ initializeMs, firstSearchMs: performance.now() - started });
  }
  if (!server) throw new Error("no server started");
  const initializeMs = percentiles(starts.map((s) => s.initializeMs)).p50;
  const firstSearchMs = percentiles(starts.map((s) => s.firstSearchMs)).p50;
  try {
    const ids = ((await server.client.callTool({
      name: "search_conversations",
      arguments: { limit: 100, sort: "newest" },
    })).structuredContent as { conversations: { id: string }[] }).conversations.map((c) => c.id);
    const words = [
      "billing",
      "refund",
      "password",
      "webhook",
      "invoice",
      "export",
      "login",
      "kerfuffle",
    ];
    let i = 0;
    const searchStats = await timeAsync(
      () =>
        server.client.callTool({
          name: "search_conversations",
          arguments: { query: words[i++ % words.length], limit: 20 },
        }),
      TOOL_CALLS,
    );
    const getStats = await timeAsync(
      () =>
        server.client.callTool({
          name: "get_conversation",
          arguments: { conversation_id: ids[i++ % ids.length], limit: 50 },
        }),
      TOOL_CALLS,
    );
    const memory = server.pid ? memoryOf(server.pid) : null;
    return {
      initializeMs: round(initializeMs, 1),
      firstSearchMs: round(firstSearchMs, 1),
      search: searchStats,
      getConversation: getStats,
      peakRssMb: memory?.peakMb ?? null,
    };
  } finally {
    await server.close();
  }
}

async function benchSync(): Promise<{
  conversations: number;
  seconds: number;
  perSecond: number;
  ratioToApiBound: number;
  requestsPerConversation: number;
  noChangeRequests: number;
  peakRssMb: number | null;
  isolates: IsolateMemory | null;
}> {
  const ws = generateWorkspace({
    seed: 9,
    conversations: SYNC_SIZE,
    olderConversations: 0,
    deleted: 0,
  });
  const double = await startDouble({
    workspace: ws,
    token: TOKEN,
    latencyMs: SYNC_LATENCY_MS,
    rateLimit: { limit: 1666, windowSeconds: 10 },
  });
  const dir = Deno.makeTempDirSync({ prefix: "fim-bench-sync-" });
  try {
    const env = testEnv(dir, double.url, TOKEN);
    const run = async () => {
      const child = new Deno.Command(Deno.execPath(), {
        args: programArgs(["sync", "--json"]),
        env: { ...env, FASTINTERCOM_LOG_LEVEL: "debug" },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      let peak: number | null = null;
      const poll = setInterval(() => {
        const m = memoryOf(child.pid);
        // A process on its way out has no memory lines left: keep the last real reading.
        if (m && Number.isFinite(m.peakMb)) peak = Math.max(peak ?? 0, m.peakMb);
      }, 100);
      const out = await child.output();
      clearInterval(poll);
      if (!out.success) throw new Error(`sync failed with ${out.code}`);
      return {
        summary: JSON.parse(new TextDecoder().decode(out.stdout)),
        peak,
        isolates: memoryAtExit(new TextDecoder().decode(out.stderr)),
      };
    };
    const first = await run();
    const second = await run();
    const seconds = first.summary.duration_seconds;
    const perSecond = first.summary.new / seconds;
    return {
      conversations: first.summary.new,
      seconds: round(seconds, 1),
      perSecond: round(perSecond, 1),
      ratioToApiBound: round(perSecond / 166.6, 2),
      requestsPerConversation: round(first.summary.requests / first.summary.new, 3),
      noChangeRequests: second.summary.requests,
      peakRssMb: first.peak,
      isolates: first.isolates,
    };
  } finally {
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Where a kept cache says what it was built from (tests/bench/large.ts). */
const BUILT_FROM = "bench-cache.json";

function buildCache(size: number) {
  // A kept cache is the data directory `data` in it, beside what it was built from.
  const kept = size === LARGE ? values["large-dir"] : undefined;
  const dir = kept ? `${kept}/data` : Deno.makeTempDirSync({ prefix: `fim-bench-${size}-` });
  if (kept) Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const app = new App(testSettings(dir, "http://127.0.0.1:9"));
  const remove = kept === undefined;
  if (kept && existsFile(`${kept}/${BUILT_FROM}`)) {
    const from = JSON.parse(Deno.readTextFileSync(`${kept}/${BUILT_FROM}`)) as ChunkedCache;
    if (from.size !== size) {
      throw new Error(`${kept} holds ${from.size} conversations, not ${size}`);
    }
    log(`using the cache of ${size} conversations kept in ${kept}`);
    const ws = chunkWorkspace(from, Math.ceil(from.size / from.chunk) - 1);
    const filled = { textBytes: app.store.stats().textBytes, seconds: 0 };
    return { dir, app, filled, ws, conversations: app.store.conversationCount(), remove };
  }
  if (size > CHUNK_SIZE || kept) {
    const from: ChunkedCache = {
      size,
      seed: 3,
      chunk: Math.min(CHUNK_SIZE, size),
      now: Math.floor(Date.now() / 1000),
    };
    log(`generating and storing ${size} conversations, ${from.chunk} at a time`);
    const filled = fillInChunks(app, { ...from, log });
    log(`  stored in ${filled.seconds.toFixed(1)} s`);
    if (kept) Deno.writeTextFileSync(`${kept}/${BUILT_FROM}`, JSON.stringify(from) + "\n");
    return {
      dir,
      app,
      filled,
      ws: filled.ws,
      conversations: app.store.conversationCount(),
      remove,
    };
  }
  log(`generating a workspace of ${size} conversations`);
  const ws = generateWorkspace({ seed: 3, conversations: size, olderConversations: 0, deleted: 0 });
  log(`storing ${ws.conversations.size} conversations`);
  const filled = fillCache(app, ws, (n) => log(`  ${n} conversations stored`));
  log(`  stored in ${filled.seconds.toFixed(1)} s`);
  return { dir, app, filled, ws, conversations: ws.conversations.size, remove };
}

function existsFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

const machine = {
  date: new Date().toISOString().slice(0, 10),
  cores: navigator.hardwareConcurrency,
  memoryGb: round(Deno.systemMemoryInfo().total / 1024 ** 3, 1),
  deno: Deno.version.deno,
  os: `${Deno.build.os} ${Deno.build.arch}`,
};

const results: Record<string, unknown> = {
  machine,
  sizes: {
    small: runs("small") ? SMALL : null,
    large: LARGE,
    sync: runs("sync") ? SYNC_SIZE : null,
  },
  skipped: [...SKIP],
};

/** Articles, contacts and tickets at the large size, in the cache of `dataDir` (see kinds.ts). */
function measureKinds(dataDir: string, ws: ReturnType<typeof buildCache>["ws"]) {
  return benchKinds(dataDir, ws, {
    contacts: KIND_CONTACTS,
    articles: KIND_ARTICLES,
    tickets: KIND_TICKETS,
    iterations: ITERATIONS,
    timeAsync,
    log,
  });
}

if (values.only !== undefined) {
  if (values.only !== "kinds") throw new Error(`--only takes "kinds", got "${values.only}"`);
  const cache = buildCache(LARGE);
  cache.app.close();
  try {
    const kinds = await measureKinds(cache.dir, cache.ws);
    Deno.mkdirSync(OUT.replace(/\/[^/]*$/, ""), { recursive: true });
    Deno.writeTextFileSync(OUT, JSON.stringify({ ...results, kinds }, null, 2) + "\n");
    console.log(markdownTable(kindRows(kinds)));
  } finally {
    if (cache.remove) Deno.removeSync(cache.dir, { recursive: true });
  }
  Deno.exit(0);
}
const searches: SearchFigures[] = [];
const stats: StatsFigures[] = [];
let disk: { bytesPerConversation: number; bytesPerTextKb: number; ratioToText: number } | null =
  null;
let server: Awaited<ReturnType<typeof benchServer>> | null = null;
let isolates: IsolateMemory | null = null;
let kinds: KindFigures | null = null;
let incremental: IncrementalFigures | null = null;
const quality: QualityFigures[] = [];
for (const size of runs("small") ? [SMALL, LARGE] : [LARGE]) {
  const cache = buildCache(size);
  try {
    log(`searching ${cache.conversations} conversations`);
    searches.push(benchSearch(cache.app, cache.conversations));
    if (runs("quality")) {
      log(
        size === SMALL
          ? "search quality: the evaluation's questions"
          : "paging through every match of a common word",
      );
      quality.push(benchQuality(cache.app, cache.ws, size === SMALL ? "the" : "billing"));
    }
    if (runs("stats")) {
      log(`stats over ${cache.conversations} conversations`);
      stats.push(benchStats(cache.app, cache.conversations));
    }
    if (size === LARGE) {
      const bytes = cacheBytes(cache.dir);
      disk = {
        bytesPerConversation: Math.round(bytes / cache.conversations),
        bytesPerTextKb: Math.round(bytes / (cache.filled.textBytes / 1024)),
        ratioToText: round(bytes / cache.filled.textBytes, 2),
      };
      cache.app.close();
      if (runs("server")) {
        log("tool calls over stdio");
        server = await benchServer(cache.dir);
      }
      if (runs("isolates")) {
        log("each isolate's memory, serving searches");
        isolates = await serverIsolates(cache.dir, ["refund", "billing", "password", "login"]);
      }
      if (runs("kinds")) {
        // After the disk and server figures, which are of conversations alone.
        kinds = await measureKinds(cache.dir, cache.ws);
      }
      if (runs("incremental")) {
        log(`an incremental sync of ${cache.conversations} cached, ${CHANGES} of them changed`);
        incremental = await benchIncremental(cache.dir, cache.ws, {
          changes: CHANGES,
          latencyMs: SYNC_LATENCY_MS,
          log,
        });
      }
    }
  } finally {
    cache.app.close();
    if (cache.remove) Deno.removeSync(cache.dir, { recursive: true });
  }
}
let tokenRows: Awaited<ReturnType<typeof benchTokens>> = [];
if (runs("tokens")) {
  log("tokens per answer");
  tokenRows = await benchTokens(tiny ? 120 : 2000);
}
let sync: Awaited<ReturnType<typeof benchSync>> | null = null;
if (runs("sync")) {
  log(`first sync of ${SYNC_SIZE} conversations, ${SYNC_LATENCY_MS} ms added to every request`);
  sync = await benchSync();
}
Object.assign(results, {
  search: searches,
  quality,
  stats,
  disk,
  server,
  isolates,
  sync,
  incremental,
  tokens: tokenRows,
  kinds,
});

Deno.mkdirSync(OUT.replace(/\/[^/]*$/, ""), { recursive: true });
Deno.writeTextFileSync(OUT, JSON.stringify(results, null, 2) + "\n");
console.log(renderTable());
if (tokenRows.length) {
  console.log(`\nTokens per answer (o200k_base):\n\n${tokenTable(tokenRows)}`);
}
log(`figures written to ${OUT}`);

/** How this program's time compares with another's: "40× faster" or "2.5× slower". */
function ratio(theirs: number, ours: number): string {
  return theirs >= ours
    ? `${round(theirs / ours, 1)}× faster`
    : `${round(ours / theirs, 1)}× slower`;
}

/** "met" when a figure is at most its goal. */
function ok(value: number | null, goal: number): string {
  return value === null ? "?" : value <= goal ? "met" : "missed";
}

function renderTable(): string {
  const large = searches.at(-1)!;
  const small = searches.length > 1 ? searches[0] : null;
  const rows: string[][] = [];
  for (const [i, q] of large.mix.entries()) {
    const s = small?.mix[i];
    const goal = q.words >= 4 ? 30 : 20;
    rows.push([
      `search p50 / p95 / p99: ${q.name} (${q.total} matches at ${large.conversations}, every one ranked)`,
      `${
        s ? `${s.ours.p95} ms p95 at ${small!.conversations}; ` : ""
      }${q.ours.p50} / ${q.ours.p95} / ${q.ours.p99} ms`,
      `p95 ≤ ${goal} ms`,
      ok(q.ours.p95, goal),
    ]);
    if (q.plainAny) {
      rows.push([
        "  side by side: plain FTS5 bm25 over any of the words, top 10 (no total, no snippets)",
        `${q.plainAny.p95} ms p95: this program is ${ratio(q.plainAny.p95, q.ours.p95)}`,
        "",
        "",
      ]);
    }
    if (q.like && q.plainFts) {
      rows.push([
        "  side by side: the original's LIKE '%word%' (newest 50, unranked, no total) / " +
        "plain FTS5 bm25 top 50 (no total, no snippets)",
        `${q.like.p95} / ${q.plainFts.p95} ms p95: this program is ${
          ratio(q.like.p95, q.ours.p95)
        } / ${ratio(q.plainFts.p95, q.ours.p95)}`,
        "",
        "",
      ]);
    }
  }
  if (quality[0]) rows.push(...qualityRows(quality[0]));
  if (quality[1]) rows.push(qualityRows(quality[1])[1]);
  rows.push(...statsTableRows(stats));
  if (kinds) rows.push(...kindRows(kinds));
  rows.push([
    `get_conversation in-process p50 / p95 (${large.conversations})`,
    `${large.getConversation.p50} / ${large.getConversation.p95} ms`,
    "p95 ≤ 5 ms",
    ok(large.getConversation.p95, 5),
  ]);
  if (server) {
    rows.push([
      "search_conversations over stdio p50 / p95",
      `${server.search.p50} / ${server.search.p95} ms`,
      "p95 ≤ 25 ms",
      ok(server.search.p95, 25),
    ]);
    rows.push([
      "get_conversation over stdio p50 / p95",
      `${server.getConversation.p50} / ${server.getConversation.p95} ms`,
      "p95 ≤ 25 ms",
      ok(server.getConversation.p95, 25),
    ]);
    rows.push([
      "spawn → initialize answered (median of several starts)",
      `${server.initializeMs} ms`,
      "≤ 150 ms",
      ok(server.initializeMs, 150),
    ]);
    rows.push(["spawn → first search answered (median)", `${server.firstSearchMs} ms`, "", ""]);
    rows.push([
      `peak RSS of start serving searches (${large.conversations})`,
      `${server.peakRssMb} MB`,
      "≤ 100 MB",
      ok(server.peakRssMb, 100),
    ]);
  }
  if (sync) rows.push(...syncRows(sync));
  rows.push(...isolateRows(`start (${large.conversations})`, isolates));
  if (sync) rows.push(...isolateRows("sync", sync.isolates));
  if (incremental) rows.push(...incrementalRows(incremental));
  if (disk) {
    rows.push([
      `disk per conversation (${large.conversations})`,
      `${disk.bytesPerConversation} bytes; ${disk.bytesPerTextKb} bytes per KB of text (${disk.ratioToText}× the text)`,
      "≤ 2× the text",
      disk.ratioToText <= 2 ? "met" : "missed",
    ]);
  }
  return markdownTable(rows);
}

function markdownTable(rows: string[][]): string {
  const header =
    `Measured ${machine.date} on ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Deno ${machine.deno}.\n\n` +
    "| measure | result | goal | |\n|---|---|---|---|\n";
  return header + rows.map((r) => `| ${r.join(" | ")} |`).join("\n");
}

function syncRows(sync: Awaited<ReturnType<typeof benchSync>>): string[][] {
  const rows: string[][] = [];
  rows.push([
    `first sync of ${sync.conversations} (${SYNC_LATENCY_MS} ms latency, 1,666 per 10 s)`,
    `${sync.perSecond} conversations/s (${sync.ratioToApiBound}× the API's bound of 166/s), ${sync.seconds} s`,
    "≥ 150/s",
    sync.perSecond >= 150 ? "met" : "missed",
  ]);
  rows.push(["requests per conversation (first sync)", `${sync.requestsPerConversation}`, "", ""]);
  rows.push([
    "requests of a sync with nothing changed",
    `${sync.noChangeRequests}`,
    "≤ 10 (all kinds)",
    ok(sync.noChangeRequests, 10),
  ]);
  rows.push(["peak RSS of sync", `${sync.peakRssMb} MB`, "≤ 100 MB", ok(sync.peakRssMb, 100)]);
  return rows;
}
