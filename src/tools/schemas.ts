// Output schema parts that more than one tool returns.

import { z } from "zod";

export const freshnessSchema = z.object({
  last_sync_finished_at: z.string().nullable().describe(
    "When the last sync finished (ISO 8601 UTC)",
  ),
  age_minutes: z.number().nullable(),
  stale: z.boolean().describe("Older than max_sync_age_minutes, or never synced"),
  max_sync_age_minutes: z.number(),
  sync_running: z.boolean(),
  last_sync_error: z.string().nullable(),
  background_sync_started: z.boolean().optional().describe(
    "This call found the cache stale and started a sync; the answer is from the cache as it was",
  ),
}).describe("How fresh the cache this answer came from is");
