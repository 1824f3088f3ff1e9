// Tests of the calendars: a named zone read through Intl gives exactly what Date gives in a
// process whose own zone it is (checked in subprocesses started with TZ set), DST gaps and
// repeats, carry-over, and what happens to invalid dates and unknown names.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  isTimeZone,
  LOCAL_CALENDAR,
  period,
  shift,
  utcTime,
  type WallClock,
  zoneCalendar,
} from "./calendar.ts";

function calendarOf(zone: string) {
  const calendar = zoneCalendar(zone);
  assert(calendar, `${zone} is unknown`);
  return calendar;
}

function utc(text: string): Date {
  return new Date(`${text}Z`);
}

/** The wall clock written as "2026-03-08 03:30:00.000 Sun". */
function written({ year, month, day, hours, minutes, seconds, ms, weekday }: WallClock): string {
  const two = (value: number) => String(value).padStart(2, "0");
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return `${year}-${two(month + 1)}-${two(day)} ${two(hours)}:${two(minutes)}:${two(seconds)}.${
    String(ms).padStart(3, "0")
  } ${days[weekday]}`;
}

Deno.test("isTimeZone knows IANA names and refuses others", () => {
  for (const name of ["Europe/Paris", "America/New_York", "UTC", "Asia/Kolkata", "europe/paris"]) {
    assert(isTimeZone(name), name);
  }
  for (const name of ["Mars/Base", "", "Europe/Paris ", "Z", "local"]) {
    assert(!isTimeZone(name), name);
    assert.equal(zoneCalendar(name), undefined);
  }
});

Deno.test("a zone's calendar keeps the name it was given", () => {
  assert.equal(calendarOf("Asia/Tokyo").zone, "Asia/Tokyo");
  assert.equal(LOCAL_CALENDAR.zone, undefined);
});

Deno.test("in UTC, the calendar reads and writes what Date's UTC methods do", () => {
  const calendar = calendarOf("UTC");
  const moment = fc.date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true });
  fc.assert(
    fc.property(moment, (at) => {
      const clock = calendar.wallClock(at);
      assert.deepEqual(clock, {
        year: at.getUTCFullYear(),
        month: at.getUTCMonth(),
        day: at.getUTCDate(),
        weekday: at.getUTCDay(),
        hours: at.getUTCHours(),
        minutes: at.getUTCMinutes(),
        seconds: at.getUTCSeconds(),
        ms: at.getUTCMilliseconds(),
      });
      const { year, month, day, hours, minutes, seconds, ms } = clock;
      assert.deepEqual(calendar.instant(year, month, day, hours, minutes, seconds, ms), at);
      assert.equal(calendar.offsetMinutes(at), 0);
    }),
    { numRuns: 500 },
  );
});

Deno.test("in New York, a time the spring change skips moves forward by the gap", () => {
  const newYork = calendarOf("America/New_York");
  assert.deepEqual(newYork.instant(2026, 2, 8, 2, 30), utc("2026-03-08T07:30"));
  assert.equal(written(newYork.wallClock(utc("2026-03-08T07:30"))), "2026-03-08 03:30:00.000 Sun");
  assert.deepEqual(newYork.instant(2026, 2, 8, 1, 59), utc("2026-03-08T06:59"));
  assert.deepEqual(newYork.instant(2026, 2, 8, 3), utc("2026-03-08T07:00"));
});

Deno.test("in New York, a time the autumn change repeats is its first occurrence", () => {
  const newYork = calendarOf("America/New_York");
  assert.deepEqual(newYork.instant(2026, 10, 1, 1, 30), utc("2026-11-01T05:30"));
  // Both readings of 01:30 show the same wall clock, an hour apart.
  for (const at of ["2026-11-01T05:30", "2026-11-01T06:30"]) {
    assert.equal(written(newYork.wallClock(utc(at))), "2026-11-01 01:30:00.000 Sun");
  }
  assert.equal(newYork.offsetMinutes(utc("2026-11-01T05:30")), -240);
  assert.equal(newYork.offsetMinutes(utc("2026-11-01T06:30")), -300);
});

Deno.test("in Paris, the spring gap and the autumn repeat fall at 02:00 to 03:00", () => {
  const paris = calendarOf("Europe/Paris");
  assert.deepEqual(paris.instant(2026, 2, 29, 2, 30), utc("2026-03-29T01:30"));
  assert.deepEqual(paris.instant(2026, 9, 25, 2, 30), utc("2026-10-25T00:30"));
  assert.equal(written(paris.wallClock(utc("2026-10-25T01:30"))), "2026-10-25 02:30:00.000 Sun");
});

