// The high-water-mark listing: lists conversations updated since a point, oldest first, reads
// the new and changed ones, and moves the mark only past what is fully stored. Intercom's
// search cursor is stateless, so a conversation updated (or deleted) while we page shifts the
// rest under the cursor and one may be skipped; this module finds that and lists again. It
// touches no network and no database itself: the page source, the reads and the mark are given.
// What it holds in memory is bounded by the pages in flight, not by the size of the workspace:
// the cache, not a set of ids, remembers what was listed.

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
  /**
   * Reads one conversation whole and stores it (or drops it when Intercom no longer has it):
   * the updated_at stored, or null when it is gone.
   */
  read(id: string, signal: AbortSignal): Promise<number | null>;
  /** The stored high-water mark (Unix seconds): the next sync lists from there. */
  mark: { get(): number | null; set(seconds: number): void };
  /**
   * After each pass: drops what Intercom deleted since the last check, and returns the
   * updated_at the cache held for each conversation it dropped.
   */
  deletions(signal: AbortSignal): Promise<number[]>;
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

/** What a listing keeps in memory, for a test to see that it stays bounded. */
export interface ListingFootprint {
  /** The most reads under way at once (ids held until each read is stored). */
  peakInFlight: number;
}

/**
 * Lists and reads. A conversation that changes after its page was listed moves under the
 * cursor and shifts the rest; the listing then runs again from where it first stood. Three
 * signs of it, none needing a list of the ids seen: a read finds it newer than listed, or gone;
 * it is listed again newer than the cache holds it, where the cursor has already passed (the
 * cache holding it there means it was listed there, or held from before this listing: then
 * the extra listing is merely unneeded); or Intercom reports it deleted where the cursor has
 * passed. A read that fails fails the listing; the mark stays before its page.
 */
export async function listAndRead(
  deps: ListingDeps,
  opts: ListingOptions,
  outer: AbortSignal,
  footprint?: ListingFootprint,
): Promise<ListingResult> {
  const pagesAhead = opts.pagesAhead ?? 4;
  const maxPasses = opts.maxPasses ?? 4;
  const inner = new AbortController();
  const signal = AbortSignal.any([outer, inner.signal]);
  const progress = deps.progress ?? (() => {});
  // Reads under way, by id: the updated_at each was listed with. A read stored leaves it, and
  // the cache answers for it from then on.
  const inFlight = new Map<string, number>();
  const count = { listed: 0, toRead: 0, read: 0, done: 0, unchanged: 0 };
  /** The mark never passes the spot a skipped conversation may stand in. */
  const lowerMark = (to: number) => deps.mark.set(Math.min(to, deps.mark.get() ?? to));
  let from = opts.since;
  for (let pass = 1; pass <= maxPasses; pass++) {
    let rescanFrom: number | null = null;
    /** A conversation that stood at `at` in this listing has moved or gone. */
    const moved = (at: number) => {
      if (at < from || at > highest) return;
      rescanFrom = Math.min(rescanFrom ?? at, at);
      // At once: a sync killed now must not resume past the skipped spot.
      lowerMark(rescanFrom);
    };
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
          const asked = inFlight.get(stub.id);
          const have = cached.get(stub.id);
          if (asked !== undefined && asked >= stub.updatedAt) continue;
          if (have !== undefined && have >= stub.updatedAt) {
            count.unchanged++;
            count.done++;
            highest = Math.max(highest, stub.updatedAt);
            continue;
          }
          // Listed again, newer: where it stood before has shifted the rest.
          if (asked !== undefined) moved(asked);
          else if (have !== undefined) moved(have);
          highest = Math.max(highest, stub.updatedAt);
          inFlight.set(stub.id, stub.updatedAt);
          if (footprint) footprint.peakInFlight = Math.max(footprint.peakInFlight, inFlight.size);
          count.toRead++;
          reads.push(
            deps.read(stub.id, signal).then((stored) => {
              if (inFlight.get(stub.id) === stub.updatedAt) inFlight.delete(stub.id);
              // Changed or deleted after its page was listed: it moved under the cursor.
              if (stored === null || stored > stub.updatedAt) moved(stub.updatedAt);
              count.read++;
              count.done++;
              progress({ phase: "reading", read: count.read, done: count.done });
            }),
          );
        }
        progress({ listed: count.listed, toRead: count.toRead, done: count.done });
        const last = page.stubs.at(-1)?.updatedAt ?? null;
        const stored = Promise.all(reads).then(() => last, async (e) => {
          // The other reads stop; their errors are this one. The listing ends only once every
          // read has: none may store anything after the sync (and its lock) is over.
          inner.abort(e);
          await Promise.allSettled(reads);
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
    for (const at of await deps.deletions(signal)) moved(at);
    if (rescanFrom === null) return { passes: pass, unchanged: count.unchanged };
    lowerMark(rescanFrom);
    log.info("A conversation changed while the listing paged; listing again from {from}", {
      from: iso(rescanFrom),
    });
    from = rescanFrom;
  }
  return { passes: maxPasses, unchanged: count.unchanged };
}
