import { assertEquals } from "../../tests/assert.ts";
import { syncPace } from "./pace.ts";

Deno.test("a million conversations at Intercom's pace of 166 a second have about 100 minutes left", () => {
  const pace = syncPace({ done: 16_600, listed: 16_800, total: 1_000_000 }, 100);
  assertEquals(pace.perSecond, 166);
  assertEquals(Math.round(pace.secondsLeft! / 60), 99);
});

Deno.test("nothing is promised before the first conversation is done, or without a count", () => {
  assertEquals(syncPace({ done: 0, listed: 150, total: 5000 }, 3), {
    perSecond: 0,
    secondsLeft: null,
  });
  assertEquals(syncPace({ done: 0, listed: 0, total: null }, 0).secondsLeft, null);
});

Deno.test("more listed than Intercom counted: the listing is the total, and done means none left", () => {
  assertEquals(syncPace({ done: 50, listed: 120, total: 100 }, 10).secondsLeft, 14);
  assertEquals(syncPace({ done: 120, listed: 120, total: 100 }, 10).secondsLeft, 0);
});
