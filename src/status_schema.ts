// The shape of the status report, declared once: `status --json` prints it, get_server_status
// publishes it as its output schema, and the type comes from it.

import { z } from "zod";
import { freshnessSchema } from "./sync/freshness.ts";

const nullableString = z.string().nullable();

/** What every kind kept beside conversations reports. */
const kindFields = {
  available: z.boolean().describe("False when Intercom refused this kind to the token"),
  synced_at: nullableString,
  missing_scope: nullableString.describe("The permission that would add what is missing"),
  note: nullableString,
};

export const statusReportSchema = {
  version: z.string(),
  data_dir: z.string(),
  workspace: z.object({
    name: nullableString,
    id: nullableString,
    region: z.string(),
    api_url: z.string(),
  }),
  token: z.object({ set: z.boolean(), source: nullableString }),
  cache: z.object({
    path: z.string(),
    size_bytes: z.number(),
    conversations: z.number().int(),
    messages: z.number().int(),
    parts: z.number().int(),
    by_state: z.record(z.string(), z.number()),
    admins: z.number().int(),
    teams: z.number().int(),
    tags: z.number().int(),
    oldest_conversation_created_at: nullableString,
    newest_conversation_created_at: nullableString,
    newest_update_at: nullableString,
    synced_since: nullableString,
    bytes_per_conversation: z.number().nullable(),
    handling_pending: z.number().int().describe(
      "Conversations cached before their statistics, ratings and Fin outcomes were kept; " +
        "syncs read them again a batch at a time, and conversation_stats counts only the rest",
    ),
  }),
  last_sync: z.object({
    kind: z.string(),
    outcome: z.string(),
    started_at: z.string(),
    finished_at: nullableString,
    new: z.number().int(),
    changed: z.number().int(),
    deleted: z.number().int(),
    requests: z.number().int(),
    error: nullableString,
  }).nullable(),
  kinds: z.object({
    contacts: z.object({
      ...kindFields,
      contacts: z.number().int().describe("Profiles of the customers in cached conversations"),
      companies: z.number().int(),
    }),
    articles: z.object({
      ...kindFields,
      articles: z.number().int(),
      published: z.number().int(),
      collections: z.number().int(),
      languages: z.number().int(),
    }),
    tickets: z.object({
      ...kindFields,
      tickets: z.number().int(),
      open: z.number().int(),
      types: z.number().int(),
      states: z.number().int(),
    }),
  }).describe("What is cached beside conversations, and what the token may not read"),
  freshness: freshnessSchema,
  fence: z.object({
    files: z.string().describe(
      '"only <data directory>", or "anywhere" when run without the fence',
    ),
    network: z.array(z.string()).describe("Hosts this process may reach"),
    environment: z.boolean(),
    subprocesses: z.boolean(),
    ffi: z.boolean(),
  }).describe("What the permission fence lets the server do"),
  settings: z.object({
    max_sync_age_minutes: z.number(),
    background_sync_interval_minutes: z.number(),
    initial_sync_days: z.number(),
    log_level: z.string(),
  }),
};

export type StatusReport = z.infer<z.ZodObject<typeof statusReportSchema>>;
