// Tests of parseTimeframe: every form at a fixed "now", the errors, properties over arbitrary
// input, and other time zones (including DST changes) in subprocesses started with TZ set.
import assert from "node:assert/strict";
import fc from "fast-check";
import { isTimeZone, parseTimeframe, TIMEFRAME_FORMS, TimeframeError } from "./timeframe.ts";

/** A local wall-clock time, months counted from 1 as people write them. */
function at(year: number, month: number, day: number, hours = 0, minutes = 0): Date {
  return new Date(year, month - 1, day, hours, minutes);
}

const HOUR = 3_600_000;
// A Wednesday afternoon.
const NOW = at(2026, 11, 25, 14, 30);

interface Case {
  text: string;
  means: string;
  now?: Date;
  start: Date;
  end: Date;
  label: string;
}

const CASES: Case[] = [
  {
    text: "today",
    means: "the calendar day, midnight to midnight",
    start: at(2026, 11, 25),
    end: at(2026, 11, 26),
    label: "today (2026-11-25)",
  },
  {
    text: "yesterday",
    means: "the whole previous calendar day",
    start: at(2026, 11, 24),
    end: at(2026, 11, 25),
    label: "yesterday (2026-11-24)",
  },
  {
    text: "last 7 days",
    means: "the 7 days before now",
    start: at(2026, 11, 18, 14, 30),
    end: NOW,
    label: "last 7 days",
  },
  {
    text: "last 90 days",
    means: "90 days, not 7",
    start: at(2026, 8, 27, 14, 30),
    end: NOW,
    label: "last 90 days",
  },
  {
    text: "  LAST   7\tDays ",
    means: "last 7 days, whatever the case and spacing",
    start: at(2026, 11, 18, 14, 30),
    end: NOW,
    label: "last 7 days",
  },
  {
    text: "past 24 hours",
    means: "exactly 24 hours before now",
    start: new Date(NOW.getTime() - 24 * HOUR),
    end: NOW,
    label: "last 24 hours",
  },
  {
    text: "last 24h",
    means: "exactly 24 hours before now",
    start: new Date(NOW.getTime() - 24 * HOUR),
    end: NOW,
    label: "last 24 hours",
  },
  {
    text: "last hour",
    means: "the 60 minutes before now",
    start: new Date(NOW.getTime() - HOUR),
    end: NOW,
    label: "past hour",
  },
  {
    text: "last 30 min",
    means: "the 30 minutes before now",
    start: at(2026, 11, 25, 14),
    end: NOW,
    label: "last 30 minutes",
  },
  {
    text: "past day",
    means: "the day before now",
    start: at(2026, 11, 24, 14, 30),
    end: NOW,
    label: "past day",
  },
  {
    text: "past week",
    means: "the 7 days before now, where last week is the calendar week",
    start: at(2026, 11, 18, 14, 30),
    end: NOW,
    label: "past week",
  },
  {
    text: "7d",
    means: "the 7 days before now",
    start: at(2026, 11, 18, 14, 30),
    end: NOW,
    label: "last 7 days",
  },
  {
    text: "2w",
    means: "the 2 weeks before now",
    start: at(2026, 11, 11, 14, 30),
    end: NOW,
    label: "last 2 weeks",
  },
  {
    text: "3mo",
    means: "the 3 months before now",
    start: at(2026, 8, 25, 14, 30),
    end: NOW,
    label: "last 3 months",
  },
  {
    text: "past 2 quarters",
    means: "the 6 months before now",
    start: at(2026, 5, 25, 14, 30),
    end: NOW,
    label: "last 2 quarters",
  },
  {
    text: "1y",
    means: "the year before now",
    start: at(2025, 11, 25, 14, 30),
    end: NOW,
    label: "past year",
  },
  {
    text: "past month",
    now: at(2026, 3, 31, 12),
    means: "back to the month's last day when the day does not exist in it",
    start: at(2026, 2, 28, 12),
    end: at(2026, 3, 31, 12),
    label: "past month",
  },
  {
    text: "this week",
    means: "from Monday midnight to now",
    start: at(2026, 11, 23),
    end: NOW,
    label: "this week (since 2026-11-23)",
  },
  {
    text: "this month",
    means: "from the first of the month to now",
    start: at(2026, 11, 1),
    end: NOW,
    label: "this month (since 2026-11-01)",
  },
  {
    text: "this quarter",
    means: "from the quarter's first day to now",
    start: at(2026, 10, 1),
    end: NOW,
    label: "this quarter (since 2026-10-01)",
  },
  {
    text: "this quarter",
    now: at(2026, 1, 15, 10),
    means: "from January 1st in the first quarter",
    start: at(2026, 1, 1),
    end: at(2026, 1, 15, 10),
    label: "this quarter (since 2026-01-01)",
  },
  {
    text: "this year",
    means: "from January 1st to now",
    start: at(2026, 1, 1),
    end: NOW,
    label: "this year (since 2026-01-01)",
  },
  {
    text: "last week",
    means: "the previous calendar week, Monday to Sunday",
    start: at(2026, 11, 16),
    end: at(2026, 11, 23),
    label: "last week (2026-11-16 to 2026-11-22)",
  },
  {
    text: "last week",
    now: at(2027, 1, 7, 10),
    means: "a week that spans the new year",
    start: at(2026, 12, 28),
    end: at(2027, 1, 4),
    label: "last week (2026-12-28 to 2027-01-03)",
  },
  {
    text: "last month",
    means: "the previous calendar month, whole",
    start: at(2026, 10, 1),
    end: at(2026, 11, 1),
    label: "last month (October 2026)",
  },
  {
    text: "last month",
    now: at(2027, 1, 15, 10),
    means: "December of the year before in January",
    start: at(2026, 12, 1),
    end: at(2027, 1, 1),
    label: "last month (December 2026)",
  },
  {
    text: "last quarter",
    means: "the previous calendar quarter, whole",
    start: at(2026, 7, 1),
    end: at(2026, 10, 1),
    label: "last quarter (Q3 2026)",
  },
  {
    text: "last quarter",
    now: at(2027, 2, 10, 10),
    means: "the fourth quarter of the year before in the first quarter",
    start: at(2026, 10, 1),
    end: at(2027, 1, 1),
    label: "last quarter (Q4 2026)",
  },
  {
    text: "last year",
    means: "the previous calendar year, whole",
    start: at(2025, 1, 1),
    end: at(2026, 1, 1),
    label: "last year (2025)",
  },
  {
    text: "3 days ago",
    means: "that whole calendar day",
    start: at(2026, 11, 22),
    end: at(2026, 11, 23),
    label: "3 days ago (2026-11-22)",
  },
  {
    text: "a week ago",
    means: "the calendar week before this one",
    start: at(2026, 11, 16),
    end: at(2026, 11, 23),
    label: "1 week ago (2026-11-16 to 2026-11-22)",
  },
  {
    text: "2 weeks ago",
    means: "the whole calendar week two weeks back",
    start: at(2026, 11, 9),
    end: at(2026, 11, 16),
    label: "2 weeks ago (2026-11-09 to 2026-11-15)",
  },
  {
    text: "3 months ago",
    means: "the whole calendar month three months back",
    start: at(2026, 8, 1),
    end: at(2026, 9, 1),
    label: "3 months ago (August 2026)",
  },
  {
    text: "2 hours ago",
    means: "the whole clock hour two hours back",
    start: at(2026, 11, 25, 12),
    end: at(2026, 11, 25, 13),
    label: "2 hours ago (2026-11-25 12:00 to 2026-11-25 13:00)",
  },
  {
    text: "Monday",
    means: "the most recent Monday",
    start: at(2026, 11, 23),
    end: at(2026, 11, 24),
    label: "Monday (2026-11-23)",
  },
  {
    text: "wed",
    means: "today when today is Wednesday",
    start: at(2026, 11, 25),
    end: at(2026, 11, 26),
    label: "Wednesday (2026-11-25)",
  },
  {
    text: "on Friday",
    means: "last week's Friday, not the coming one",
    start: at(2026, 11, 20),
    end: at(2026, 11, 21),
    label: "Friday (2026-11-20)",
  },
  {
    text: "last Tuesday",
    means: "the most recent Tuesday before today",
    start: at(2026, 11, 24),
    end: at(2026, 11, 25),
    label: "2026-11-24",
  },
  {
    text: "since Monday",
    means: "from the most recent Monday's midnight to now",
    start: at(2026, 11, 23),
    end: NOW,
    label: "since 2026-11-23",
  },
  {
    text: "since Monday",
    now: at(2026, 11, 23, 9),
    means: "from today's midnight on a Monday",
    start: at(2026, 11, 23),
    end: at(2026, 11, 23, 9),
    label: "since 2026-11-23",
  },
  {
    text: "since yesterday",
    means: "from yesterday's midnight to now",
    start: at(2026, 11, 24),
    end: NOW,
    label: "since 2026-11-24",
  },
  {
    text: "since 2026-03-01",
    means: "from that day's midnight to now",
    start: at(2026, 3, 1),
    end: NOW,
    label: "since 2026-03-01",
  },
  {
    text: "since March 1",
    means: "from the most recent March 1st to now",
    start: at(2026, 3, 1),
    end: NOW,
    label: "since 2026-03-01",
  },
  {
    text: "since last week",
    means: "from the start of the previous calendar week to now",
    start: at(2026, 11, 16),
    end: NOW,
    label: "since 2026-11-16",
  },
  {
    text: "since 2026-11-25T09:15",
    means: "from that moment to now",
    start: at(2026, 11, 25, 9, 15),
    end: NOW,
    label: "since 2026-11-25 09:15",
  },
  {
    text: "since 9am",
    means: "from 9 o'clock today to now",
    start: at(2026, 11, 25, 9),
    end: NOW,
    label: "since 2026-11-25 09:00",
  },
  {
    text: "2026-01-01 to 2026-02-15",
    means: "both days whole, the end day included",
    start: at(2026, 1, 1),
    end: at(2026, 2, 16),
    label: "2026-01-01 to 2026-02-15",
  },
  {
    text: "from 2026-01-01 to 2026-02-15",
    means: "both days whole, the end day included",
    start: at(2026, 1, 1),
    end: at(2026, 2, 16),
    label: "2026-01-01 to 2026-02-15",
  },
  {
    text: "between 2026-01-01 and 2026-02-15",
    means: "both days whole, the end day included",
    start: at(2026, 1, 1),
    end: at(2026, 2, 16),
    label: "2026-01-01 to 2026-02-15",
  },
  {
    text: "2026-01-01..2026-02-15",
    means: "both days whole, the end day included",
    start: at(2026, 1, 1),
    end: at(2026, 2, 16),
    label: "2026-01-01 to 2026-02-15",
  },
  {
    text: "2026-01-01 to 2026-03-31",
    means: "the first quarter, and says so",
    start: at(2026, 1, 1),
    end: at(2026, 4, 1),
    label: "Q1 2026",
  },
  {
    text: "from March 1 to March 5",
    means: "this year's days when both have passed",
    start: at(2026, 3, 1),
    end: at(2026, 3, 6),
    label: "2026-03-01 to 2026-03-05",
  },
  {
    text: "March 1 to March 5",
    now: at(2026, 3, 3, 12),
    means: "this year's days while the end day is still ahead",
    start: at(2026, 3, 1),
    end: at(2026, 3, 6),
    label: "2026-03-01 to 2026-03-05",
  },
  {
    text: "Dec 20 to Jan 5",
    means: "a range across the new year",
    start: at(2025, 12, 20),
    end: at(2026, 1, 6),
    label: "2025-12-20 to 2026-01-05",
  },
  {
    text: "2026-11-25T09:00 to 2026-11-25T12:30",
    means: "exactly those moments, the end excluded",
    start: at(2026, 11, 25, 9),
    end: at(2026, 11, 25, 12, 30),
    label: "2026-11-25 09:00 to 2026-11-25 12:30",
  },
  {
    text: "2026-11-20T09:00Z..2026-11-20T12:00+01:00",
    means: "moments in the UTC offsets they name",
    start: new Date(Date.UTC(2026, 10, 20, 9)),
    end: new Date(Date.UTC(2026, 10, 20, 11)),
    label: `${stampOf(new Date(Date.UTC(2026, 10, 20, 9)))} to ${
      stampOf(new Date(Date.UTC(2026, 10, 20, 11)))
    }`,
  },
  {
    text: "yesterday 3pm to yesterday 5pm",
    means: "two moments read by chrono",
    start: at(2026, 11, 24, 15),
    end: at(2026, 11, 24, 17),
    label: "2026-11-24 15:00 to 2026-11-24 17:00",
  },
  {
    text: "2026-03-01",
    means: "that whole day",
    start: at(2026, 3, 1),
    end: at(2026, 3, 2),
    label: "2026-03-01",
  },
  {
    text: "2026-03",
    means: "that whole month",
    start: at(2026, 3, 1),
    end: at(2026, 4, 1),
    label: "March 2026",
  },
  {
    text: "2026",
    means: "that whole year, though part of it is still ahead",
    start: at(2026, 1, 1),
    end: at(2027, 1, 1),
    label: "2026",
  },
  {
    text: "in 2025",
    means: "that whole year",
    start: at(2025, 1, 1),
    end: at(2026, 1, 1),
    label: "2025",
  },
  {
    text: "March 2026",
    means: "that whole month",
    start: at(2026, 3, 1),
    end: at(2026, 4, 1),
    label: "March 2026",
  },
  {
    text: "in March",
    means: "the most recent March",
    start: at(2026, 3, 1),
    end: at(2026, 4, 1),
    label: "March 2026",
  },
  {
    text: "December",
    means: "last year's December while this year's is ahead",
    start: at(2025, 12, 1),
    end: at(2026, 1, 1),
    label: "December 2025",
  },
  {
    text: "November",
    means: "this month, whole, once it has begun",
    start: at(2026, 11, 1),
    end: at(2026, 12, 1),
    label: "November 2026",
  },
  {
    text: "Jan 5",
    means: "that whole day in the most recent January",
    start: at(2026, 1, 5),
    end: at(2026, 1, 6),
    label: "2026-01-05",
  },
  {
    text: "Dec 5",
    means: "last year's day while this year's is ahead",
    start: at(2025, 12, 5),
    end: at(2025, 12, 6),
    label: "2025-12-05",
  },
  {
    text: "5 March 2026",
    means: "that whole day",
    start: at(2026, 3, 5),
    end: at(2026, 3, 6),
    label: "2026-03-05",
  },
];

