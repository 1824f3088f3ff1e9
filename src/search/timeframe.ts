/**
 * Turns the natural-language timeframes of search ("last 7 days", "since Monday",
 * "2026-01-01 to 2026-02-15") into exact [start, end) ranges in the local time zone.
 */
import * as chrono from "chrono-node";

/** A half-open range of time and the words for what the timeframe was understood to mean. */
export interface TimeRange {
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
  /** Normalised human text of what was understood, e.g. "last 7 days". */
  label: string;
}

/** A timeframe that cannot be turned into a range; the message says why and what would work. */
export class TimeframeError extends Error {
  override name = "TimeframeError";
}

/** An example of every accepted form, for error messages and tool descriptions. */
export const TIMEFRAME_FORMS: readonly string[] = [
  "today",
  "yesterday",
  "last 7 days",
  "past 24 hours",
  "last hour",
  "7d",
  "2w",
  "3mo",
  "this week",
  "this month",
  "this quarter",
  "this year",
  "last week",
  "last month",
  "last quarter",
  "last year",
  "3 days ago",
  "2 weeks ago",
  "Monday",
  "last Tuesday",
  "since Monday",
  "since yesterday",
  "since March 1",
  "since 2026-03-01T09:00",
  "2026-03-01",
  "2026-03",
  "2026",
  "March 2026",
  "in March",
  "Jan 5",
  "2026-01-01 to 2026-02-15",
  "from March 1 to March 5",
  "between 2026-01-01 and 2026-02-15",
  "2026-01-01..2026-02-15",
];

// Longer inputs are never timeframes, and chrono's cost grows with the length of its input.
const MAX_INPUT_LENGTH = 200;
const QUOTED_INPUT_LENGTH = 100;

/**
 * Reads `text` as a timeframe relative to `now`, in the process's local time zone.
 * Forms that look back ("last 7 days", "this month") end at `now`; named periods ("today",
 * "last month", "2026-03") are whole calendar periods. Weeks start on Monday.
 *
 * @throws {TimeframeError} when the text is not understood, is empty, ends before it starts
 * or lies entirely in the future. It never throws anything else.
 */
export function parseTimeframe(text: string, now: Date): TimeRange {
  try {
    if (text.length > MAX_INPUT_LENGTH) {
      throw new Problem(`is longer than ${MAX_INPUT_LENGTH} characters`);
    }
    const normalised = text.trim().replace(/\s+/g, " ").toLowerCase();
    if (normalised === "") throw new Problem("is empty");
    const range = understand(normalised, now);
    if (Number.isNaN(range.start.getTime()) || Number.isNaN(range.end.getTime())) {
      throw new Problem("reaches beyond the dates that can be represented");
    }
    if (range.start > now) {
      throw new Problem(`is entirely in the future (it starts ${stamp(range.start)})`);
    }
    if (range.start > range.end) throw new Problem("ends before it starts");
    if (range.start.getTime() === range.end.getTime()) throw new Problem("is empty");
    return range;
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    const quoted = text.length > QUOTED_INPUT_LENGTH
      ? `${JSON.stringify(text.slice(0, QUOTED_INPUT_LENGTH))}…`
      : JSON.stringify(text);
    throw new TimeframeError(
      `Timeframe ${quoted} ${error.message}. Understood forms: ${TIMEFRAME_FORMS.join(", ")}.`,
    );
  }
}

/** Why the timeframe in hand cannot be used; parseTimeframe turns it into a TimeframeError. */
class Problem extends Error {}

type Unit = "minute" | "hour" | "day" | "week" | "month" | "quarter" | "year";

/** A date or period named inside a timeframe, before it becomes (part of) a range. */
interface Span {
  start: Date;
  end: Date;
  /** A moment ("2026-03-01T09:00") rather than a period: as the end of a range it is exclusive. */
  isInstant: boolean;
  /** The words for relative forms ("last month"), shown before the dates they resolved to. */
  phrase?: string;
  /** For dates written without a year, the same date one year on. */
  aYearLater?: Span;
}

function understand(text: string, now: Date): TimeRange {
  const since = /^since (.+)$/.exec(text);
  if (since) {
    const start = parseSpan(since[1], now).start;
    return { start, end: now, label: describe(start, now, now) };
  }
  const bounds = /^between (.+) and (.+)$/.exec(text) ??
    /^(?:from )?(.+?) to (.+)$/.exec(text) ??
    /^(.+?) ?\.\. ?(.+)$/.exec(text);
  if (bounds) {
    const first = parseSpan(bounds[1], now);
    let last = parseSpan(bounds[2], now);
    // "March 1 to March 5" on March 3 means this year's, though this year's March 5 is
    // still ahead: a yearless end follows its start.
    if (last.aYearLater && spanEnd(last) <= first.start) last = last.aYearLater;
    const end = spanEnd(last);
    return { start: first.start, end, label: describe(first.start, end, now) };
  }
  const lookback = parseLookback(text, now);
  if (lookback) return lookback;
  const span = parseSpan(text, now);
  if (span.isInstant) {
    throw new Problem(
      `names a moment, not a period; put "since" before it or give an end with "to"`,
    );
  }
  const dates = describe(span.start, span.end, now);
  return {
    start: span.start,
    end: span.end,
    label: span.phrase ? `${span.phrase} (${dates})` : dates,
  };
}

