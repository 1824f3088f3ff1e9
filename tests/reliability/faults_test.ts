// Faults on the wire during a sync that tests/sync_test.ts does not cover: a request that never
// answers, dropped connections, truncated JSON; and a property test that the parsers meet any
// damaged or reshaped Intercom response with a value or a ResponseShapeError, never a crash.

import fc from "fast-check";
import { assert, assertEquals, assertMatch } from "../assert.ts";
import { App } from "../../src/app.ts";
import { IntercomError } from "../../src/intercom/client.ts";
import {
  parseConversation,
  parseDeletedPage,
  parseSearchPage,
  ResponseShapeError,
} from "../../src/intercom/parse.ts";
import { assertCacheEqualsWorkspace, tempDir, testSettings, TOKEN } from "../cache_check.ts";
import { type Faults, startDouble } from "../double/server.ts";
import { deleteConversation, generateWorkspace, type Workspace } from "../double/workspace.ts";
import { assertClearMessage, DAY, withDeadline } from "./helpers.ts";

/** The client's per-request timeout in these tests: short, so a hang costs little. */
const TIMEOUT_MS = 500;

async function setup(ws: Workspace, faults: Faults) {
  const server = await startDouble({ workspace: ws, token: TOKEN, faults });
  const dir = tempDir();
  const app = new App(testSettings(dir, server.url), { timeoutMs: TIMEOUT_MS });
  return {
    server,
    app,
    since: Math.floor(Date.now() / 1000) - 30 * DAY,
    async [Symbol.asyncDispose]() {
      app.close();
      await server.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

/** A conversation the first sync must read: updated within the default 30-day window. */
function inWindow(ws: Workspace): string {
  const now = Date.now() / 1000;
  const c = [...ws.conversations.values()].find((c) => c.updated_at > now - 10 * DAY);
  assert(c, "the workspace has a recent conversation");
  return c.id;
}

Deno.test("a request that hangs is given up after the client timeout and retried, and the same sync completes", async () => {
  const ws = generateWorkspace({ seed: 21, conversations: 60 });
  const target = `/conversations/${inWindow(ws)}`;
  let hangs = 0;
  await using t = await setup(ws, {
    // The first two reads of one conversation never answer; the third does.
    hang: (path) => path === target && ++hangs <= 2,
  });
  const started = performance.now();
  const summary = await withDeadline(t.app.syncer.sync(), 30_000, "the sync");
  const elapsed = performance.now() - started;
  assertEquals(t.server.stats().byStatus.hang, 2, "two requests hung");
  assert(summary.retries >= 2, `${summary.retries} retries`);
  assert(elapsed >= 2 * TIMEOUT_MS, `the sync waited out both timeouts (${elapsed} ms)`);
  assertCacheEqualsWorkspace(t.app.store, ws, t.since);
  assertEquals(t.app.store.lastRuns().last?.outcome, "ok");
});

Deno.test("a request that never answers fails the sync with a clear timeout, and the next sync completes the cache", async () => {
  const ws = generateWorkspace({ seed: 22, conversations: 60 });
  const target = `/conversations/${inWindow(ws)}`;
  let hanging = true;
  await using t = await setup(ws, { hang: (path) => hanging && path === target });
  // Bounded by the retry policy: 8 attempts of 500 ms and capped backoff, well under a minute.
  const error = await withDeadline(
    t.app.syncer.sync().then(() => null, (e: unknown) => e),
    60_000,
    "the failing sync",
  );
  assert(error instanceof IntercomError, `an IntercomError, got ${error}`);
  assertMatch(error.message, /^GET \/conversations\/\{id\}: no answer within 500 ms$/);
  assertClearMessage(error.message, "the timeout error");
  assert(!error.message.includes(TOKEN), "the token is not in the error");
  const run = t.app.store.lastRuns().last;
  assertEquals(run?.outcome, "failed");
  assertEquals(run?.error, error.message, "the failed run says why");
  assert(!t.app.syncer.running, "no sync is left running");

  hanging = false;
  await withDeadline(t.app.syncer.sync(), 30_000, "the sync after the hang cleared");
  assertCacheEqualsWorkspace(t.app.store, ws, t.since);
});

Deno.test("with 10% of connections dropped without an answer a sync still ends with the exact workspace", async () => {
  const ws = generateWorkspace({ seed: 23, conversations: 150 });
  await using t = await setup(ws, { rateReset: 0.1, seed: 4 });
  const summary = await withDeadline(t.app.syncer.sync(), 60_000, "the sync");
  const resets = t.server.stats().byStatus.reset ?? 0;
  assert(resets >= 5, `${resets} connections dropped`);
  // Deno's fetch itself retries some requests on a pooled connection that closed, so only
  // some of the resets reach the client's own retry logic.
  assert(summary.retries >= 1, `${summary.retries} retries for ${resets} resets`);
  assertCacheEqualsWorkspace(t.app.store, ws, t.since);
  // An incremental sync on the same faults keeps it equal, deletions included.
  deleteConversation(ws, inWindow(ws));
  await withDeadline(t.app.syncer.sync(), 60_000, "the second sync");
  assertCacheEqualsWorkspace(t.app.store, ws, t.since);
});

Deno.test("with 10% of answers cut short into invalid JSON a sync still ends with the exact workspace", async () => {
  const ws = generateWorkspace({ seed: 24, conversations: 150 });
  await using t = await setup(ws, { rateMalformed: 0.1, seed: 6 });
  const summary = await withDeadline(t.app.syncer.sync(), 60_000, "the sync");
  // The double counts a cut answer as a 200; the client's retries are what show them.
  assert(summary.retries >= 5, `${summary.retries} retries`);
  assertCacheEqualsWorkspace(t.app.store, ws, t.since);
  assertEquals(t.app.store.integrityCheck(), "ok");
});

// ---------------------------------------------------------------------------------------------
// The parsers against damaged responses

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Real answers of the double: what the parsers meet first, before anything is damaged. */
async function realResponses(): Promise<Json[]> {
  const ws = generateWorkspace({ seed: 25, conversations: 40 });
  for (const c of [...ws.conversations.values()].slice(0, 3)) deleteConversation(ws, c.id);
  const server = await startDouble({ workspace: ws, token: TOKEN });
  const get = async (path: string, init: RequestInit = {}) => {
    const r = await fetch(server.url + path, {
      ...init,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        "Intercom-Version": "2.16",
        "Content-Type": "application/json",
      },
    });
    assertEquals(r.status, 200, path);
    return await r.json() as Json;
  };
  try {
    // Short threads: cloning a 700-part thread a thousand times would test only the clock.
    const ids = [...ws.conversations.values()]
      .filter((c) => c.conversation_parts.conversation_parts.length <= 12)
      .slice(0, 4).map((c) => c.id);
    const out: Json[] = [];
    for (const [i, id] of ids.entries()) {
      out.push(await get(`/conversations/${id}${i % 2 ? "" : "?display_as=plaintext"}`));
    }
    out.push(
      await get("/conversations/search", {
        method: "POST",
        body: JSON.stringify({
          query: { field: "updated_at", operator: ">", value: 0 },
          pagination: { per_page: 4 },
          sort: { field: "updated_at", order: "ascending" },
        }),
      }),
    );
    out.push(await get("/conversations/deleted?per_page=2&order=desc"));
    return out;
  } finally {
    await server.close();
  }
}

const MUTATIONS = [
  "delete",
  "replace",
  "null",
  "to string",
  "to number",
  "truncate",
  "empty",
  "wrap in array",
  "extreme",
] as const;

interface Mutation {
  at: number;
  kind: typeof MUTATIONS[number];
  value: Json;
  cut: number;
  extreme: number;
}

/** Values seen in the wild or at the edges of what JSON numbers and strings can hold. */
const EXTREMES: Json[] = [
  -1,
  0,
  -0,
  1.5,
  2 ** 53 + 2,
  1e308,
  -1e308,
  "",
  "0",
  "-1",
  "9".repeat(400),
  "2026-01-01T00:00:00Z",
  "\u0000",
  "\ud800",
  "x".repeat(10_000),
  true,
  [],
  {},
];

/** Every place in a JSON tree that a mutation can touch: the container and the key. */
function places(root: Json): { parent: Json[] | Record<string, Json>; key: string | number }[] {
  const out: { parent: Json[] | Record<string, Json>; key: string | number }[] = [];
  // Bounded: a tree of the double's answers holds a few thousand nodes.
  const stack: Json[] = [root];
  while (stack.length && out.length < 20_000) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        stack.push(child);
      });
    } else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        out.push({ parent: node, key });
        stack.push(child);
      }
    }
  }
  return out;
}

