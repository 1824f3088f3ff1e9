// conversation_stats and `report`: checks and resolves the question with the search's own
// filter resolution, counts in the store, and shapes one answer with exact percentiles and,
// when asked, the previous period of equal length beside it.

import {
  createdSpan,
  knownChannels,
  type StatsGrouping,
  type StatsRow,
  statsRows,
  type TopGroups,
  topGroups,
} from "../store/stats.ts";
import type { Store } from "../store/store.ts";
import type { Freshness } from "../sync/freshness.ts";
import { parseQuery } from "../store/fts_query.ts";
import { MAX_QUERY_LENGTH, type SearchInput } from "../search/schema.ts";
import { oneOf, resolveFilters, SearchInputError } from "../search/search.ts";
import { iso } from "../time.ts";
import { changeOf, emptyRow, mergeRows, metricsOf } from "./metrics.ts";
import {
  bucketLabel,
  bucketsBetween,
  localTimeZone,
  MAX_BUCKETS,
  type OffsetSegment,
  offsetSegments,
  TIME_GROUPS,
  type TimeGroup,
} from "./periods.ts";
import type { Group, StatsOutput } from "./schema.ts";

export const GROUPINGS = [
  "state",
  "tag",
  "team",
  "assignee",
  "channel",
  "priority",
  "customer",
  "rating",
  "fin_outcome",
  ...TIME_GROUPS,
] as const;
export type Grouping = typeof GROUPINGS[number];

export const DEFAULT_GROUPS = 25;
export const MAX_GROUPS = 500;

/** A stats question: the search's words and filters, plus what stats adds. */
export interface StatsInput extends
  Pick<
    SearchInput,
    | "query"
    | "timeframe"
    | "timezone"
    | "customer_email"
    | "state"
    | "priority"
    | "assignee"
    | "team"
    | "tag"
  > {
  channel?: string;
  group_by?: string;
  compare?: boolean;
  limit?: number;
}

export interface StatsContext {
  store: Store;
  now: Date;
  freshness: Freshness;
}

/** What a group without a value is called, per grouping. */
const NONE_LABEL: Record<string, string> = {
  tag: "(no tag)",
  team: "(no team)",
  assignee: "(unassigned)",
  channel: "(unknown)",
  customer: "(no email)",
  rating: "(unrated)",
  fin_outcome: "(not synced yet)",
};

