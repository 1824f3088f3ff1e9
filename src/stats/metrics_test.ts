import fc from "fast-check";
import { assertEquals } from "../../tests/assert.ts";
import { changeOf, emptyRow, metricsOf, percentile } from "./metrics.ts";

Deno.test("percentile() interpolates between ranks: the median of an even count is the middle two's mean", () => {
  assertEquals(percentile([], 0.5), null);
  assertEquals(percentile([7], 0.9), 7);
  assertEquals(percentile([1, 2, 3, 4], 0.5), 2.5);
  assertEquals(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9), 91);
  assertEquals(percentile([0, 100], 0.9), 90);
});

Deno.test("metricsOf() leaves a rate unknown, not zero, when nothing could be counted", () => {
  const m = metricsOf(emptyRow(null));
  assertEquals(m.conversations, 0);
  assertEquals(m.reopen_rate, null);
  assertEquals(m.csat_average, null);
  assertEquals(m.fin_resolution_rate, null);
});

Deno.test("changeOf() gives each metric's difference and the change in volume in percent", () => {
  const before = metricsOf({ ...emptyRow(null), conversations: 40, rated: 4, ratingSum: 16 });
  const now = metricsOf({ ...emptyRow(null), conversations: 50, rated: 2, ratingSum: 10 });
  const change = changeOf(now, before);
  assertEquals(change.conversations, 10);
  assertEquals(change.conversations_pct, 25);
  assertEquals(change.csat_average, 1);
  assertEquals(change.first_response_median_seconds, null);
});

Deno.test("percentile() picks the same value a full sort would, for any list", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 300 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (xs, p) => {
        const s = [...xs].sort((a, b) => a - b);
        const at = (s.length - 1) * p;
        const lo = Math.floor(at);
        const hi = Math.min(lo + 1, s.length - 1);
        const want = s[lo] + (s[hi] - s[lo]) * (at - lo);
        return Math.abs(percentile(xs, p)! - want) < 1e-9;
      },
    ),
    { numRuns: 500 },
  );
});