/** The label's way of writing a moment, in whatever zone the tests run. */
function stampOf(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${
    pad(date.getHours())
  }:${pad(date.getMinutes())}`;
}

function ymd(date: Date): string {
  return stampOf(date).slice(0, 10);
}

function timeframeErrorOf(text: string, now: Date): TimeframeError {
  try {
    parseTimeframe(text, now);
  } catch (error) {
    if (error instanceof TimeframeError) return error;
    throw error;
  }
  throw new assert.AssertionError({ message: `${JSON.stringify(text)} was accepted` });
}

function assertIncludes(text: string, part: string): void {
  assert(text.includes(part), `${JSON.stringify(part)} is not in ${JSON.stringify(text)}`);
}

for (const { text, means, now = NOW, start, end, label } of CASES) {
  Deno.test(`parseTimeframe reads ${JSON.stringify(text)} as ${means}`, () => {
    assert.deepEqual(parseTimeframe(text, now), { start, end, label });
  });
}

Deno.test("every example in TIMEFRAME_FORMS is understood", () => {
  for (const form of TIMEFRAME_FORMS) {
    const range = parseTimeframe(form, NOW);
    assert(range.start < range.end, form);
  }
});

const ERRORS: { text: string; says: string; because: string }[] = [
  { text: "", says: "is empty", because: "it is empty" },
  { text: " \t\n ", says: "is empty", because: "it is only whitespace" },
  { text: "foo", says: "is not understood", because: "it is not a timeframe" },
  { text: "last 7 dayz", says: "is not understood", because: "the unit is misspelt" },
  {
    text: "March 5 please",
    says: "is not understood",
    because: "words outside the date would be dropped",
  },
  { text: "March 1-5", says: "is not understood", because: "chrono's own ranges are not used" },
  { text: "in 3 days", says: "is not understood", because: "it looks ahead" },
  { text: "5m", says: `write "min" or "mo"`, because: "m could mean minutes or months" },
  { text: "last 0 days", says: "at least 1", because: "it counts no time" },
  { text: "2026-02-30", says: "does not exist", because: "February has no 30th" },
  { text: "2026-13-01", says: "does not exist", because: "there is no 13th month" },
  { text: "2026-03-01T24:00", says: "does not exist", because: "there is no hour 24" },
  { text: "2026-3-1-2", says: "not a valid ISO date", because: "it is shaped like ISO but is not" },
  { text: "3/5/2026", says: "write YYYY-MM-DD", because: "day and month order is unclear" },
  { text: "tomorrow", says: "entirely in the future", because: "it has not begun" },
  { text: "next Friday", says: "entirely in the future", because: "it has not begun" },
  { text: "2027", says: "entirely in the future", because: "it has not begun" },
  { text: "since 2026-12-01", says: "entirely in the future", because: "it starts ahead" },
  { text: "2026-02-15 to 2026-01-01", says: "ends before it starts", because: "it is reversed" },
  { text: "since now", says: "is empty", because: "it starts and ends now" },
  {
    text: "2026-03-01T10:00",
    says: `put "since" before it`,
    because: "a moment alone is not a period",
  },
  {
    text: "last 99999999999999999999 days",
    says: "too large",
    because: "the number is too large to count exactly",
  },
  {
    text: "last 9999999 years",
    says: "beyond the dates",
    because: "it starts before the earliest date there is",
  },
];

for (const { text, says, because } of ERRORS) {
  Deno.test(`parseTimeframe rejects ${JSON.stringify(text)} because ${because}`, () => {
    const error = timeframeErrorOf(text, NOW);
    assertIncludes(error.message, says);
    assertIncludes(error.message, JSON.stringify(text));
  });
}

Deno.test("a TimeframeError lists every understood form", () => {
  const error = timeframeErrorOf("whenever", NOW);
  assert.deepEqual(error.name, "TimeframeError");
  for (const form of TIMEFRAME_FORMS) assertIncludes(error.message, form);
});

Deno.test("a megabyte of input is refused at once and quoted only in part", () => {
  const text = "last 7 days ".repeat(90_000);
  const began = performance.now();
  const error = timeframeErrorOf(text, NOW);
  assert(performance.now() - began < 1_000);
  assertIncludes(error.message, "longer than 200 characters");
  assertIncludes(error.message, `${JSON.stringify(text.slice(0, 100))}…`);
  assert(!error.message.includes(text.slice(0, 101)));
});

/** Either a TimeframeError, or a real range that has begun by `now` and says what it is. */
function assertRangeOrTimeframeError(text: string, now: Date, zone?: string): void {
  try {
    const { start, end, label } = parseTimeframe(text, now, zone);
    assert(!Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()));
    assert(start < end, `${JSON.stringify(text)} gave start ${start} >= end ${end}`);
    assert(start <= now, `${JSON.stringify(text)} starts after now`);
    assert(label.length > 0);
  } catch (error) {
    if (!(error instanceof TimeframeError)) throw error;
  }
}

Deno.test("any string gives a range that starts before it ends, or a TimeframeError", () => {
  const anyText = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.string({ unit: "grapheme", maxLength: 60 }),
  );
  fc.assert(
    fc.property(anyText, (text) => assertRangeOrTimeframeError(text, NOW)),
    { numRuns: 3_000 },
  );
});

/** Phrases of up to six words that timeframes are made of, in any order. */
const WORD_MIXES = fc.array(
  fc.constantFrom(
    ...["last", "past", "this", "since", "from", "to", "between", "and", "..", "ago", "in"],
    ...["on", "today", "yesterday", "tomorrow", "now", "hour", "day", "days", "week", "weeks"],
    ...["month", "quarter", "year", "mo", "m", "7", "0", "90", "a", "2026", "2026-03"],
    ...["2026-03-01", "2026-02-30", "t10:00", "z", "+05:30", "march", "jan 5", "monday"],
    ...["3pm", "3/5", "-", "next", "friday", "2026-03-29t02:30", "est", "hours", "2"],
  ),
  { maxLength: 6 },
).map((words) => words.join(" "));

const ANY_MOMENT = fc.date({
  min: new Date(1990, 0, 1),
  max: new Date(2100, 0, 1),
  noInvalidDate: true,
});

Deno.test("any mix of timeframe words at any moment gives a range or a TimeframeError", () => {
  fc.assert(
    fc.property(WORD_MIXES, ANY_MOMENT, (text, now) => assertRangeOrTimeframeError(text, now)),
    { numRuns: 3_000 },
  );
});

Deno.test("last N days is always exactly N days back, at the same time of day", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100_000 }), (days) => {
      const range = parseTimeframe(`last ${days} days`, NOW);
      const start = new Date(NOW);
      start.setDate(start.getDate() - days);
      assert.deepEqual(range, {
        start,
        end: NOW,
        label: days === 1 ? "past day" : `last ${days} days`,
      });
    }),
    { numRuns: 1_000 },
  );
});

Deno.test("a range of two days covers the first day's midnight to the midnight after the last", () => {
  const day = fc.integer({ min: 0, max: 9_000 });
  fc.assert(
    fc.property(day, day, (a, b) => {
      const [first, last] = [at(2000, 1, 1 + Math.min(a, b)), at(2000, 1, 1 + Math.max(a, b))];
      const range = parseTimeframe(`${ymd(first)} to ${ymd(last)}`, NOW);
      assert.deepEqual(range.start, first);
      assert.deepEqual(range.end, at(last.getFullYear(), last.getMonth() + 1, last.getDate() + 1));
    }),
    { numRuns: 1_000 },
  );
});

/**
 * What parseTimeframe gives in another time zone: one line per text, "start end label" in
 * UTC ISO or "error: …". `now` is a local wall-clock time there, like "2026-03-09T12:00".
 */
function parseInZone(zone: string, now: string, texts: string[]): Promise<string[]> {
  return readEachWithTz(zone, [now], texts);
}

Deno.test("in New York, yesterday across the spring DST change is 23 hours long", async () => {
  const lines = await parseInZone("America/New_York", "2026-03-09T12:00", [
    "yesterday",
    "2026-03-08",
    "past 24 hours",
    "last 7 days",
    "this week",
    "since 2026-03-08T02:30",
  ]);
  assert.deepEqual(lines, [
    "2026-03-08T05:00:00.000Z 2026-03-09T04:00:00.000Z yesterday (2026-03-08)",
    "2026-03-08T05:00:00.000Z 2026-03-09T04:00:00.000Z 2026-03-08",
    "2026-03-08T16:00:00.000Z 2026-03-09T16:00:00.000Z last 24 hours",
    // Same time of day a week ago: one hour less than 7 × 24 hours.
    "2026-03-02T17:00:00.000Z 2026-03-09T16:00:00.000Z last 7 days",
    "2026-03-09T04:00:00.000Z 2026-03-09T16:00:00.000Z this week (since 2026-03-09)",
    // 02:30 did not happen that night; the clock went from 02:00 to 03:00.
    "2026-03-08T07:30:00.000Z 2026-03-09T16:00:00.000Z since 2026-03-08 03:30",
  ]);
});

Deno.test("in New York, yesterday across the autumn DST change is 25 hours long", async () => {
  const lines = await parseInZone("America/New_York", "2026-11-02T12:00", ["yesterday"]);
  assert.deepEqual(lines, [
    "2026-11-01T04:00:00.000Z 2026-11-02T05:00:00.000Z yesterday (2026-11-01)",
  ]);
});

Deno.test("in Berlin, yesterday and last week across the DST change lose an hour", async () => {
  const lines = await parseInZone("Europe/Berlin", "2026-03-30T12:00", [
    "yesterday",
    "last week",
  ]);
  assert.deepEqual(lines, [
    "2026-03-28T23:00:00.000Z 2026-03-29T22:00:00.000Z yesterday (2026-03-29)",
    "2026-03-22T23:00:00.000Z 2026-03-29T22:00:00.000Z last week (2026-03-23 to 2026-03-29)",
  ]);
});

Deno.test("in Kolkata, days and clock hours start at half past the UTC hour", async () => {
  const lines = await parseInZone("Asia/Kolkata", "2026-11-25T14:30", [
    "today",
    "2 hours ago",
    "last month",
  ]);
  assert.deepEqual(lines, [
    "2026-11-24T18:30:00.000Z 2026-11-25T18:30:00.000Z today (2026-11-25)",
    "2026-11-25T06:30:00.000Z 2026-11-25T07:30:00.000Z 2 hours ago (2026-11-25 12:00 to 2026-11-25 13:00)",
    "2026-09-30T18:30:00.000Z 2026-10-31T18:30:00.000Z last month (October 2026)",
  ]);
});

Deno.test("in Auckland, the year and the month before begin in UTC's previous day", async () => {
  const january = await parseInZone("Pacific/Auckland", "2026-01-10T09:00", [
    "last month",
    "this year",
  ]);
  assert.deepEqual(january, [
    "2025-11-30T11:00:00.000Z 2025-12-31T11:00:00.000Z last month (December 2025)",
    "2025-12-31T11:00:00.000Z 2026-01-09T20:00:00.000Z this year (since 2026-01-01)",
  ]);
  const september = await parseInZone("Pacific/Auckland", "2026-09-28T12:00", ["yesterday"]);
  assert.deepEqual(september, [
    "2026-09-26T12:00:00.000Z 2026-09-27T11:00:00.000Z yesterday (2026-09-27)",
  ]);
});

Deno.test("in Santiago, a day whose midnight DST skips starts at 01:00", async () => {
  const lines = await parseInZone("America/Santiago", "2026-09-10T12:00", [
    "2026-09-06",
    "2026-09-05 to 2026-09-06",
  ]);
  assert.deepEqual(lines, [
    "2026-09-06T04:00:00.000Z 2026-09-07T03:00:00.000Z 2026-09-06",
    "2026-09-05T04:00:00.000Z 2026-09-07T03:00:00.000Z 2026-09-05 to 2026-09-06",
  ]);
});

/** An instant written as UTC without its "Z": "2026-03-09T16:00". */
function utc(text: string): Date {
  return new Date(`${text}Z`);
}

interface ZoneCase {
  zone: string;
  text: string;
  now: string;
  means: string;
  start: string;
  end: string;
  label: string;
}

const ZONE_CASES: ZoneCase[] = [
  {
    zone: "Europe/Paris",
    text: "yesterday",
    now: "2026-11-25T15:00",
    means: "the day before from Paris's midnight, an hour before UTC's",
    start: "2026-11-23T23:00",
    end: "2026-11-24T23:00",
    label: "yesterday (2026-11-24, Europe/Paris)",
  },
  {
    zone: "America/New_York",
    text: "yesterday",
    now: "2026-11-25T15:00",
    means: "the same day from New York's midnight, six hours after Paris's",
    start: "2026-11-24T05:00",
    end: "2026-11-25T05:00",
    label: "yesterday (2026-11-24, America/New_York)",
  },
  {
    zone: "America/New_York",
    text: "yesterday",
    now: "2026-03-09T16:00",
    means: "a 23-hour day across the spring change",
    start: "2026-03-08T05:00",
    end: "2026-03-09T04:00",
    label: "yesterday (2026-03-08, America/New_York)",
  },
  {
    zone: "America/New_York",
    text: "today",
    now: "2026-03-08T16:00",
    means: "a 23-hour day on the day of the spring change",
    start: "2026-03-08T05:00",
    end: "2026-03-09T04:00",
    label: "today (2026-03-08, America/New_York)",
  },
  {
    zone: "America/New_York",
    text: "this week",
    now: "2026-03-08T22:00",
    means: "from Monday's midnight in winter time to now in summer time",
    start: "2026-03-02T05:00",
    end: "2026-03-08T22:00",
    label: "this week (since 2026-03-02, America/New_York)",
  },
  {
    zone: "America/New_York",
    text: "yesterday",
    now: "2026-11-02T17:00",
    means: "a 25-hour day across the autumn change",
    start: "2026-11-01T04:00",
    end: "2026-11-02T05:00",
    label: "yesterday (2026-11-01, America/New_York)",
  },
  {
    zone: "America/New_York",
    text: "today",
    now: "2026-11-01T06:30",
    means: "the whole 25-hour day during its repeated hour",
    start: "2026-11-01T04:00",
    end: "2026-11-02T05:00",
    label: "today (2026-11-01, America/New_York)",
  },
  {
    zone: "Europe/Paris",
    text: "yesterday",
    now: "2026-03-30T10:00",
    means: "a 23-hour day across the spring change",
    start: "2026-03-28T23:00",
    end: "2026-03-29T22:00",
    label: "yesterday (2026-03-29, Europe/Paris)",
  },
  {
    zone: "Europe/Paris",
    text: "last week",
    now: "2026-03-30T10:00",
    means: "a 167-hour week that holds the spring change",
    start: "2026-03-22T23:00",
    end: "2026-03-29T22:00",
    label: "last week (2026-03-23 to 2026-03-29, Europe/Paris)",
  },
  {
    zone: "Europe/Paris",
    text: "this week",
    now: "2026-10-25T12:00",
    means: "from Monday's midnight in summer time to now in winter time",
    start: "2026-10-18T22:00",
    end: "2026-10-25T12:00",
    label: "this week (since 2026-10-19, Europe/Paris)",
  },
  {
    zone: "Europe/Paris",
    text: "yesterday",
    now: "2026-10-26T11:00",
    means: "a 25-hour day across the autumn change",
    start: "2026-10-24T22:00",
    end: "2026-10-25T23:00",
    label: "yesterday (2026-10-25, Europe/Paris)",
  },
  {
    zone: "Europe/Paris",
    text: "last 7 days",
    now: "2026-03-30T10:00",
    means: "back to the same time of day in winter time, 167 hours",
    start: "2026-03-23T11:00",
    end: "2026-03-30T10:00",
    label: "last 7 days (Europe/Paris)",
  },
  {
    zone: "Europe/Paris",
    text: "since 2026-03-29T02:30",
    now: "2026-03-30T10:00",
    means: "a time the spring change skipped, moved forward an hour",
    start: "2026-03-29T01:30",
    end: "2026-03-30T10:00",
    label: "since 2026-03-29 03:30 (Europe/Paris)",
  },
  {
    zone: "Europe/Paris",
    text: "since 2026-10-25T02:30",
    now: "2026-10-26T10:00",
    means: "a time the autumn change repeated, at its first occurrence",
    start: "2026-10-25T00:30",
    end: "2026-10-26T10:00",
    label: "since 2026-10-25 02:30 (Europe/Paris)",
  },
  {
    zone: "Asia/Tokyo",
    text: "today",
    now: "2026-11-25T20:00",
    means: "the next day of UTC, where it is already Thursday",
    start: "2026-11-25T15:00",
    end: "2026-11-26T15:00",
    label: "today (2026-11-26, Asia/Tokyo)",
  },
  {
    zone: "Asia/Tokyo",
    text: "yesterday",
    now: "2026-11-25T20:00",
    means: "UTC's today",
    start: "2026-11-24T15:00",
    end: "2026-11-25T15:00",
    label: "yesterday (2026-11-25, Asia/Tokyo)",
  },
  {
    zone: "Asia/Tokyo",
    text: "Thursday",
    now: "2026-11-25T20:00",
    means: "today there, where UTC's Thursday is a week back",
    start: "2026-11-25T15:00",
    end: "2026-11-26T15:00",
    label: "Thursday (2026-11-26, Asia/Tokyo)",
  },
  {
    zone: "Asia/Tokyo",
    text: "Nov 26",
    now: "2026-11-25T20:00",
    means: "this year's day, begun there though not in UTC",
    start: "2026-11-25T15:00",
    end: "2026-11-26T15:00",
    label: "2026-11-26 (Asia/Tokyo)",
  },
  {
    zone: "UTC",
    text: "Nov 26",
    now: "2026-11-25T20:00",
    means: "last year's day, this year's not begun",
    start: "2025-11-26T00:00",
    end: "2025-11-27T00:00",
    label: "2025-11-26 (UTC)",
  },
  {
    zone: "Asia/Kolkata",
    text: "today",
    now: "2026-11-25T09:00",
    means: "from midnight at half past six UTC the evening before",
    start: "2026-11-24T18:30",
    end: "2026-11-25T18:30",
    label: "today (2026-11-25, Asia/Kolkata)",
  },
  {
    zone: "Asia/Kolkata",
    text: "2 hours ago",
    now: "2026-11-25T09:00",
    means: "a clock hour that starts at half past the UTC hour",
    start: "2026-11-25T06:30",
    end: "2026-11-25T07:30",
    label: "2 hours ago (2026-11-25 12:00 to 2026-11-25 13:00, Asia/Kolkata)",
  },
  {
    zone: "Asia/Kolkata",
    text: "since 9am",
    now: "2026-11-25T09:00",
    means: "from 9 o'clock there",
    start: "2026-11-25T03:30",
    end: "2026-11-25T09:00",
    label: "since 2026-11-25 09:00 (Asia/Kolkata)",
  },
  {
    zone: "UTC",
    text: "last quarter",
    now: "2026-11-25T14:30",
    means: "the quarter in UTC",
    start: "2026-07-01T00:00",
    end: "2026-10-01T00:00",
    label: "last quarter (Q3 2026, UTC)",
  },
  {
    zone: "UTC",
    text: "this month",
    now: "2026-11-25T14:30",
    means: "from the first at UTC midnight",
    start: "2026-11-01T00:00",
    end: "2026-11-25T14:30",
    label: "this month (since 2026-11-01, UTC)",
  },
  {
    zone: "America/New_York",
    text: "since July 4 3pm",
    now: "2026-11-25T20:00",
    means: "3pm in summer time, though now is winter time",
    start: "2026-07-04T19:00",
    end: "2026-11-25T20:00",
    label: "since 2026-07-04 15:00 (America/New_York)",
  },
  {
    zone: "Europe/Paris",
    text: "yesterday 3pm to yesterday 5pm",
    now: "2026-11-25T20:00",
    means: "two moments read by chrono on Paris's clock",
    start: "2026-11-24T14:00",
    end: "2026-11-24T16:00",
    label: "2026-11-24 15:00 to 2026-11-24 17:00 (Europe/Paris)",
  },
  {
    zone: "Europe/Paris",
    text: "since 9am EST",
    now: "2026-11-25T20:00",
    means: "the zone the text names, shown on Paris's clock",
    start: "2026-11-25T14:00",
    end: "2026-11-25T20:00",
    label: "since 2026-11-25 15:00 (Europe/Paris)",
  },
  {
    zone: "Asia/Tokyo",
    text: "since half an hour ago",
    now: "2026-11-25T20:00",
    means: "thirty minutes of elapsed time",
    start: "2026-11-25T19:30",
    end: "2026-11-25T20:00",
    label: "since 2026-11-26 04:30 (Asia/Tokyo)",
  },
];

for (const { zone, text, now, means, start, end, label } of ZONE_CASES) {
  Deno.test(`in ${zone}, parseTimeframe reads ${JSON.stringify(text)} as ${means}`, () => {
    assert.deepEqual(parseTimeframe(text, utc(now), zone), {
      start: utc(start),
      end: utc(end),
      label,
    });
  });
}

Deno.test("an unknown time zone is a TimeframeError that asks for an IANA name", () => {
  for (const zone of ["Mars/Base", "", "Europe/Pariss"]) {
    assert.throws(() => parseTimeframe("today", NOW, zone), {
      name: "TimeframeError",
      message: `unknown time zone ${JSON.stringify(zone)}; use an IANA name such as Europe/Paris`,
    });
  }
  assert(!isTimeZone("Mars/Base"));
  assert(isTimeZone("Europe/Paris"));
});

/**
 * "start end label", or "error: …", for every text at every moment: in `zone`, its label's
 * mention of the zone taken out, or without one in the process's own zone.
 */
export function readEach(nows: Date[], texts: string[], zone?: string): string[] {
  return nows.flatMap((now) =>
    texts.map((text) => {
      try {
        const { start, end, label } = parseTimeframe(text, now, zone);
        const bare = zone ? label.replace(` (${zone})`, "").replace(`, ${zone})`, ")") : label;
        return `${start.toISOString()} ${end.toISOString()} ${bare}`;
      } catch (error) {
        if (!(error instanceof TimeframeError)) throw error;
        return `error: ${error.message.split(". Understood forms")[0]}`;
      }
    })
  );
}

/**
 * What readEach gives without a zone in a process whose own zone is `zone`; each of `nows` is
 * read there by the Date constructor, so "2026-03-09T12:00" is a wall-clock time in that zone.
 */
async function readEachWithTz(zone: string, nows: string[], texts: string[]): Promise<string[]> {
  const script = `
    import { readEach } from ${JSON.stringify(import.meta.url)};
    const nows = ${JSON.stringify(nows)}.map((now) => new Date(now));
    console.log(readEach(nows, ${JSON.stringify(texts)}).join("\\n"));`;
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "--quiet",
      "--config",
      new URL("../../deno.json", import.meta.url).pathname,
      script,
    ],
    env: { TZ: zone },
  }).output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).trimEnd().split("\n");
}

const MORE_FORMS = [
  "last Friday",
  "since 3pm",
  "yesterday 3pm to yesterday 5pm",
  "Nov 1",
  "March 29",
  "October",
  "since 2026-03-08T02:30",
  "since 2026-10-25T02:30",
  "since 2026-11-01T01:30",
  "2 hours ago",
  "last 30 min",
  "3 days ago",
  "2026-04-05",
  "2026-09-06 to 2026-09-27",
];

const DST_MOMENTS: [string, string[]][] = [
  ["America/New_York", [
    "2026-03-08T07:30",
    "2026-03-09T16:00",
    "2026-11-01T06:30",
    "2026-11-02T17:00",
  ]],
  ["Europe/Paris", [
    "2026-03-29T01:30",
    "2026-03-30T10:00",
    "2026-10-25T00:30",
    "2026-10-26T11:00",
  ]],
  ["Asia/Kolkata", ["2026-11-25T18:45", "2026-12-31T19:00"]],
  ["Pacific/Auckland", ["2026-04-05T14:30", "2026-09-27T13:00", "2027-01-01T10:00"]],
  ["America/Santiago", ["2026-04-05T04:00", "2026-09-06T05:00", "2026-09-07T12:00"]],
];

for (const [zone, moments] of DST_MOMENTS) {
  Deno.test(`with ${zone} as its argument, every form reads as in a process set to that zone`, async () => {
    const texts = [...TIMEFRAME_FORMS, ...MORE_FORMS];
    const expected = await readEachWithTz(zone, moments.map((now) => `${now}Z`), texts);
    assert.equal(expected.length, moments.length * texts.length);
    assert.deepEqual(readEach(moments.map(utc), texts, zone), expected);
  });
}

const ANY_ZONE = fc.constantFrom(...Intl.supportedValuesOf("timeZone"));

Deno.test("in any zone at any moment, today holds now and starts at that zone's midnight", () => {
  fc.assert(
    fc.property(ANY_ZONE, ANY_MOMENT, (zone, now) => {
      const { start, end, label } = parseTimeframe("today", now, zone);
      assert(start <= now && now < end);
      const day = new Intl.DateTimeFormat("en-CA", { timeZone: zone, dateStyle: "short" });
      assert.equal(day.format(start), day.format(now));
      assert.notEqual(day.format(new Date(start.getTime() - 1)), day.format(now));
      assert.equal(label, `today (${day.format(now)}, ${zone})`);
    }),
    { numRuns: 1_000 },
  );
});

Deno.test("any mix of timeframe words in any zone gives a range or a TimeframeError", () => {
  fc.assert(
    fc.property(
      WORD_MIXES,
      ANY_MOMENT,
      ANY_ZONE,
      (text, now, zone) => assertRangeOrTimeframeError(text, now, zone),
    ),
    { numRuns: 2_000 },
  );
});
