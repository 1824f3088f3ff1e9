import { assert, assertEquals } from "../../tests/assert.ts";
import { RateGate } from "./rate_gate.ts";

/** A gate on a clock the test moves: sleeping moves it, so waits cost no real time. */
function gate(concurrency = 4) {
  let now = 1_000_000;
  const slept: number[] = [];
  const g = new RateGate(concurrency, () => now, () => 0, (ms) => {
    slept.push(ms);
    now += ms;
    return Promise.resolve();
  });
  const headers = (remaining: number, resetInSeconds: number) =>
    new Headers({
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String((now + resetInSeconds * 1000) / 1000),
    });
  return { g, slept, headers, now: () => now };
}

Deno.test("RateGate lets requests through while the window has calls left", async () => {
  const { g, slept, headers } = gate();
  await g.acquire();
  g.observe(headers(10, 5));
  g.release();
  await g.acquire();
  assertEquals(slept, []);
});

Deno.test("RateGate waits for the window to reset once its last calls are spoken for", async () => {
  const { g, slept, headers, now } = gate();
  await g.acquire();
  g.observe(headers(1, 3));
  g.release();
  const before = now();
  await g.acquire(); // the window's last call
  await g.acquire(); // must wait for the reset
  assert(now() - before >= 3000, `waited ${now() - before} ms`);
  assert(slept.length >= 1);
});

Deno.test("RateGate takes a 429 as a spent window whatever the headers said", async () => {
  const { g, slept, now } = gate();
  await g.acquire();
  g.observe(null);
  g.exhausted(now() / 1000 + 2);
  g.release();
  await g.acquire();
  assertEquals(slept.reduce((a, b) => a + b, 0) >= 2000, true);
});

Deno.test("RateGate holds requests past its concurrency until one is released, urgent ones first", async () => {
  const { g } = gate(1);
  await g.acquire();
  const order: string[] = [];
  const normal = g.acquire().then(() => order.push("read"));
  const urgent = g.acquire(undefined, true).then(() => order.push("listing"));
  await Promise.resolve();
  assertEquals(order, []);
  g.observe(null);
  g.release();
  await urgent;
  g.observe(null);
  g.release();
  await normal;
  assertEquals(order, ["listing", "read"]);
});