function mutate(root: Json, m: Mutation): Json {
  const all = places(root);
  if (all.length === 0) return m.value;
  const { parent, key } = all[m.at % all.length];
  const get = () => (parent as Record<string | number, Json>)[key];
  const set = (v: Json) => {
    (parent as Record<string | number, Json>)[key] = v;
  };
  const old = get();
  switch (m.kind) {
    case "delete":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case "replace":
      set(m.value);
      break;
    case "null":
      set(null);
      break;
    case "to string":
      set(typeof old === "string" ? old : JSON.stringify(old));
      break;
    case "to number":
      set(typeof old === "string" ? Number(old) || 0 : typeof old === "number" ? -old : 1);
      break;
    case "truncate":
      if (typeof old === "string") set(old.slice(0, m.cut % (old.length + 1)));
      else if (Array.isArray(old)) set(old.slice(0, m.cut % (old.length + 1)));
      else if (old !== null && typeof old === "object") {
        set(Object.fromEntries(Object.entries(old).slice(0, m.cut % 8)));
      }
      break;
    case "empty":
      set(Array.isArray(old) ? [] : typeof old === "string" ? "" : {});
      break;
    case "wrap in array":
      set([old]);
      break;
    case "extreme":
      set(structuredClone(EXTREMES[m.extreme % EXTREMES.length]));
      break;
  }
  return root;
}

