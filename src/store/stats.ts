// The SQL behind conversation_stats: one pass over the matching conversations' rows, grouped,
// with each group's times handed back sorted so that medians and percentiles are exact.

import type { SQLInputValue } from "node:sqlite";
import { type FieldFilters, filterClauses, inList } from "./search.ts";
import type { Store } from "./store.ts";

/** Conversations a stats question counts: search's filters, creation time and channel. */
export interface StatsFilters extends FieldFilters {
  /** An FTS5 expression from parseQuery. */
  match: string | null;
  /** Created in [start, end). */
  range: { start: number; end: number } | null;
  /** Source types ("conversation", "email", …). */
  channels: string[] | null;
}

/** A grouping as SQL sees it; time buckets carry the zone's offsets over the range. */
export type StatsGrouping =
  | { kind: "none" }
  | {
    kind: "state" | "tag" | "team" | "assignee" | "channel" | "priority" | "customer" | "rating";
  }
  | { kind: "fin_outcome" }
  | { kind: "day" | "week" | "month"; segments: { from: number; offset: number }[] };

export interface StatsRow {
  /** null: the conversation has none (no tag, unassigned, unrated, no handling data). */
  key: string | null;
  /** In the period asked about; false: in the previous one. */
  current: boolean;
  /** The name of a team, teammate or tag, when cached. */
  name: string | null;
  conversations: number;
  handled: number;
  /** In no order. */
  firstResponse: Float64Array;
  firstResponseIntercom: number;
  firstResponseComputed: number;
  /** In no order. */
  close: Float64Array;
  closeIntercom: number;
  closeComputed: number;
  closedOnce: number;
  reopened: number;
  rated: number;
  ratingSum: number;
  satisfied: number;
  finInvolved: number;
  finResolved: number;
}

/** The SQL of a grouping's key and, where it has one, its name; params in the order used. */
function keyOf(g: StatsGrouping, params: SQLInputValue[]): { key: string; name: string } {
  switch (g.kind) {
    case "none":
      return { key: "NULL", name: "NULL" };
    case "state":
      return { key: "c.state", name: "NULL" };
    case "priority":
      return { key: "c.priority", name: "NULL" };
    case "rating":
      return { key: "CAST(c.rating AS TEXT)", name: "NULL" };
    case "channel":
      return { key: "c.source_type", name: "NULL" };
    case "customer":
      return { key: "c.customer_email", name: "NULL" };
    case "team":
      return {
        key: "c.team_assignee_id",
        name: "(SELECT t.name FROM teams t WHERE t.id = c.team_assignee_id)",
      };
    case "assignee":
      return {
        key: "c.admin_assignee_id",
        name: "(SELECT a.name FROM admins a WHERE a.id = c.admin_assignee_id)",
      };
    case "tag":
      return { key: "gt.tag_id", name: "(SELECT t.name FROM tags t WHERE t.id = gt.tag_id)" };
    case "fin_outcome":
      // Null only where the handling is not known yet; 'not involved' is FIN_NOT_INVOLVED.
      return {
        key:
          "CASE WHEN c.handled IS NULL THEN NULL ELSE coalesce(c.fin_outcome, 'not involved') END",
        name: "NULL",
      };
    default: {
      // The wall-clock time of creation in the zone, from the offset in force then. Bound
      // numbers arrive as reals: cast, or the day arithmetic below would not be whole.
      const cases = g.segments.slice(1).reverse().map((s) => {
        params.push(s.from, s.offset);
        return "WHEN c.created_at >= ? THEN ?";
      });
      params.push(g.segments[0].offset);
      const local = cases.length
        ? `CAST(c.created_at + CASE ${cases.join(" ")} ELSE ? END AS INTEGER)`
        : "CAST(c.created_at + ? AS INTEGER)";
      const key = g.kind === "day"
        ? `CAST(${local} / 86400 AS TEXT)`
        : g.kind === "week"
        ? `CAST((${local} / 86400 + 3) / 7 AS TEXT)`
        : `strftime('%Y-%m', ${local}, 'unixepoch')`;
      return { key, name: "NULL" };
    }
  }
}

/**
 * One pass over the matching conversations' rows, grouped, and split at `splitAt`: rows created
 * before it are the previous period (`current` false). The figures are columns of the row, so
 * nothing is joined but the tags when grouping by tag.
 */