/** Where a span ends as the end of a range: a day includes itself, a moment does not. */
function spanEnd(span: Span): Date {
  return span.isInstant ? span.start : span.end;
}

const UNITS = new Map<string, Unit>([
  ["min", "minute"],
  ["mins", "minute"],
  ["minute", "minute"],
  ["minutes", "minute"],
  ["h", "hour"],
  ["hr", "hour"],
  ["hrs", "hour"],
  ["hour", "hour"],
  ["hours", "hour"],
  ["d", "day"],
  ["day", "day"],
  ["days", "day"],
  ["w", "week"],
  ["wk", "week"],
  ["wks", "week"],
  ["week", "week"],
  ["weeks", "week"],
  ["mo", "month"],
  ["mos", "month"],
  ["month", "month"],
  ["months", "month"],
  ["quarter", "quarter"],
  ["quarters", "quarter"],
  ["y", "year"],
  ["yr", "year"],
  ["yrs", "year"],
  ["year", "year"],
  ["years", "year"],
]);

/** "last 7 days", "past 24 hours", "7d", "past week": the rolling stretch that ends now. */
function parseLookback(text: string, now: Date): TimeRange | undefined {
  // "last week" is the previous calendar week (parseSpan), "past week" the last 7 days.
  const single = /^(?:past (minute|hour|day|week|month|quarter|year)|last (minute|hour|day))$/
    .exec(text);
  if (single) {
    const unit = (single[1] ?? single[2]) as Unit;
    return { start: goBack(now, unit, 1), end: now, label: `past ${unit}` };
  }
  const counted = /^(?:(?:last|past) )?(\d+) ?([a-z]+)$/.exec(text);
  if (!counted) return undefined;
  if (counted[2] === "m") throw new Problem(`could mean minutes or months; write "min" or "mo"`);
  const unit = UNITS.get(counted[2]);
  if (!unit) return undefined;
  const count = parseCount(counted[1]);
  return {
    start: goBack(now, unit, count),
    end: now,
    label: count === 1 ? `past ${unit}` : `last ${count} ${unit}s`,
  };
}

function parseCount(digits: string): number {
  const count = Number(digits);
  if (count < 1) throw new Problem("counts no time; the number must be at least 1");
  if (!Number.isSafeInteger(count)) throw new Problem("has a number too large to use");
  return count;
}

/**
 * `count` units before `from`: minutes and hours as elapsed time, longer units at the same
 * local time of day, so "last 7 days" starts at this hour a week ago even across a DST change.
 */
function goBack(from: Date, unit: Unit, count: number): Date {
  switch (unit) {
    case "minute":
      return new Date(from.getTime() - count * 60_000);
    case "hour":
      return new Date(from.getTime() - count * 3_600_000);
    case "day":
      return shiftLocal(from, 0, -count);
    case "week":
      return shiftLocal(from, 0, -7 * count);
    case "month":
      return shiftLocal(from, -count, 0);
    case "quarter":
      return shiftLocal(from, -3 * count, 0);
    case "year":
      return shiftLocal(from, -12 * count, 0);
  }
}

/** Moves a local date by months, then days; a day past the month's end becomes its last day. */
function shiftLocal(from: Date, months: number, days: number): Date {
  const year = from.getFullYear();
  const month = from.getMonth() + months;
  const lastDay = localTime(year, month + 1, 0).getDate();
  return localTime(
    year,
    month,
    Math.min(from.getDate(), lastDay) + days,
    from.getHours(),
    from.getMinutes(),
    from.getSeconds(),
    from.getMilliseconds(),
  );
}

const WEEKDAYS = new Map<string, number>([
  ["sunday", 0],
  ["sun", 0],
  ["monday", 1],
  ["mon", 1],
  ["tuesday", 2],
  ["tue", 2],
  ["tues", 2],
  ["wednesday", 3],
  ["wed", 3],
  ["thursday", 4],
  ["thu", 4],
  ["thur", 4],
  ["thurs", 4],
  ["friday", 5],
  ["fri", 5],
  ["saturday", 6],
  ["sat", 6],
]);

const WEEKDAY_NAMES = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];