/**
 * The text of a JSON value cut off at `fraction` of its length, then closed again (open
 * strings, objects and arrays), as a proxy or a dying connection can leave it: a body that
 * still parses. Undefined when no cut near that point closes into valid JSON.
 */
function truncatedJson(value: Json, fraction: number): Json | undefined {
  const text = JSON.stringify(value);
  const start = Math.floor(text.length * fraction);
  for (let end = start; end > 0 && start - end < 64; end--) {
    const closed = closeJson(text.slice(0, end));
    if (closed === null) continue;
    try {
      return JSON.parse(closed) as Json;
    } catch {
      // A key without its value, a half number: cut one character more.
    }
  }
  return undefined;
}

function closeJson(prefix: string): string | null {
  const closers: string[] = [];
  let inString = false;
  let escaped = false;
  for (const ch of prefix) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") closers.push("}");
    else if (ch === "[") closers.push("]");
    else if (ch === "}" || ch === "]") closers.pop();
  }
  if (escaped) return null;
  const body = (prefix + (inString ? '"' : "")).replace(/,\s*$/, "");
  return body + closers.reverse().join("");
}

/** A time the program can turn into a date: whole seconds within JavaScript's Date range. */
function isTime(n: unknown): boolean {
  return typeof n === "number" && Number.isSafeInteger(n) && Math.abs(n) <= 8.64e12;
}

function isId(v: unknown): boolean {
  return typeof v === "string" && v !== "";
}

const PARSERS = [
  {
    name: "parseConversation",
    parse: parseConversation,
    check(c: ReturnType<typeof parseConversation>) {
      assert(isId(c.id), "id");
      assert(isTime(c.updatedAt) && isTime(c.createdAt), `times ${c.createdAt} ${c.updatedAt}`);
      assert(typeof c.source.body === "string" && typeof c.state === "string", "source and state");
      assert(c.partsTotal >= c.parts.length, "partsTotal counts the parts returned");
      for (const p of c.parts) {
        assert(isId(p.id) && isTime(p.createdAt) && isTime(p.updatedAt), `part ${p.id}`);
        assert(p.body === null || typeof p.body === "string", `body of part ${p.id}`);
      }
      for (const tag of c.tags) assert(isId(tag.id) && typeof tag.name === "string", "tag");
      for (const id of c.contactIds) assert(isId(id), "contact id");
    },
  },
  {
    name: "parseSearchPage",
    parse: parseSearchPage,
    check(p: ReturnType<typeof parseSearchPage>) {
      for (const s of p.stubs) assert(isId(s.id) && isTime(s.updatedAt), `stub ${s.id}`);
      assert(p.totalCount === null || Number.isFinite(p.totalCount), "total_count");
      assert(p.nextCursor === null || isId(p.nextCursor), "cursor");
    },
  },
  {
    name: "parseDeletedPage",
    parse: parseDeletedPage,
    check(p: ReturnType<typeof parseDeletedPage>) {
      for (const d of p.deleted) assert(isId(d.id) && isTime(d.deletedAt), `deleted ${d.id}`);
      assert(typeof p.hasNext === "boolean", "hasNext");
    },
  },
] as const;

Deno.test("the parsers answer any cut, reshaped or retyped Intercom response with a value or a ResponseShapeError", async () => {
  const bases = await realResponses();
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom(...MUTATIONS),
    value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
    cut: fc.nat(),
    extreme: fc.nat(),
  });
  const damaged = fc.record({
    base: fc.nat({ max: bases.length - 1 }),
    cutAt: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 3 }),
    mutations: fc.array(mutation, { maxLength: 6 }),
  });
  let values = 0;
  let shapeErrors = 0;
  fc.assert(
    fc.property(damaged, ({ base, cutAt, mutations }) => {
      let input: Json | undefined = structuredClone(bases[base]);
      if (cutAt !== null) input = truncatedJson(input, cutAt);
      fc.pre(input !== undefined);
      for (const m of mutations) input = mutate(input!, m);
      for (const p of PARSERS) {
        let result: unknown;
        try {
          result = p.parse(input);
        } catch (e) {
          assert(
            e instanceof ResponseShapeError,
            `${p.name} threw ${(e as Error)?.name}: ${(e as Error)?.message}`,
          );
          shapeErrors++;
          continue;
        }
        values++;
        (p.check as (v: unknown) => void)(result);
      }
    }),
    { numRuns: 1_500 },
  );
  // Both outcomes were met, so the property was not vacuous.
  assert(values > 500 && shapeErrors > 500, `${values} values, ${shapeErrors} shape errors`);
});
