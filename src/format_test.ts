import { assertEquals } from "../tests/assert.ts";
import { formatDuration, plural } from "./format.ts";

Deno.test("formatDuration() writes seconds, minutes and hours the short way", () => {
  assertEquals(formatDuration(0.04), "0.0s");
  assertEquals(formatDuration(4.44), "4.4s");
  assertEquals(formatDuration(42.4), "42s");
  assertEquals(formatDuration(185), "3m05s");
  assertEquals(formatDuration(2 * 3600 + 7 * 60), "2h07m");
});

Deno.test("plural() says one thing in the singular and every other count in the plural", () => {
  assertEquals(plural(1, "message"), "1 message");
  assertEquals(plural(0, "message"), "0 messages");
  assertEquals(plural(2, "entry", "entries"), "2 entries");
});
