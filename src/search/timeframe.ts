/**
 * Turns the natural-language timeframes of search ("last 7 days", "since Monday",
 * "2026-01-01 to 2026-02-15") into exact [start, end) ranges in the local or a named time zone.
 */
// English only: the package's root loads every locale's parsers at start, about four times the
// cost (measured with tests/bench/startup.ts), for languages the timeframe rules never read.
import * as chrono from "chrono-node/en";
import {
  type Calendar,
  isTimeZone,
  LOCAL_CALENDAR,
  period,
  shift,
  type Unit,
  utcTime,
  zoneCalendar,
} from "./calendar.ts";
import { describe, stamp } from "./range_label.ts";
import { TIMEFRAME_FORMS, UNITS, WEEKDAY_NAMES, WEEKDAYS } from "./timeframe_words.ts";

export { isTimeZone, TIMEFRAME_FORMS };

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

// Longer inputs are never timeframes, and chrono's cost grows with the length of its input.
const MAX_INPUT_LENGTH = 200;
const QUOTED_INPUT_LENGTH = 100;

/**
 * Reads `text` as a timeframe relative to `now`, in the IANA time zone `timeZone` ("Europe/Paris")
 * or, without one, the process's local time zone. Forms that look back ("last 7 days", "this
 * month") end at `now`; named periods ("today", "last month", "2026-03") are whole calendar
 * periods. Weeks start on Monday. With a zone, the label names it: "yesterday (…, Europe/Paris)".
 *
 * @throws {TimeframeError} when the zone is unknown, or the text is not understood, is empty,
 * ends before it starts or lies entirely in the future. It never throws anything else.
 */
