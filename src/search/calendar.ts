/**
 * Calendars of a time zone: what the wall clock shows at an instant, which instant a wall clock
 * names, and the days, weeks, months… counted on it. One calendar reads the process's own zone
 * through Date, the other an IANA zone through Intl.
 */

/** A wall-clock reading. Months count from 0 and weekdays from Sunday, as Date counts them. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hours: number;
  minutes: number;
  seconds: number;
  ms: number;
}

/** Calendar arithmetic in one time zone. Invalid dates in give invalid dates (NaN) out. */
export interface Calendar {
  /** The zone's name as it was given, or undefined for the process's own zone. */
  readonly zone: string | undefined;
  wallClock(at: Date): WallClock;
  /** How many minutes the zone's clocks are ahead of UTC at `at`. */
  offsetMinutes(at: Date): number;
  /**
   * The instant the wall clock shows these fields. Fields past their range carry over (day 0 is
   * the previous month's last day). A time skipped by DST moves forward by the length of the
   * gap; a time that DST repeats is its first occurrence.
   */
  instant(
    year: number,
    month: number,
    day: number,
    hours?: number,
    minutes?: number,
    seconds?: number,
    ms?: number,
  ): Date;
}

/** The process's own time zone, read with Date's local methods. */
export const LOCAL_CALENDAR: Calendar = {
  zone: undefined,
  wallClock(at) {
    return {
      year: at.getFullYear(),
      month: at.getMonth(),
      day: at.getDate(),
      weekday: at.getDay(),
      hours: at.getHours(),
      minutes: at.getMinutes(),
      seconds: at.getSeconds(),
      ms: at.getMilliseconds(),
    };
  },
  offsetMinutes(at) {
    return -at.getTimezoneOffset();
  },
  instant(year, month, day, hours = 0, minutes = 0, seconds = 0, ms = 0) {
    // From noon, which no DST change skips, so the date lands where asked. The Date constructor
    // reads years 0–99 as 1900–1999; setFullYear does not. setHours moves a skipped time forward.
    const date = new Date(2000, 0, 1, 12);
    date.setFullYear(year, month, day);
    date.setHours(hours, minutes, seconds, ms);
    return date;
  },
};

/** Whether `name` is a time zone this runtime knows ("Europe/Paris", "UTC", "Asia/Kolkata"). */
export function isTimeZone(name: string): boolean {
  return offsetFormat(name) !== undefined;
}

/** The calendar of the IANA time zone `name`, or undefined when the runtime does not know it. */
export function zoneCalendar(name: string): Calendar | undefined {
  const format = offsetFormat(name);
  if (!format) return undefined;
  // Labelling a range asks for the same few offsets many times over, at several µs a reading.
  const offsets = new Map<number, number>();
  const offsetMs = (time: number): number => {
    // Intl refuses instants outside Date's range; beyond it there is no answer to give.
    if (!(Math.abs(time) <= MAX_TIME)) return NaN;
    let offset = offsets.get(time);
    if (offset === undefined) {
      offset = parseGmtOffset(format.format(time));
      if (offsets.size >= MOST_OFFSETS) offsets.clear();
      offsets.set(time, offset);
    }
    return offset;
  };
  return {
    zone: name,
    wallClock(at) {
      const shifted = new Date(at.getTime() + offsetMs(at.getTime()));
      return {
        year: shifted.getUTCFullYear(),
        month: shifted.getUTCMonth(),
        day: shifted.getUTCDate(),
        weekday: shifted.getUTCDay(),
        hours: shifted.getUTCHours(),
        minutes: shifted.getUTCMinutes(),
        seconds: shifted.getUTCSeconds(),
        ms: shifted.getUTCMilliseconds(),
      };
    },
    offsetMinutes(at) {
      return offsetMs(at.getTime()) / 60_000;
    },
    instant(year, month, day, hours = 0, minutes = 0, seconds = 0, ms = 0) {
      const wall = utcTime(year, month, day, hours, minutes, seconds, ms).getTime();
      // No zone changes its offset twice within two days, so the offsets a day either side are
      // the only ones this wall time can have been read with.
      const before = offsetMs(wall - DAY);
      const after = offsetMs(wall + DAY);
      const early = wall - before;
      if (before === after || offsetMs(early) === before) return new Date(early);
      const late = wall - after;
      if (offsetMs(late) === after) return new Date(late);
      // In a gap, read with the offset before it: the time lands after the gap, moved forward
      // by its length, as Date does for the local zone.
      return new Date(early);
    },
  };
}

