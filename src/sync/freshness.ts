// How fresh the cache is: said with every answer that comes from it.

import { z } from "zod";
import type { Store } from "../store/store.ts";
import { iso } from "../time.ts";

export const freshnessSchema = z.object({
  last_sync_finished_at: z.string().nullable().describe(
    "When the last sync finished (ISO 8601 UTC)",
  ),
  age_minutes: z.number().nullable().describe("Minutes since then"),
  stale: z.boolean().describe("Older than max_sync_age_minutes, or never synced"),
  max_sync_age_minutes: z.number(),
  sync_running: z.boolean(),
  last_sync_error: z.string().nullable().describe("The last sync's error, when it failed"),
  background_sync_started: z.boolean().optional().describe(
    "This call found the cache stale and started a sync; the answer is from the cache as it was",
  ),
}).describe("How fresh the cache this answer came from is");

export type Freshness = z.infer<typeof freshnessSchema>;

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