Deno.test("in Kolkata, the clock is five and a half hours ahead all year", () => {
  const kolkata = calendarOf("Asia/Kolkata");
  for (const at of [utc("2026-01-15T12:00"), utc("2026-07-15T12:00")]) {
    assert.equal(kolkata.offsetMinutes(at), 330);
  }
  assert.deepEqual(kolkata.instant(2026, 10, 26), utc("2026-11-25T18:30"));
});

Deno.test("fields past their range carry over, and years below 100 are those years", () => {
  const tokyo = calendarOf("Asia/Tokyo");
  assert.deepEqual(tokyo.instant(2026, 0, 0), utc("2025-12-30T15:00"));
  assert.deepEqual(tokyo.instant(2026, 12, 1, 24), utc("2027-01-01T15:00"));
  assert.equal(tokyo.wallClock(tokyo.instant(50, 5, 1)).year, 50);
  assert.equal(utcTime(50, 0, 1).toISOString(), "0050-01-01T00:00:00.000Z");
});

Deno.test("an invalid date gives an invalid date, and beyond Date's range there is none", () => {
  const paris = calendarOf("Europe/Paris");
  assert(Number.isNaN(paris.wallClock(new Date(NaN)).year));
  assert(Number.isNaN(paris.offsetMinutes(new Date(NaN))));
  assert(Number.isNaN(paris.instant(NaN, 0, 1).getTime()));
  assert(Number.isNaN(paris.instant(300_000, 0, 1).getTime()));
  assert(Number.isNaN(LOCAL_CALENDAR.instant(300_000, 0, 1).getTime()));
});

Deno.test("weeks start on Monday, and a shift by months stops at the month's last day", () => {
  const paris = calendarOf("Europe/Paris");
  // Sunday 2026-03-29, the day Paris moves its clocks forward, ends a 167-hour week.
  const week = period(paris, "week", utc("2026-03-29T12:00"), 0);
  assert.deepEqual(week, { start: utc("2026-03-22T23:00"), end: utc("2026-03-29T22:00") });
  assert.deepEqual(shift(paris, utc("2026-03-31T10:00"), -1, 0), utc("2026-02-28T11:00"));
});

/**
 * Checked in a process whose own zone is `zone`: every 30 minutes of wall-clock time through
 * `year` gives the instant Date gives, and every 30 minutes of time reads as Date reads it.
 * Returns the number of moments compared.
 */
async function compareWithLocalDate(zone: string, year: number): Promise<number> {
  const script = `
    import assert from "node:assert/strict";
    import { LOCAL_CALENDAR, zoneCalendar } from ${
    JSON.stringify(import.meta.resolve("./calendar.ts"))
  };
    const zone = zoneCalendar(${JSON.stringify(zone)});
    let compared = 0;
    for (let minute = 0; minute < 366 * 24 * 60; minute += 30) {
      const fields = [${year}, 0, 1, 0, minute];
      assert.deepEqual(zone.instant(...fields), LOCAL_CALENDAR.instant(...fields), String(fields));
      const at = new Date(Date.UTC(${year}, 0, 1) + minute * 60000 - 14 * 3600000);
      assert.deepEqual(zone.wallClock(at), LOCAL_CALENDAR.wallClock(at), at.toISOString());
      assert.equal(zone.offsetMinutes(at), LOCAL_CALENDAR.offsetMinutes(at), at.toISOString());
      compared += 1;
    }
    console.log(compared);`;
  const config = new URL("../../deno.json", import.meta.url).pathname;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", "--config", config, script],
    env: { TZ: zone },
  }).output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  return Number(new TextDecoder().decode(output.stdout));
}

const ZONES_AND_YEARS: [string, number, string][] = [
  ["America/New_York", 2026, "spring gap and autumn repeat of an hour"],
  ["Europe/Paris", 2026, "changes at 01:00 UTC"],
  ["America/Santiago", 2026, "midnight skipped in September"],
  ["Australia/Lord_Howe", 2026, "a half-hour DST change"],
  ["Asia/Kolkata", 2026, "a half-hour offset"],
  ["Pacific/Apia", 2011, "the whole of 30 December skipped"],
];

for (const [zone, year, what] of ZONES_AND_YEARS) {
  Deno.test(`in ${zone} (${what}), the calendar agrees with Date in a process set to it`, async () => {
    assert.equal(await compareWithLocalDate(zone, year), 366 * 24 * 2);
  });
}
