// The shape of a stats answer, declared once: the MCP tool's outputSchema, the CLI's --json and
// --csv, and the types of the code that builds it all come from here.

import { z } from "zod";
import { freshnessSchema } from "../sync/freshness.ts";

const seconds = z.number().nullable();
const share = z.number().nullable();

export const metricsSchema = z.object({
  conversations: z.number().int(),
  with_handling_data: z.number().int().describe(
    "Conversations whose statistics, rating and Fin outcome are cached; the rest wait for a sync",
  ),
  first_response_count: z.number().int().describe("Conversations a teammate has replied to"),
  first_response_median_seconds: seconds,
  first_response_p90_seconds: seconds,
  first_response_from_intercom: z.number().int().describe(
    "First response times that are Intercom's own figure (statistics.time_to_admin_reply)",
  ),
  first_response_computed: z.number().int().describe(
    "First response times computed from the thread (first teammate reply after the customer's opening; notes and bots excluded), where Intercom sent no figure",
  ),
  closed_count: z.number().int().describe("Conversations closed now with a known time to close"),
  time_to_close_median_seconds: seconds,
  time_to_close_p90_seconds: seconds,
  time_to_close_from_intercom: z.number().int(),
  time_to_close_computed: z.number().int(),
  closed_once: z.number().int().describe("Conversations closed at least once"),
  reopened: z.number().int(),
  reopen_rate: share.describe("reopened / closed_once, 0 to 1"),
  rated: z.number().int(),
  csat_average: z.number().nullable().describe("Average conversation rating, 1 to 5"),
  csat_satisfied_share: share.describe("Share of ratings that are 4 or 5, 0 to 1"),
  fin_involved: z.number().int(),
  fin_involvement_rate: share.describe("fin_involved / with_handling_data, 0 to 1"),
  fin_resolved: z.number().int().describe("Fin's resolution: assumed or confirmed"),
  fin_resolution_rate: share.describe("fin_resolved / fin_involved, 0 to 1"),
});
export type Metrics = z.infer<typeof metricsSchema>;

/** The metrics that change compares: every number of metricsSchema. */
export const METRIC_NAMES = Object.keys(metricsSchema.shape) as (keyof Metrics)[];

export const changeSchema = z.record(z.string(), z.number().nullable()).describe(
  "This period minus the previous one, per metric (null where either is unknown); conversations_pct is the change in volume in percent",
);
export type Change = z.infer<typeof changeSchema>;

const period = z.object({
  start: z.string().describe("ISO 8601 UTC, inclusive"),
  end: z.string().describe("ISO 8601 UTC, exclusive"),
});

export const groupSchema = z.object({
  key: z.string().describe("What the group is, as stored (an id, a day number, …)"),
  label: z.string().describe("What a person reads: a name, a date, a month"),
  metrics: metricsSchema,
  previous: metricsSchema.nullable(),
  change: changeSchema.nullable(),
});

export const statsOutputShape = {
  counted: z.string().describe("Which conversations count: those created in the timeframe"),
  query: z.string().nullable(),
  timeframe: period.extend({ input: z.string(), meaning: z.string() }).nullable(),
  previous_period: period.nullable().describe("With compare: the period of equal length before"),
  timezone: z.string().describe("The IANA time zone days, weeks and months are cut in"),
  filters: z.record(z.string(), z.string()),
  group_by: z.string().nullable(),
  totals: metricsSchema,
  previous_totals: metricsSchema.nullable(),
  change: changeSchema.nullable(),
  groups: z.array(groupSchema),
  groups_total: z.number().int().describe("Groups found; more than groups.length when cut"),
  freshness: freshnessSchema,
};
const statsOutputSchema = z.object(statsOutputShape);
export type StatsOutput = z.infer<typeof statsOutputSchema>;
export type Group = z.infer<typeof groupSchema>;
