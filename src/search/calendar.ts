/**
 * Calendars of a time zone: what the wall clock shows at an instant, and which instant a wall
 * clock names. One reads the process's own zone through Date, the other an IANA zone through Intl.
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
  const offsetMs = (time: number): number => {
    // Intl refuses instants outside Date's range; beyond it there is no answer to give.
    if (!(Math.abs(time) <= MAX_TIME)) return NaN;
    const written = format.formatToParts(time).find((part) => part.type === "timeZoneName");
    return parseGmtOffset(written?.value ?? "");
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
      if (offsetMs(early) === before) return new Date(early);
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

/** The whole `unit` that holds `at` in the calendar, moved by `shift` units; weeks start on Monday. */
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

/** A formatter that writes the zone's UTC offset, or undefined when the zone is unknown. */
function offsetFormat(name: string): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset" });
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** "GMT", "GMT+05:30", "GMT-04:56:02" (local mean time before standard zones) in milliseconds. */
function parseGmtOffset(text: string): number {
  if (text === "GMT") return 0;
  const match = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) throw new Error(`Intl wrote the UTC offset ${JSON.stringify(text)}, not GMT±hh:mm`);
  const [, sign, hours, minutes, seconds = "0"] = match;
  const ms = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
  return sign === "-" ? -ms : ms;
}
