// Conversations cached before the cache kept their handling (statistics, rating, Fin outcome)
// are read again, a batch a sync, newest first: a large cache fills over a few syncs, none long.

import { checkBackfillDone, lackingHandling } from "../store/handling.ts";
import type { Store } from "../store/store.ts";

export const HANDLING_READS_PER_SYNC = 2000;

/** Reads up to `batch` of them with `read`; returns how many were read. */
export async function fillHandling(
  store: Store,
  read: (id: string, signal: AbortSignal) => Promise<void>,
  batch: number,
  signal: AbortSignal,
): Promise<number> {
  const ids = lackingHandling(store, batch);
  if (!ids.length) return 0;
  await Promise.all(ids.map((id) => read(id, signal)));
  checkBackfillDone(store);
  return ids.length;
}