/** A date or period: the start of a "since", either end of a range, or a timeframe by itself. */
function parseSpan(text: string, now: Date): Span {
  const bare = text.replace(/^(?:in|on) /, "");
  const span = parseNamed(bare, now) ?? parseIso(bare) ?? parseWithChrono(bare, now);
  if (!span) throw new Problem("is not understood");
  return span;
}

/** The relative forms with a fixed meaning, which chrono reads as points or not at all. */
function parseNamed(text: string, now: Date): Span | undefined {
  if (text === "today") return { ...period("day", now, 0), isInstant: false, phrase: "today" };
  if (text === "yesterday") {
    return { ...period("day", now, -1), isInstant: false, phrase: "yesterday" };
  }
  const calendar = /^(this|last) (week|month|quarter|year)$/.exec(text);
  if (calendar) {
    const unit = calendar[2] as Unit;
    const whole = calendar[1] === "this"
      ? { start: period(unit, now, 0).start, end: now }
      : period(unit, now, -1);
    return { ...whole, isInstant: false, phrase: text };
  }
  const ago = /^(?:(\d+) ?|an? )([a-z]+) ago$/.exec(text);
  const agoUnit = ago && UNITS.get(ago[2]);
  if (ago && agoUnit) {
    const count = ago[1] === undefined ? 1 : parseCount(ago[1]);
    // "3 months ago" is the whole calendar month three months back, not one instant in it.
    return {
      ...period(agoUnit, now, -count),
      isInstant: false,
      phrase: `${count} ${agoUnit}${count === 1 ? "" : "s"} ago`,
    };
  }
  const weekday = WEEKDAYS.get(text);
  if (weekday !== undefined) {
    // The most recent such day, today included: chrono would pick the nearest, even ahead.
    const daysBack = (now.getDay() - weekday + 7) % 7;
    return { ...period("day", now, -daysBack), isInstant: false, phrase: WEEKDAY_NAMES[weekday] };
  }
  return undefined;
}

const ISO_DATE =
  /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

/** "2026", "2026-03", "2026-03-01" and ISO date-times, read strictly. */
function parseIso(text: string): Span | undefined {
  // Chrono would read "2026-13-01" as January 13th; anything shaped like ISO is ISO or wrong.
  if (!/^\d{4}(?:-|$)/.test(text)) return undefined;
  const match = ISO_DATE.exec(text);
  if (!match) throw new Problem("is not a valid ISO date (YYYY, YYYY-MM, YYYY-MM-DD[THH:MM])");
  const [, year, month = "1", day = "1", hours, minutes = "0", seconds = "0", fraction = "", zone]:
    (string | undefined)[] = match;
  const parts = [
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hours ?? 0),
    Number(minutes),
    Number(seconds),
    Number(fraction.padEnd(3, "0").slice(0, 3)),
  ] as const;
  const date = localTime(parts[0], parts[1], parts[2]);
  const exists = date.getFullYear() === parts[0] && date.getMonth() === parts[1] &&
    date.getDate() === parts[2] && parts[3] < 24 && parts[4] < 60 && parts[5] < 60;
  if (!exists) throw new Problem("names a date or time that does not exist");
  if (hours === undefined) {
    const unit = match[3] ? "day" : match[2] ? "month" : "year";
    return { ...period(unit, date, 0), isInstant: false };
  }
  const at = zone === undefined
    ? localTime(...parts)
    : new Date(utcTime(...parts).getTime() - offsetMinutes(zone) * 60_000);
  return { start: at, end: at, isInstant: true };
}