/** A unit of calendar time; minutes and hours are counted as elapsed time. */
export type Unit = "minute" | "hour" | "day" | "week" | "month" | "quarter" | "year";

/** The whole `unit` that holds `at`, moved by `shift` units. Weeks start on Monday. */
export function period(
  calendar: Calendar,
  unit: Unit,
  at: Date,
  shift: number,
): { start: Date; end: Date } {
  return {
    start: periodStart(calendar, unit, at, shift),
    end: periodStart(calendar, unit, at, shift + 1),
  };
}

/** Where the whole `unit` that holds `at`, moved by `shift` units, starts. */
export function periodStart(calendar: Calendar, unit: Unit, at: Date, shift: number): Date {
  const { year, month, day, weekday, minutes, seconds, ms } = calendar.wallClock(at);
  switch (unit) {
    // Minutes and hours by elapsed time: clock hours repeat when DST ends.
    case "minute":
      return new Date(at.getTime() - seconds * 1000 - ms + shift * 60_000);
    case "hour":
      return new Date(at.getTime() - minutes * 60_000 - seconds * 1000 - ms + shift * 3_600_000);
    case "day":
      return calendar.instant(year, month, day + shift);
    case "week":
      return calendar.instant(year, month, day - (weekday + 6) % 7 + 7 * shift);
    case "month":
      return calendar.instant(year, month + shift, 1);
    case "quarter":
      return calendar.instant(year, month - month % 3 + 3 * shift, 1);
    case "year":
      return calendar.instant(year + shift, 0, 1);
  }
}

/** Moves a wall-clock date by months, then days; a day past the month's end becomes its last. */
export function shift(calendar: Calendar, from: Date, months: number, days: number): Date {
  const { year, month, day, hours, minutes, seconds, ms } = calendar.wallClock(from);
  const lastDay = utcTime(year, month + months + 1, 0).getUTCDate();
  return calendar.instant(
    year,
    month + months,
    Math.min(day, lastDay) + days,
    hours,
    minutes,
    seconds,
    ms,
  );
}

/**
 * The fields as a UTC time; fields past their range carry over. Unlike Date.UTC, years 0–99
 * are those years.
 */
export function utcTime(
  year: number,
  month: number,
  day: number,
  hours = 0,
  minutes = 0,
  seconds = 0,
  ms = 0,
): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, ms);
  return date;
}

const DAY = 86_400_000;
const MAX_TIME = 8.64e15;

// Making a formatter takes about 0.8 ms, thirty times what using one does. The names kept are
// bounded: a client could spell one zone in thousands of ways ("europe/paris", "EUROPE/paris"…).
const formats = new Map<string, Intl.DateTimeFormat>();
const MOST_FORMATS = 64;
const MOST_OFFSETS = 1_000;

/** A formatter that writes the zone's UTC offset, or undefined when the zone is unknown. */
function offsetFormat(name: string): Intl.DateTimeFormat | undefined {
  const known = formats.get(name);
  if (known) return known;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset" });
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  if (formats.size >= MOST_FORMATS) formats.delete(formats.keys().next().value!);
  formats.set(name, format);
  return format;
}

/**
 * The offset in milliseconds at the end of "1/1/2026, GMT+05:30": "GMT", "GMT+05:30", or
 * "GMT-04:56:02" (local mean time, before standard zones).
 */
function parseGmtOffset(text: string): number {
  const match = / GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) throw new Error(`Intl wrote ${JSON.stringify(text)}, not a date and GMT±hh:mm`);
  const [, sign, hours = "0", minutes = "0", seconds = "0"] = match;
  const ms = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
  return sign === "-" ? -ms : ms;
}
