// Caches larger than one generated workspace fits in memory: `deno task bench --large 1000000`
// builds its cache from workspaces of CHUNK conversations each, generated and stored one after
// another, each a stretch of time older than the next, so the bench holds one chunk at a time.

import type { App } from "../../src/app.ts";
import { generateWorkspace, type Workspace } from "../double/workspace.ts";
import { fillCache } from "../fill.ts";

/** Conversations generated at once: about half a gigabyte of workspace in memory. */
export const CHUNK = 50_000;
const DAYS_PER_CHUNK = 20;
const DAY = 86400;
/** Far apart enough that no two chunks' ids meet (a chunk uses fewer than this many). */
const ID_STRIDE = 100_000_000;

/** What a chunked cache was built from: enough to generate any of its chunks again. */
export interface ChunkedCache {
  size: number;
  seed: number;
  chunk: number;
  /** Unix seconds the newest chunk ends at. */
  now: number;
}

/** The workspace of chunk `k` (0 the oldest) of a chunked cache. */
export function chunkWorkspace(c: ChunkedCache, k: number): Workspace {
  const chunks = Math.ceil(c.size / c.chunk);
  return generateWorkspace({
    seed: c.seed + k,
    conversations: Math.min(c.chunk, c.size - k * c.chunk),
    olderConversations: 0,
    deleted: 0,
    days: DAYS_PER_CHUNK,
    now: c.now - (chunks - 1 - k) * DAYS_PER_CHUNK * DAY,
  });
}

/**
 * Fills `app`'s cache with `size` conversations, `chunk` at a time. The newest chunk keeps the
 * generator's own ids and is returned: the evaluation's questions are about it, and the older
 * chunks are the haystack around it.
 */
export function fillInChunks(
  app: App,
  opts: ChunkedCache & { log?: (line: string) => void },
): { ws: Workspace; textBytes: number; seconds: number } {
  const chunks = Math.ceil(opts.size / opts.chunk);
  let seconds = 0;
  let last: { ws: Workspace; textBytes: number } | null = null;
  for (let k = 0; k < chunks; k++) {
    const age = chunks - 1 - k;
    const ws = chunkWorkspace(opts, k);
    const filled = fillCache(app, ws, () => {}, age * ID_STRIDE);
    seconds += filled.seconds;
    last = { ws, textBytes: filled.textBytes };
    opts.log?.(`  ${Math.min((k + 1) * opts.chunk, opts.size)} conversations stored`);
  }
  if (!last) throw new Error("no conversations to store");
  return { ws: last.ws, textBytes: last.textBytes, seconds };
}