export function conversationStats(ctx: StatsContext, input: StatsInput): StatsOutput {
  const groupBy = input.group_by?.trim().toLowerCase().replace(/[\s-]+/g, "_") || null;
  if (groupBy !== null && !(GROUPINGS as readonly string[]).includes(groupBy)) {
    throw new SearchInputError(
      `group_by must be one of ${GROUPINGS.join(", ")}; got "${input.group_by!.slice(0, 80)}"`,
    );
  }
  const limit = input.limit ?? DEFAULT_GROUPS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_GROUPS) {
    throw new SearchInputError(
      `limit must be a whole number from 1 to ${MAX_GROUPS}, got ${limit}`,
    );
  }
  const query = input.query?.trim() || null;
  if (query !== null && query.length > MAX_QUERY_LENGTH) {
    throw new SearchInputError(
      `query is ${query.length} characters long; at most ${MAX_QUERY_LENGTH} are searched`,
    );
  }
  // Counting asks for conversations holding every word, not a ranking of most of them.
  const match = query === null
    ? null
    : parseQuery(query, { requireAll: true }).terms.map((t) => t.fts).join(" AND ") || null;
  if (query !== null && match === null) {
    throw new SearchInputError(
      `query "${query.slice(0, 80)}" has no letters or digits to search for`,
    );
  }
  // The search's own checks: the time zone, the timeframe in it, the filters and their names.
  const { timeframe, range, filters: labels, ...fields } = resolveFilters(
    ctx.store,
    ctx.now,
    input,
  );
  const zone = input.timezone?.trim() || localTimeZone();
  const filters = {
    ...fields,
    channels: input.channel?.trim()
      ? oneOf("channel", input.channel, knownChannels(ctx.store), labels)
      : null,
  };
  if (input.compare && range === null) {
    throw new SearchInputError(
      'compare needs a timeframe: the previous period is the one of equal length before it (e.g. timeframe "last 7 days")',
    );
  }
  const previous = input.compare && range
    ? { start: range.start - (range.end - range.start), end: range.start }
    : null;

  // One pass covers both periods: rows created before splitAt are the previous one.
  const span = previous && range ? { start: previous.start, end: range.end } : range;
  const ask = (grouping: StatsGrouping, only: TopGroups | null = null) =>
    statsRows(ctx.store, { ...filters, match: match, range: span }, grouping, {
      splitAt: previous ? range!.start : 0,
      only,
    });

  // One snapshot: totals, groups and the previous period all count the same cache.
  return ctx.store.snapshot(() => {
    let rows: StatsRow[] = [];
    let groups: Group[] = [];
    let groupsTotal = 0;
    let top: TopGroups | null = null;
    if (groupBy !== null && (TIME_GROUPS as readonly string[]).includes(groupBy)) {
      const buckets = timeBuckets(ctx.store, groupBy as TimeGroup, zone, range, span);
      rows = buckets ? ask({ kind: groupBy as TimeGroup, segments: buckets.segments }) : [];
      const byKey = new Map(rows.filter((r) => r.current).map((r) => [r.key, r]));
      groups = (buckets?.keys ?? []).map((key) => ({
        key,
        label: bucketLabel(groupBy as TimeGroup, key),
        metrics: metricsOf(byKey.get(key) ?? emptyRow(key)),
        previous: null,
        change: null,
      }));
      groupsTotal = groups.length;
    } else if (groupBy !== null) {
      const grouping = { kind: groupBy } as StatsGrouping;
      // Customers number thousands: find the biggest first, then count only those.
      top = groupBy === "customer"
        ? topGroups(ctx.store, { ...filters, match: match, range }, grouping, limit)
        : null;
      rows = ask(grouping, top);
      const now = rows.filter((r) => r.current);
      const old = previous ? new Map(rows.filter((r) => !r.current).map((r) => [r.key, r])) : null;
      groupsTotal = top?.total ?? now.length;
      groups = sortGroups(groupBy, now).slice(0, limit).map((r) => {
        const metrics = metricsOf(r);
        const prev = old ? metricsOf(old.get(r.key) ?? emptyRow(r.key)) : null;
        return {
          key: r.key ?? "",
          label: r.key === null ? NONE_LABEL[groupBy] ?? "(none)" : r.name ?? r.key,
          metrics,
          previous: prev,
          change: prev ? changeOf(metrics, prev) : null,
        };
      });
    }
    // The groups add up to the totals unless a conversation can be in two (tags) or only the
    // biggest groups were counted (customers).
    if (groupBy === null || groupBy === "tag" || top !== null) rows = ask({ kind: "none" });
    const totalMetrics = metricsOf(mergeRows(rows.filter((r) => r.current)));
    const previousTotals = previous ? metricsOf(mergeRows(rows.filter((r) => !r.current))) : null;
    return {
      counted: "conversations created in the timeframe (all cached ones without a timeframe)",
      query,
      timeframe,
      previous_period: previous ? { start: iso(previous.start), end: iso(previous.end) } : null,
      timezone: zone,
      filters: labels,
      group_by: groupBy,
      totals: totalMetrics,
      previous_totals: previousTotals,
      change: previousTotals ? changeOf(totalMetrics, previousTotals) : null,
      groups,
      groups_total: groupsTotal,
      freshness: ctx.freshness,
    };
  });
}

/** Biggest first; ratings from 5 down; ties by key, so the order never wobbles. */
function sortGroups(groupBy: string, rows: StatsRow[]): StatsRow[] {
  if (groupBy === "rating") {
    return [...rows].sort((a, b) => (b.key ?? "0").localeCompare(a.key ?? "0"));
  }
  return [...rows].sort((a, b) =>
    b.conversations - a.conversations || (a.key ?? "").localeCompare(b.key ?? "")
  );
}

/**
 * Every day, week or month of the range (the whole cache without one), in order, and the
 * zone's offsets over what the question reads (with the previous period).
 */
function timeBuckets(
  store: Store,
  group: TimeGroup,
  zone: string,
  range: { start: number; end: number } | null,
  span: { start: number; end: number } | null,
): { keys: string[]; segments: OffsetSegment[] } | null {
  const all = (() => {
    const s = createdSpan(store);
    return s ? { start: s.first, end: s.last + 1 } : null;
  })();
  const shown = range ?? all;
  const read = span ?? all;
  if (shown === null || read === null) return null;
  const keys = bucketsBetween(group, zone, shown.start, shown.end);
  if (keys.length > MAX_BUCKETS[group]) {
    throw new SearchInputError(
      `group_by ${group} over ${range ? "this timeframe" : "the whole cache"} gives more than ${
        MAX_BUCKETS[group]
      } ${group}s; ` +
        `use a shorter timeframe or a coarser grouping (${
          TIME_GROUPS.filter((g) => g !== group).join(", ")
        })`,
    );
  }
  return { keys, segments: offsetSegments(zone, read.start, read.end) };
}
