// A listing Intercom gives newest update first with no updated-since filter (help-center
// articles, tickets), kept level with the cache: pages are read only until they reach items
// older than the last whole listing (less an overlap) and the listing's count shows that
// nothing was added or deleted further down; otherwise the whole listing is read, and cached
// items absent from it are read once more to confirm they are gone. The mark moves only after
// a whole, consistent pass, so a sync stopped at any moment resumes with no gap.

import type { SaveResult, Store } from "../store/store.ts";

/** Covers clock skew between here and Intercom, and edits landing while a listing pages. */
const OVERLAP_SECONDS = 300;

export interface ListingPage<T> {
  items: T[];
  /** Every item of the listing, as Intercom counts them; null when it does not say. */
  totalCount: number | null;
  hasNext: boolean;
}

export interface NewestFirst<T extends { id: string; updatedAt: number }> {
  store: Store;
  /** The state key holding when the last whole listing started (Unix seconds). */
  markKey: string;
  now: number;
  /** The cached `updated_at` of every item. */
  cached: Map<string, number>;
  pages: AsyncIterable<ListingPage<T>>;
  save(item: T): SaveResult;
  /** One cached item read again, or null when Intercom no longer has it. */
  reread(id: string): Promise<T | null>;
  /** Drops items from the cache; returns how many were there. */
  drop(ids: string[]): number;
}

export async function syncNewestFirst<T extends { id: string; updatedAt: number }>(
  o: NewestFirst<T>,
): Promise<{ newCount: number; changedCount: number; deletedCount: number }> {
  const counts = { newCount: 0, changedCount: 0, deletedCount: 0 };
  const listedAt = o.store.getState(o.markKey);
  const settled = listedAt === null ? null : Number(listedAt) - OVERLAP_SECONDS;
  const seen = new Set<string>();
  let sorted = true;
  let previous = Infinity;
  let complete = false;
  let consistent = true;
  for await (const result of o.pages) {
    for (const item of result.items) {
      if (item.updatedAt > previous) sorted = false;
      previous = item.updatedAt;
      // Pages shift when an item moves while we page: seen twice means one may be missed.
      if (seen.has(item.id)) consistent = false;
      seen.add(item.id);
      if (o.cached.get(item.id) === item.updatedAt) continue;
      if (o.save(item) === "new") counts.newCount++;
      else counts.changedCount++;
    }
    if (!result.hasNext) {
      complete = true;
      if (result.totalCount !== null && result.totalCount !== seen.size) consistent = false;
      break;
    }
    // Everything further down is older than the last whole listing, so unchanged since; and
    // when the count adds up, nothing there was added or deleted either.
    const known = new Set([...o.cached.keys(), ...seen]).size;
    if (sorted && settled !== null && previous < settled && result.totalCount === known) break;
  }
  if (complete) {
    const gone: string[] = [];
    for (const id of [...o.cached.keys()].filter((id) => !seen.has(id))) {
      const item = await o.reread(id);
      if (item === null) gone.push(id);
      else if (o.save(item) === "changed") counts.changedCount++;
    }
    counts.deletedCount = o.drop(gone);
  }
  if (consistent) o.store.setState(o.markKey, String(o.now));
  return counts;
}
