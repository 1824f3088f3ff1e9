// From a group's sums and times to the numbers an answer shows: exact percentiles,
// rates, averages, and the change from a previous period.

import type { StatsRow } from "../store/stats.ts";
import { type Change, METRIC_NAMES, type Metrics } from "./schema.ts";

/**
 * The p-th percentile (0 to 1) of `values`, interpolating linearly between the two nearest
 * ranks (so the median of an even count is the mean of the middle two); null when empty.
 */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  if (!values.length) return null;
  const copy = Float64Array.from(values);
  const at = (copy.length - 1) * p;
  const lo = Math.floor(at);
  const below = select(copy, lo);
  // Past a selection, everything right of lo is at least as large: the next rank is their least.
  let above = below;
  if (lo + 1 < copy.length) {
    above = Infinity;
    for (let i = lo + 1; i < copy.length; i++) if (copy[i] < above) above = copy[i];
  }
  return below + (above - below) * (at - lo);
}

/**
 * Moves the k-th smallest value to index k, smaller ones before it and larger after (Hoare's
 * selection, median-of-three pivots): linear time on average, where a sort is n log n.
 */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >> 1;
    const pivot = Math.max(
      Math.min(a[left], a[mid]),
      Math.min(Math.max(a[left], a[mid]), a[right]),
    );
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k];
}

function ratio(part: number, whole: number): number | null {
  return whole ? part / whole : null;
}

/** A group with no conversations: an empty day, or a group absent from the previous period. */
export function emptyRow(key: string | null): StatsRow {
  return {
    key,
    current: true,
    name: null,
    conversations: 0,
    handled: 0,
    firstResponse: new Float64Array(0),
    firstResponseIntercom: 0,
    firstResponseComputed: 0,
    close: new Float64Array(0),
    closeIntercom: 0,
    closeComputed: 0,
    closedOnce: 0,
    reopened: 0,
    rated: 0,
    ratingSum: 0,
    satisfied: 0,
    finInvolved: 0,
    finResolved: 0,
  };
}

/** Groups taken together: the totals of a grouping that splits conversations between groups. */
export function mergeRows(rows: readonly StatsRow[]): StatsRow {
  const out = emptyRow(null);
  const times = (pick: (r: StatsRow) => Float64Array) => {
    const all = new Float64Array(rows.reduce((n, r) => n + pick(r).length, 0));
    let at = 0;
    for (const r of rows) {
      all.set(pick(r), at);
      at += pick(r).length;
    }
    return all;
  };
  out.firstResponse = times((r) => r.firstResponse);
  out.close = times((r) => r.close);
  for (const r of rows) {
    out.conversations += r.conversations;
    out.handled += r.handled;
    out.firstResponseIntercom += r.firstResponseIntercom;
    out.firstResponseComputed += r.firstResponseComputed;
    out.closeIntercom += r.closeIntercom;
    out.closeComputed += r.closeComputed;
    out.closedOnce += r.closedOnce;
    out.reopened += r.reopened;
    out.rated += r.rated;
    out.ratingSum += r.ratingSum;
    out.satisfied += r.satisfied;
    out.finInvolved += r.finInvolved;
    out.finResolved += r.finResolved;
  }
  return out;
}

export function metricsOf(r: StatsRow): Metrics {
  return {
    conversations: r.conversations,
    with_handling_data: r.handled,
    first_response_count: r.firstResponse.length,
    first_response_median_seconds: percentile(r.firstResponse, 0.5),
    first_response_p90_seconds: percentile(r.firstResponse, 0.9),
    first_response_from_intercom: r.firstResponseIntercom,
    first_response_computed: r.firstResponseComputed,
    closed_count: r.close.length,
    time_to_close_median_seconds: percentile(r.close, 0.5),
    time_to_close_p90_seconds: percentile(r.close, 0.9),
    time_to_close_from_intercom: r.closeIntercom,
    time_to_close_computed: r.closeComputed,
    closed_once: r.closedOnce,
    reopened: r.reopened,
    reopen_rate: ratio(r.reopened, r.closedOnce),
    rated: r.rated,
    csat_average: ratio(r.ratingSum, r.rated),
    csat_satisfied_share: ratio(r.satisfied, r.rated),
    fin_involved: r.finInvolved,
    fin_involvement_rate: ratio(r.finInvolved, r.handled),
    fin_resolved: r.finResolved,
    fin_resolution_rate: ratio(r.finResolved, r.finInvolved),
  };
}

/** Each metric's difference, and the change in volume in percent. */
export function changeOf(now: Metrics, before: Metrics): Change {
  const change: Change = {};
  for (const name of METRIC_NAMES) {
    const a = now[name];
    const b = before[name];
    change[name] = a === null || b === null ? null : a - b;
  }
  change.conversations_pct = before.conversations
    ? (now.conversations - before.conversations) / before.conversations * 100
    : null;
  return change;
}