export function parseTimeframe(text: string, now: Date, timeZone?: string): TimeRange {
  const calendar = timeZone === undefined ? LOCAL_CALENDAR : zoneCalendar(timeZone);
  if (!calendar) {
    throw new TimeframeError(
      `unknown time zone ${JSON.stringify(timeZone)}; use an IANA name such as Europe/Paris`,
    );
  }
  try {
    if (text.length > MAX_INPUT_LENGTH) {
      throw new Problem(`is longer than ${MAX_INPUT_LENGTH} characters`);
    }
    const normalised = text.trim().replace(/\s+/g, " ").toLowerCase();
    if (normalised === "") throw new Problem("is empty");
    const at: Moment = { now, calendar };
    const range = understand(normalised, at);
    if (Number.isNaN(range.start.getTime()) || Number.isNaN(range.end.getTime())) {
      throw new Problem("reaches beyond the dates that can be represented");
    }
    if (range.start > now) {
      throw new Problem(`is entirely in the future (it starts ${stamp(calendar, range.start)})`);
    }
    if (range.start > range.end) throw new Problem("ends before it starts");
    if (range.start.getTime() === range.end.getTime()) throw new Problem("is empty");
    return timeZone === undefined ? range : { ...range, label: withZone(range.label, timeZone) };
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

/** The label with the zone added: "yesterday (2026-11-24, Asia/Tokyo)", "past day (Asia/Tokyo)". */
function withZone(label: string, zone: string): string {
  return label.endsWith(")") ? `${label.slice(0, -1)}, ${zone})` : `${label} (${zone})`;
}

/** Why the timeframe in hand cannot be used; parseTimeframe turns it into a TimeframeError. */
class Problem extends Error {}

/** The moment a timeframe is read at, and the calendar of the zone it is read in. */
interface Moment {
  now: Date;
  calendar: Calendar;
}

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

function understand(text: string, at: Moment): TimeRange {
  const { now, calendar } = at;
  const since = /^since (.+)$/.exec(text);
  if (since) {
    const start = parseSpan(since[1], at).start;
    return { start, end: now, label: describe(calendar, start, now, now) };
  }
  const bounds = /^between (.+) and (.+)$/.exec(text) ??
    /^(?:from )?(.+?) to (.+)$/.exec(text) ??
    /^(.+?) ?\.\. ?(.+)$/.exec(text);
  if (bounds) {
    const first = parseSpan(bounds[1], at);
    let last = parseSpan(bounds[2], at);
    // "March 1 to March 5" on March 3 means this year's, though this year's March 5 is
    // still ahead: a yearless end follows its start.
    if (last.aYearLater && spanEnd(last) <= first.start) last = last.aYearLater;
    const end = spanEnd(last);
    return { start: first.start, end, label: describe(calendar, first.start, end, now) };
  }
  const lookback = parseLookback(text, at);
  if (lookback) return lookback;
  const span = parseSpan(text, at);
  if (span.isInstant) {
    throw new Problem(
      `names a moment, not a period; put "since" before it or give an end with "to"`,
    );
  }
  const dates = describe(calendar, span.start, span.end, now);
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

/** "last 7 days", "past 24 hours", "7d", "past week": the rolling stretch that ends now. */
function parseLookback(text: string, { now, calendar }: Moment): TimeRange | undefined {
  // "last week" is the previous calendar week (parseSpan), "past week" the last 7 days.
  const single = /^(?:past (minute|hour|day|week|month|quarter|year)|last (minute|hour|day))$/
    .exec(text);
  if (single) {
    const unit = (single[1] ?? single[2]) as Unit;
    return { start: goBack(calendar, now, unit, 1), end: now, label: `past ${unit}` };
  }
  const counted = /^(?:(?:last|past) )?(\d+) ?([a-z]+)$/.exec(text);
  if (!counted) return undefined;
  if (counted[2] === "m") throw new Problem(`could mean minutes or months; write "min" or "mo"`);
  const unit = UNITS.get(counted[2]);
  if (!unit) return undefined;
  const count = parseCount(counted[1]);
  return {
    start: goBack(calendar, now, unit, count),
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
function goBack(calendar: Calendar, from: Date, unit: Unit, count: number): Date {
  switch (unit) {
    case "minute":
      return new Date(from.getTime() - count * 60_000);
    case "hour":
      return new Date(from.getTime() - count * 3_600_000);
    case "day":
      return shift(calendar, from, 0, -count);
    case "week":
      return shift(calendar, from, 0, -7 * count);
    case "month":
      return shift(calendar, from, -count, 0);
    case "quarter":
      return shift(calendar, from, -3 * count, 0);
    case "year":
      return shift(calendar, from, -12 * count, 0);
  }
}

function parseSpan(text: string, at: Moment): Span {
  const bare = text.replace(/^(?:in|on) /, "");
  const span = parseNamed(bare, at) ?? parseIso(bare, at.calendar) ?? parseWithChrono(bare, at);
  if (!span) throw new Problem("is not understood");
  return span;
}

/** The relative forms with a fixed meaning, which chrono reads as points or not at all. */
function parseNamed(text: string, { now, calendar }: Moment): Span | undefined {
  const ofNow = (unit: Unit, shift: number) => period(calendar, unit, now, shift);
  if (text === "today") return { ...ofNow("day", 0), isInstant: false, phrase: "today" };
  if (text === "yesterday") return { ...ofNow("day", -1), isInstant: false, phrase: "yesterday" };
  const named = /^(this|last) (week|month|quarter|year)$/.exec(text);
  if (named) {
    const unit = named[2] as Unit;
    const whole = named[1] === "this" ? { start: ofNow(unit, 0).start, end: now } : ofNow(unit, -1);
    return { ...whole, isInstant: false, phrase: text };
  }
  const ago = /^(?:(\d+) ?|an? )([a-z]+) ago$/.exec(text);
  const agoUnit = ago && UNITS.get(ago[2]);
  if (ago && agoUnit) {
    const count = ago[1] === undefined ? 1 : parseCount(ago[1]);
    // "3 months ago" is the whole calendar month three months back, not one instant in it.
    return {
      ...ofNow(agoUnit, -count),
      isInstant: false,
      phrase: `${count} ${agoUnit}${count === 1 ? "" : "s"} ago`,
    };
  }
  const weekday = WEEKDAYS.get(text);
  if (weekday !== undefined) {
    // The most recent such day, today included: chrono would pick the nearest, even ahead.
    const daysBack = (calendar.wallClock(now).weekday - weekday + 7) % 7;
    return { ...ofNow("day", -daysBack), isInstant: false, phrase: WEEKDAY_NAMES[weekday] };
  }
  return undefined;
}

const ISO_DATE =
  /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

/** "2026", "2026-03", "2026-03-01" and ISO date-times, read strictly. */
function parseIso(text: string, calendar: Calendar): Span | undefined {
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
  const date = utcTime(parts[0], parts[1], parts[2]);
  const exists = date.getUTCFullYear() === parts[0] && date.getUTCMonth() === parts[1] &&
    date.getUTCDate() === parts[2] && parts[3] < 24 && parts[4] < 60 && parts[5] < 60;
  if (!exists) throw new Problem("names a date or time that does not exist");
  if (hours === undefined) {
    const unit = match[3] ? "day" : match[2] ? "month" : "year";
    return { ...period(calendar, unit, calendar.instant(...parts), 0), isInstant: false };
  }
  const at = zone === undefined
    ? calendar.instant(...parts)
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
function parseWithChrono(text: string, { now, calendar }: Moment): Span | undefined {
  if (/\d ?[./] ?\d/.test(text)) {
    // Chrono reads 3/5/2026 as March 5th but 13/5/2026 as May 13th.
    throw new Problem("has a numeric date whose day and month order is unclear; write YYYY-MM-DD");
  }
  // Chrono reads its reference with Date's local methods, so it gets a local date that shows
  // the zone's wall clock; only in an hour the local zone skips would that clock read late.
  const clock = calendar.wallClock(now);
  const reference = calendar === LOCAL_CALENDAR ? now : LOCAL_CALENDAR.instant(
    clock.year,
    clock.month,
    clock.day,
    clock.hours,
    clock.minutes,
    clock.seconds,
    clock.ms,
  );
  let results: chrono.ParsedResult[];
  try {
    results = chrono.parse(text, reference);
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
  const chronoYear = found.get("year") ?? clock.year;
  const tags = found.tags();
  if (tags.has("result/relativeDateAndTime") || tags.has("casualReference/now")) {
    // A time counted from now ("half an hour ago"): the same distance from the real now.
    const at = new Date(now.getTime() + found.date().getTime() - reference.getTime());
    return { start: at, end: at, isInstant: true };
  }
  const inYear = (year: number): Span => {
    const fields = [
      year,
      (found.get("month") ?? 1) - 1,
      found.get("day") ?? 1,
      found.get("hour") ?? 0,
      found.get("minute") ?? 0,
      found.get("second") ?? 0,
      found.get("millisecond") ?? 0,
    ] as const;
    if (granularity === "instant") {
      // An offset is certain only when the text names one ("3pm EST").
      const offset = found.isCertain("timezoneOffset") ? found.get("timezoneOffset") ?? 0 : null;
      const at = offset === null
        ? calendar.instant(...fields)
        : new Date(utcTime(...fields).getTime() - offset * 60_000);
      return { start: at, end: at, isInstant: true };
    }
    return {
      ...period(calendar, granularity, calendar.instant(fields[0], fields[1], fields[2]), 0),
      isInstant: false,
    };
  };
  if (found.isCertain("year") || !found.isCertain("month")) return inYear(chronoYear);
  // Chrono gives "March 5" the nearest year, even next year's; a timeframe means the most
  // recent one that has begun.
  const thisYear = clock.year;
  const year = inYear(thisYear).start <= now ? thisYear : thisYear - 1;
  return { ...inYear(year), aYearLater: inYear(year + 1) };
}
