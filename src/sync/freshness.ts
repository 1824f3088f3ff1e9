// How fresh the cache is: said with every answer that comes from it.

import type { Store } from "../store/store.ts";
import { iso } from "../time.ts";

export interface Freshness {
  /** ISO 8601 UTC, or null when no sync has finished. */
  last_sync_finished_at: string | null;
  /** Minutes since then, or null. */
  age_minutes: number | null;
  /** Older than max_sync_age_minutes, or never synced. */
  stale: boolean;
  max_sync_age_minutes: number;
  sync_running: boolean;
  /** The last sync's error, when the last sync failed. */
  last_sync_error: string | null;
  /** This answer found the cache stale and started a sync in the background. */
  background_sync_started?: boolean;
}

export function freshness(
  store: Store,
  opts: { maxSyncAgeMinutes: number; syncRunning: boolean; nowSeconds: number },
): Freshness {
  const { last, lastOk } = store.lastRuns();
  const finished = lastOk?.finishedAt ?? null;
  const age = finished === null ? null : Math.max(0, (opts.nowSeconds - finished) / 60);
  return {
    last_sync_finished_at: finished === null ? null : iso(finished),
    age_minutes: age === null ? null : Math.round(age * 10) / 10,
    stale: age === null || age > opts.maxSyncAgeMinutes,
    max_sync_age_minutes: opts.maxSyncAgeMinutes,
    sync_running: opts.syncRunning,
    last_sync_error: last && last.outcome === "failed" ? last.error : null,
  };
}
