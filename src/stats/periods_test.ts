import { assertEquals } from "../../tests/assert.ts";
import { bucketKey, bucketLabel, bucketsBetween, offsetAt, offsetSegments } from "./periods.ts";

const at = (iso: string) => Date.parse(iso) / 1000;

Deno.test("offsetAt() reads a zone's offset at a moment, quarter hours and summer time included", () => {
  assertEquals(offsetAt("UTC", at("2026-06-01T00:00:00Z")), 0);
  assertEquals(offsetAt("Asia/Kathmandu", at("2026-06-01T00:00:00Z")), 5 * 3600 + 45 * 60);
  assertEquals(offsetAt("America/New_York", at("2026-07-01T00:00:00Z")), -4 * 3600);
  assertEquals(offsetAt("America/New_York", at("2026-12-01T00:00:00Z")), -5 * 3600);
});

Deno.test("offsetSegments() finds the end of summer time to the second", () => {
  const segments = offsetSegments(
    "America/New_York",
    at("2026-10-20T00:00:00Z"),
    at("2026-11-20T00:00:00Z"),
  );
  assertEquals(segments, [
    { from: at("2026-10-20T00:00:00Z"), offset: -4 * 3600 },
    // 2 a.m. summer time on 1 November is 06:00 UTC.
    { from: at("2026-11-01T06:00:00Z"), offset: -5 * 3600 },
  ]);
  assertEquals(offsetSegments("UTC", 0, at("2026-01-01T00:00:00Z")).length, 1);
});

Deno.test("days, Monday weeks and months are cut at local midnight", () => {
  // 23:30 on Sunday 1 November in New York is 04:30 UTC on Monday.
  const local = at("2026-11-02T04:30:00Z") +
    offsetAt("America/New_York", at("2026-11-02T04:30:00Z"));
  assertEquals(bucketLabel("day", bucketKey("day", local)), "2026-11-01");
  assertEquals(bucketLabel("week", bucketKey("week", local)), "2026-10-26");
  assertEquals(bucketLabel("month", bucketKey("month", local)), "2026-11");
});

Deno.test("bucketsBetween() lists every bucket of a range once, in order, across a 25-hour day", () => {
  const days = bucketsBetween(
    "day",
    "America/New_York",
    at("2026-10-30T04:00:00Z"),
    at("2026-11-04T05:00:00Z"),
  ).map((k) => bucketLabel("day", k));
  assertEquals(days, ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03"]);
  const months = bucketsBetween(
    "month",
    "UTC",
    at("2026-01-15T00:00:00Z"),
    at("2026-04-02T00:00:00Z"),
  );
  assertEquals(months, ["2026-01", "2026-02", "2026-03", "2026-04"]);
});