/** A UTC offset as written after an ISO time: "z", "+05:30", "-0800", "+01". */
function offsetMinutes(zone: string): number {
  if (zone === "z") return 0;
  const [, sign, hours, minutes = "0"]: (string | undefined)[] =
    /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
  if (Number(hours) > 23 || Number(minutes) > 59) {
    throw new Problem("has a UTC offset that does not exist");
  }
  return (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/** Month names, weekdays with "last"/"next", times of day: what chrono reads well. */
function parseWithChrono(text: string, now: Date): Span | undefined {
  if (/\d ?[./] ?\d/.test(text)) {
    // Chrono reads 3/5/2026 as March 5th but 13/5/2026 as May 13th.
    throw new Problem("has a numeric date whose day and month order is unclear; write YYYY-MM-DD");
  }
  let results: chrono.ParsedResult[];
  try {
    results = chrono.parse(text, now);
  } catch {
    // Input here is anyone's text; a failure inside the library means it was not understood.
    return undefined;
  }
  if (results.length !== 1) return undefined;
  const [{ index, text: matched, start: found, end }] = results;
  // A partial match would silently drop words ("March 5 please"); a range comes in two spans.
  if (index !== 0 || matched !== text || end) return undefined;
  const granularity = found.isCertain("hour")
    ? "instant"
    : found.isCertain("day") || found.isCertain("weekday")
    ? "day"
    : found.isCertain("month")
    ? "month"
    : undefined;
  if (!granularity) return undefined;
  const chronoYear = found.get("year") ?? now.getFullYear();
  const inYear = (year: number): Span => {
    if (granularity === "instant") {
      const at = found.date();
      at.setFullYear(at.getFullYear() + year - chronoYear);
      return { start: at, end: at, isInstant: true };
    }
    const day = localTime(year, (found.get("month") ?? 1) - 1, found.get("day") ?? 1);
    return { ...period(granularity, day, 0), isInstant: false };
  };
  if (found.isCertain("year") || !found.isCertain("month")) return inYear(chronoYear);
  // Chrono gives "March 5" the nearest year, even next year's; a timeframe means the most
  // recent one that has begun.
  const thisYear = now.getFullYear();
  const year = inYear(thisYear).start <= now ? thisYear : thisYear - 1;
  return { ...inYear(year), aYearLater: inYear(year + 1) };
}

/** The whole calendar `unit` that holds `at`, moved by `shift` units. */
function period(unit: Unit, at: Date, shift: number): { start: Date; end: Date } {
  return { start: periodStart(unit, at, shift), end: periodStart(unit, at, shift + 1) };
}

function periodStart(unit: Unit, at: Date, shift: number): Date {
  const year = at.getFullYear();
  const month = at.getMonth();
  const day = at.getDate();
  switch (unit) {
    // Minutes and hours by elapsed time: local clock hours repeat when DST ends.
    case "minute":
      return new Date(
        at.getTime() - at.getSeconds() * 1000 - at.getMilliseconds() + shift * 60_000,
      );
    case "hour":
      return new Date(
        at.getTime() - at.getMinutes() * 60_000 - at.getSeconds() * 1000 -
          at.getMilliseconds() + shift * 3_600_000,
      );
    case "day":
      return localTime(year, month, day + shift);
    case "week":
      return localTime(year, month, day - (at.getDay() + 6) % 7 + 7 * shift);
    case "month":
      return localTime(year, month + shift, 1);
    case "quarter":
      return localTime(year, month - month % 3 + 3 * shift, 1);
    case "year":
      return localTime(year + shift, 0, 1);
  }
}

/**
 * A local wall-clock time; fields past their range carry over (day 0 is the previous month's
 * last day). A time skipped by DST moves forward by the length of the gap.
 */
function localTime(
  year: number,
  month: number,
  day: number,
  hours = 0,
  minutes = 0,
  seconds = 0,
  ms = 0,
): Date {
  // From noon, which no DST change skips, so the date lands where asked. The Date constructor
  // reads years 0–99 as 1900–1999; setFullYear does not.
  const date = new Date(2000, 0, 1, 12);
  date.setFullYear(year, month, day);
  date.setHours(hours, minutes, seconds, ms);
  return date;
}

/** The same as localTime, in UTC. */
function utcTime(
  year: number,
  month: number,
  day: number,
  hours: number,
  minutes: number,
  seconds: number,
  ms: number,
): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, ms);
  return date;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Local dates for a range: "2026", "Q3 2026", "March 2026", "2026-03-01", "since …", "… to …". */
function describe(start: Date, end: Date, now: Date): string {
  if (isStartOfDay(start) && isStartOfDay(end)) {
    const year = pad(start.getFullYear(), 4);
    const named: [Unit, string][] = [
      ["year", year],
      ["quarter", `Q${Math.floor(start.getMonth() / 3) + 1} ${year}`],
      ["month", `${MONTH_NAMES[start.getMonth()]} ${year}`],
      ["day", ymd(start)],
    ];
    for (const [unit, name] of named) {
      const whole = period(unit, start, 0);
      if (sameTime(whole.start, start) && sameTime(whole.end, end)) return name;
    }
  }
  if (sameTime(end, now)) return `since ${stamp(start)}`;
  if (isStartOfDay(start) && isStartOfDay(end)) {
    return `${ymd(start)} to ${ymd(periodStart("day", end, -1))}`;
  }
  // Times on both ends, so that a midnight end does not read as a whole day included.
  return `${dateTime(start)} to ${dateTime(end)}`;
}

function isStartOfDay(date: Date): boolean {
  return sameTime(periodStart("day", date, 0), date);
}

function sameTime(a: Date, b: Date): boolean {
  return a.getTime() === b.getTime();
}

/** A local date, with the time of day when it is not the day's start. */
function stamp(date: Date): string {
  return isStartOfDay(date) ? ymd(date) : dateTime(date);
}

function dateTime(date: Date): string {
  let time = `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}`;
  if (date.getSeconds() || date.getMilliseconds()) time += `:${pad(date.getSeconds(), 2)}`;
  if (date.getMilliseconds()) time += `.${pad(date.getMilliseconds(), 3)}`;
  return `${ymd(date)} ${time}`;
}

function ymd(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