export function statsRows(
  store: Store,
  f: StatsFilters,
  g: StatsGrouping,
  opts: { splitAt?: number; only?: TopGroups | null } = {},
): StatsRow[] {
  const params: SQLInputValue[] = [];
  const group = keyOf(g, params);
  params.push(opts.splitAt ?? 0);
  const where = conditions(f, params);
  const only = opts.only;
  if (only) {
    // Only these groups (the biggest, found by topGroups): customers count thousands.
    where.push(
      `(${group.key} IN (SELECT value FROM json_each(?)) OR (? AND ${group.key} IS NULL))`,
    );
    params.push(JSON.stringify(only.keys), only.none ? 1 : 0);
  }
  // A conversation with two tags counts in both tags' groups, and once in "(no tag)" with none.
  const from = g.kind === "tag"
    ? "conversations c LEFT JOIN conversation_tags gt ON gt.conversation_rowid = c.rowid"
    : "conversations c";
  // Times come unsorted: percentiles pick their ranks in linear time (src/stats/metrics.ts),
  // faster than group_concat's ORDER BY or any sort.
  const sql = `
    SELECT ${group.key} AS k, c.created_at >= ? AS current, min(${group.name}) AS name,
      count(*) AS n,
      count(c.handled) AS handled,
      group_concat(c.first_response) AS frt,
      count(CASE WHEN c.first_response_computed = 0 THEN 1 END) AS frt_i,
      count(CASE WHEN c.first_response_computed = 1 THEN 1 END) AS frt_c,
      group_concat(c.close_time) AS ttc,
      count(CASE WHEN c.close_time_computed = 0 THEN 1 END) AS ttc_i,
      count(CASE WHEN c.close_time_computed = 1 THEN 1 END) AS ttc_c,
      count(CASE WHEN c.closed_once = 1 AND c.reopens IS NOT NULL THEN 1 END) AS closed_once,
      count(CASE WHEN c.closed_once = 1 AND c.reopens > 0 THEN 1 END) AS reopened,
      count(c.rating) AS rated,
      coalesce(sum(c.rating), 0) AS rating_sum,
      count(CASE WHEN c.rating >= 4 THEN 1 END) AS satisfied,
      count(c.fin_outcome) AS fin,
      -- FIN_RESOLVED
      count(CASE WHEN c.fin_outcome IN ('assumed_resolution', 'confirmed_resolution') THEN 1 END)
        AS fin_resolved
    FROM ${from}
    WHERE ${where.join(" AND ") || "1"}
    GROUP BY k, current`;
  const rows = store.stmt(sql).all(...params) as Record<string, SQLInputValue>[];
  return rows.map((r) => ({
    key: r.k === null ? null : String(r.k),
    current: Number(r.current) === 1,
    name: r.name === null ? null : String(r.name),
    conversations: Number(r.n),
    handled: Number(r.handled),
    firstResponse: numbers(r.frt),
    firstResponseIntercom: Number(r.frt_i),
    firstResponseComputed: Number(r.frt_c),
    close: numbers(r.ttc),
    closeIntercom: Number(r.ttc_i),
    closeComputed: Number(r.ttc_c),
    closedOnce: Number(r.closed_once),
    reopened: Number(r.reopened),
    rated: Number(r.rated),
    ratingSum: Number(r.rating_sum),
    satisfied: Number(r.satisfied),
    finInvolved: Number(r.fin),
    finResolved: Number(r.fin_resolved),
  }));
}

/** "3,1,2" as numbers, parsed natively as JSON (several times faster than split and Number). */
function numbers(v: SQLInputValue): Float64Array {
  if (v === null || v === undefined || v === "") return new Float64Array(0);
  return Float64Array.from(JSON.parse(`[${String(v)}]`) as number[]);
}

export interface TopGroups {
  keys: string[];
  /** The group of conversations without a value (no email) is among them. */
  none: boolean;
  /** Groups there are in all. */
  total: number;
}

/**
 * The `limit` biggest groups of a grouping whose key takes no parameters, and how many groups
 * there are: counting is cheap, the times of thousands of groups are not.
 */
export function topGroups(
  store: Store,
  f: StatsFilters,
  g: StatsGrouping,
  limit: number,
): TopGroups {
  const params: SQLInputValue[] = [];
  const group = keyOf(g, params);
  const where = conditions(f, params);
  const rows = store.stmt(
    `SELECT ${group.key} AS k, count(*) AS n, count(*) OVER () AS groups FROM conversations c
     WHERE ${where.join(" AND ") || "1"} GROUP BY k ORDER BY n DESC, k LIMIT ?`,
  ).all(...params, limit) as { k: string | null; n: number; groups: number }[];
  return {
    keys: rows.flatMap((r) => (r.k === null ? [] : [String(r.k)])),
    none: rows.some((r) => r.k === null),
    total: Number(rows[0]?.groups ?? 0),
  };
}

/** Which conversations count: the search's filters, the creation time and the channel. */
function conditions(f: StatsFilters, params: SQLInputValue[]): string[] {
  const where: string[] = [];
  if (f.match !== null) {
    where.push("c.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)");
    params.push(f.match);
  }
  if (f.range) {
    where.push("c.created_at >= ? AND c.created_at < ?");
    params.push(f.range.start, f.range.end);
  }
  filterClauses(where, params, f);
  inList(where, params, "c.source_type", f.channels);
  return where;
}

/** The first and last creation time among cached conversations: the span of "all time". */
export function createdSpan(store: Store): { first: number; last: number } | null {
  const r = store.stmt("SELECT min(created_at) AS a, max(created_at) AS b FROM conversations")
    .get() as { a: number | null; b: number | null };
  return r.a === null || r.b === null ? null : { first: Number(r.a), last: Number(r.b) };
}

/** Channels (source types) the cache holds, for checking a channel filter. */
export function knownChannels(store: Store): string[] {
  return (store.stmt(
    "SELECT DISTINCT source_type AS s FROM conversations WHERE source_type IS NOT NULL ORDER BY s",
  ).all() as { s: string }[]).map((r) => r.s);
}
