// Calendar buckets (day, week, month) in a time zone, and the offsets SQL needs to put each
// conversation in its bucket: a zone's offset from UTC is constant between its transitions, so
// the bucket of a Unix time is plain arithmetic once the transitions in range are known.

export const TIME_GROUPS = ["day", "week", "month"] as const;
export type TimeGroup = typeof TIME_GROUPS[number];

/** More buckets than this is a wall of rows, not an answer: a coarser grouping says more. */
export const MAX_BUCKETS: Record<TimeGroup, number> = { day: 400, week: 260, month: 120 };

const DAY = 86400;
/** Real zones never change offset twice within this: stepping by it finds every transition. */
const STEP = 7 * DAY;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone this process runs in, as an IANA name. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Seconds to add to a Unix time to get the wall-clock time in `zone` at that moment. */
export function offsetAt(zone: string, seconds: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    formatters.set(zone, f);
  }
  const name = f.formatToParts(new Date(seconds * 1000))
    .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(name);
  if (!m) return 0;
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0));
}

/** One stretch of constant offset: from `from` (inclusive) on, until the next segment's `from`. */
export interface OffsetSegment {
  from: number;
  offset: number;
}

/** The offsets in force over [start, end), found by stepping and then bisecting to the second. */
export function offsetSegments(zone: string, start: number, end: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ from: start, offset: offsetAt(zone, start) }];
  let at = start;
  while (at < end) {
    const next = Math.min(at + STEP, end);
    const current = segments[segments.length - 1].offset;
    if (offsetAt(zone, next) !== current) {
      let lo = at;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(zone, mid) === current) lo = mid;
        else hi = mid;
      }
      segments.push({ from: hi, offset: offsetAt(zone, hi) });
      at = hi;
    } else at = next;
  }
  return segments;
}

/**
 * The key of a local time's bucket, as SQL computes it: for days and weeks a whole number
 * (days since 1970-01-01, weeks since the Monday before it), for months "YYYY-MM".
 */
export function bucketKey(group: TimeGroup, localSeconds: number): string {
  const day = Math.floor(localSeconds / DAY);
  if (group === "day") return String(day);
  // 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
  if (group === "week") return String(Math.floor((day + 3) / 7));
  return new Date(localSeconds * 1000).toISOString().slice(0, 7);
}

/** What a person reads for a bucket: the day, the Monday a week starts on, or the month. */
export function bucketLabel(group: TimeGroup, key: string): string {
  if (group === "month") return key;
  const day = group === "day" ? Number(key) : Number(key) * 7 - 3;
  return new Date(day * DAY * 1000).toISOString().slice(0, 10);
}

/**
 * Every bucket that [start, end) touches, in order, so that empty ones show as zero; stops
 * past MAX_BUCKETS, which the caller refuses.
 */
export function bucketsBetween(
  group: TimeGroup,
  zone: string,
  start: number,
  end: number,
): string[] {
  const keys: string[] = [];
  const last = bucketKey(group, end - 1 + offsetAt(zone, end - 1));
  // A step of a day never skips a local day: local days last 23 to 25 hours.
  for (let at = start; keys.length <= MAX_BUCKETS[group]; at += DAY) {
    const key = bucketKey(group, at + offsetAt(zone, at));
    if (keys[keys.length - 1] !== key) keys.push(key);
    if (key === last) break;
  }
  return keys;
}
