import { assert, assertEquals } from "../../tests/assert.ts";
import { isRetryable, retryDelay } from "./retry.ts";

const never = () => 0;

Deno.test("isRetryable() retries 408, 409, 429, every 5xx, network errors and unusable 200s", () => {
  for (const status of [408, 409, 429, 500, 502, 503, 504]) {
    assert(isRetryable({ status }), `${status}`);
  }
  assert(isRetryable({}));
  assert(isRetryable({ status: 200, unusableBody: true }));
  for (const status of [200, 400, 401, 403, 404, 406, 410, 422]) {
    assert(!isRetryable({ status }), `${status}`);
  }
});

Deno.test("retryDelay() waits for the rate-limit window to reset on a 429", () => {
  const now = 1_000_000_000_000;
  const delay = retryDelay({ status: 429, rateLimitReset: now / 1000 + 4 }, 1, now, never);
  assertEquals(delay, 4000);
});

Deno.test("retryDelay() honours Retry-After before the reset header", () => {
  assertEquals(
    retryDelay({ status: 429, retryAfterSeconds: 2, rateLimitReset: 9e9 }, 1, 0, never),
    2000,
  );
});

Deno.test("retryDelay() backs off exponentially, capped, and gives up after the last attempt", () => {
  const max = () => 0.999999;
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 500 };
  const delays = [1, 2, 3, 4].map((a) => retryDelay({ status: 503 }, a, 0, max, policy)!);
  assert(delays[0] < delays[1] && delays[1] < delays[2], `${delays}`);
  assert(delays.every((d) => d <= 500 + 250), `${delays}`);
  assertEquals(retryDelay({ status: 503 }, 5, 0, max, policy), null);
  assertEquals(retryDelay({ status: 404 }, 1, 0, max, policy), null);
});
