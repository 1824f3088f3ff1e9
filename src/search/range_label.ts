// The words a timeframe's range is shown with: "2026", "Q3 2026", "March 2026", "2026-03-01",
// "since 2026-03-01 09:30", read on the wall clock of the zone the range was made in.

import { type Calendar, period, periodStart, type Unit } from "./calendar.ts";

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

/** Wall-clock dates for a range: "2026", "Q3 2026", "March 2026", "2026-03-01", "since …". */
export function describe(calendar: Calendar, start: Date, end: Date, now: Date): string {
  const startOfDay = (date: Date) => sameTime(periodStart(calendar, "day", date, 0), date);
  if (startOfDay(start) && startOfDay(end)) {
    const { year, month } = calendar.wallClock(start);
    const named: [Unit, string][] = [
      ["year", pad(year, 4)],
      ["quarter", `Q${Math.floor(month / 3) + 1} ${pad(year, 4)}`],
      ["month", `${MONTH_NAMES[month]} ${pad(year, 4)}`],
      ["day", ymd(calendar, start)],
    ];
    for (const [unit, name] of named) {
      const whole = period(calendar, unit, start, 0);
      if (sameTime(whole.start, start) && sameTime(whole.end, end)) return name;
    }
  }
  if (sameTime(end, now)) return `since ${stamp(calendar, start)}`;
  if (startOfDay(start) && startOfDay(end)) {
    return `${ymd(calendar, start)} to ${ymd(calendar, periodStart(calendar, "day", end, -1))}`;
  }
  // Times on both ends, so that a midnight end does not read as a whole day included.
  return `${dateTime(calendar, start)} to ${dateTime(calendar, end)}`;
}

function sameTime(a: Date, b: Date): boolean {
  return a.getTime() === b.getTime();
}

/** A wall-clock date, with the time of day when it is not the day's start. */
export function stamp(calendar: Calendar, date: Date): string {
  return sameTime(periodStart(calendar, "day", date, 0), date)
    ? ymd(calendar, date)
    : dateTime(calendar, date);
}

function dateTime(calendar: Calendar, date: Date): string {
  const { hours, minutes, seconds, ms } = calendar.wallClock(date);
  let time = `${pad(hours, 2)}:${pad(minutes, 2)}`;
  if (seconds || ms) time += `:${pad(seconds, 2)}`;
  if (ms) time += `.${pad(ms, 3)}`;
  return `${ymd(calendar, date)} ${time}`;
}

function ymd(calendar: Calendar, date: Date): string {
  const { year, month, day } = calendar.wallClock(date);
  return `${pad(year, 4)}-${pad(month + 1, 2)}-${pad(day, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
