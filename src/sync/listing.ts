// The high-water-mark listing: lists conversations updated since a point, oldest first, reads
// the new and changed ones, and moves the mark only past what is fully stored. Intercom's
// search cursor is stateless, so a conversation updated (or deleted) while we page shifts the
// rest under the cursor and one may be skipped; this module finds that and lists again. It
// touches no network and no database itself: the page source, the reads and the mark are given.

import { getLogger } from "../log.ts";
import type { ConversationStub } from "../model.ts";
import { iso } from "../time.ts";

const log = getLogger(["fast-intercom-mcp", "sync"]);

export interface ListingPage {
  stubs: ConversationStub[];
  /** How many match in all, when the source says (Intercom does on every page). */
  totalCount: number | null;
}

export interface ListingProgress {
  phase?: "listing" | "reading" | "deleted";
  listed?: number;
  total?: number | null;
  toRead?: number;
  read?: number;
  done?: number;
}

export interface ListingDeps {
  /** Pages of the conversations updated at or after `from`, oldest first when the API sorts. */
  pages(from: number, signal: AbortSignal): AsyncIterable<ListingPage>;
  /** updated_at of those of `ids` the cache holds. */
  cached(ids: string[]): Map<string, number>;
  /** Reads one conversation whole and stores it (or drops it when Intercom no longer has it). */
  read(id: string, signal: AbortSignal): Promise<void>;
  /** The stored high-water mark (Unix seconds): the next sync lists from there. */
  mark: { get(): number | null; set(seconds: number): void };
  /** After each pass: drops what Intercom deleted since the last check and returns those ids. */
  deletions(signal: AbortSignal): Promise<string[]>;
  progress?(p: ListingProgress): void;
}

export interface ListingOptions {
  since: number;
  /** Read every listed conversation, cached or not. */
  force: boolean;
  /** Pages whose reads may be under way at once; bounds memory on a large first sync. */
  pagesAhead?: number;
  /** Listings at most: each further one follows a conversation that moved while we paged. */
  maxPasses?: number;
}

export interface ListingResult {
  passes: number;
  /** Listed conversations the cache already held as they are. */
  unchanged: number;
}

/**
 * Lists and reads. Seeing an id twice with a new updated_at is the sign that it moved under the
 * cursor; the listing then runs again from where it first stood. A deletion of a conversation
 * already listed shifts the rest the same way. A read that fails fails the listing; the mark
 * stays before its page.
 */
export async function listAndRead(
  deps: ListingDeps,
  opts: ListingOptions,
  outer: AbortSignal,
): Promise<ListingResult> {
  const pagesAhead = opts.pagesAhead ?? 4;
  const maxPasses = opts.maxPasses ?? 4;
  const inner = new AbortController();
  const signal = AbortSignal.any([outer, inner.signal]);
  const progress = deps.progress ?? (() => {});
  // What this listing already asked for, by id: the updated_at it was listed with.
  const requested = new Map<string, number>();
  const count = { listed: 0, toRead: 0, read: 0, done: 0, unchanged: 0 };
  /** The mark never passes the spot a skipped conversation may stand in. */
  const lowerMark = (to: number) => deps.mark.set(Math.min(to, deps.mark.get() ?? to));
  let from = opts.since;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const firstSeen = new Map<string, number>();
    let rescanFrom: number | null = null;
    // Each page resolves to its last updated_at once all its reads are stored.
    const pagesInFlight: Promise<number | null>[] = [];
    // The mark may move mid-listing only while the listing comes sorted as asked; an API that
    // ignores the sort gets its mark at the end of the pass, when all is stored.
    let sorted = true;
    let highest = -Infinity;
    const advance = (last: number | null) => {
      if (last === null || !sorted) return;
      deps.mark.set(rescanFrom === null ? last : Math.min(last, rescanFrom));
    };
    progress({ phase: "listing" });
    try {
      let firstPage = true;
      for await (const page of deps.pages(from, signal)) {
        if (firstPage && pass === 1) progress({ total: page.totalCount });
        firstPage = false;
        count.listed += page.stubs.length;
        const cached = opts.force ? new Map<string, number>() : deps.cached(
          page.stubs.map((s) => s.id),
        );
        const reads: Promise<void>[] = [];
        for (const stub of page.stubs) {
          if (stub.updatedAt < highest) sorted = false;
          highest = Math.max(highest, stub.updatedAt);
          const first = firstSeen.get(stub.id);
          if (first === undefined) firstSeen.set(stub.id, stub.updatedAt);
          else if (stub.updatedAt !== first) {
            rescanFrom = Math.min(rescanFrom ?? first, first);
            // At once: a sync killed now must not resume past the skipped spot.
            lowerMark(rescanFrom);
          }
          const asked = requested.get(stub.id);
          const have = cached.get(stub.id);
          if ((asked ?? -Infinity) >= stub.updatedAt || (have ?? -Infinity) >= stub.updatedAt) {
            if (asked === undefined) {
              count.unchanged++;
              count.done++;
            }
            continue;
          }
          requested.set(stub.id, stub.updatedAt);
          count.toRead++;
          reads.push(
            deps.read(stub.id, signal).then(() => {
              count.read++;
              count.done++;
              progress({ phase: "reading", read: count.read, done: count.done });
            }),
          );
        }
        progress({ listed: count.listed, toRead: count.toRead, done: count.done });
        const last = page.stubs.at(-1)?.updatedAt ?? null;
        const stored = Promise.all(reads).then(() => last, (e) => {
          // The other reads stop; their errors are this one.
          inner.abort(e);
          throw e;
        });
        // Handled here as well as where it is awaited, so an early failure is never "unhandled".
        stored.catch(() => {});
        pagesInFlight.push(stored);
        while (pagesInFlight.length > pagesAhead) advance(await pagesInFlight.shift()!);
      }
      while (pagesInFlight.length) advance(await pagesInFlight.shift()!);
      if (!sorted && highest > -Infinity) deps.mark.set(Math.min(highest, rescanFrom ?? highest));
    } catch (e) {
      inner.abort(e);
      await Promise.allSettled(pagesInFlight);
      throw e;
    }
    progress({ phase: "deleted" });
    for (const id of await deps.deletions(signal)) {
      const seen = firstSeen.get(id);
      if (seen !== undefined) rescanFrom = Math.min(rescanFrom ?? seen, seen);
    }
    if (rescanFrom === null) return { passes: pass, unchanged: count.unchanged };
    lowerMark(rescanFrom);
    log.info("A conversation changed while the listing paged; listing again from {from}", {
      from: iso(rescanFrom),
    });
    from = rescanFrom;
  }
  return { passes: maxPasses, unchanged: count.unchanged };
}
