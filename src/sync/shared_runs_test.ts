import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { type RunHooks, type RunRequest, SharedRuns } from "./shared_runs.ts";

/** Runs that end when the test says, and record what they were asked and whether they stopped. */
function harness() {
  const started: { request: RunRequest; hooks: RunHooks<number>; finish(): void }[] = [];
  const runs = new SharedRuns<string, number>((request, hooks) =>
    new Promise<string>((resolve, reject) => {
      hooks.signal.addEventListener("abort", () => reject(hooks.signal.reason), { once: true });
      started.push({
        request,
        hooks,
        finish: () => resolve(`${request.force ? "force" : "incremental"} ${request.days}`),
      });
    })
  );
  /** Lets the runs' promise chains settle. */
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { runs, started, tick };
}

const INCREMENTAL = { force: false, days: 30 };
const FORCE = { force: true, days: 30 };

Deno.test("a call made while a run is under way joins it and gets the same result", async () => {
  const { runs, started, tick } = harness();
  const first = runs.join(INCREMENTAL);
  const second = runs.join(INCREMENTAL);
  await tick();
  assertEquals(started.length, 1);
  started[0].finish();
  assertEquals(await first, "incremental 30");
  assertEquals(await second, "incremental 30");
});

Deno.test("a forced call joining an incremental run gets a forced run after it, not the incremental's result", async () => {
  const { runs, started, tick } = harness();
  const incremental = runs.join(INCREMENTAL);
  const forced = runs.join(FORCE);
  const forcedToo = runs.join({ force: true, days: 5 });
  await tick();
  started[0].finish();
  assertEquals(await incremental, "incremental 30");
  await tick();
  assertEquals(started.length, 2, "one run more, shared by both forced calls");
  assertEquals(started[1].request, FORCE);
  started[1].finish();
  assertEquals(await forced, "force 30");
  assertEquals(await forcedToo, "force 30");
});

Deno.test("an incremental call joins a forced run: it asks for no more", async () => {
  const { runs, started, tick } = harness();
  const forced = runs.join(FORCE);
  const incremental = runs.join(INCREMENTAL);
  await tick();
  started[0].finish();
  assertEquals(await incremental, await forced);
  assertEquals(started.length, 1);
});

Deno.test("a caller that cancels ends only its own wait; the run goes on for the others", async () => {
  const { runs, started, tick } = harness();
  const leaving = new AbortController();
  const staying = new AbortController();
  const left = runs.join(INCREMENTAL, { signal: leaving.signal });
  const stays = runs.join(INCREMENTAL, { signal: staying.signal });
  await tick();
  leaving.abort(new Error("client cancelled"));
  await assertRejects(() => left, /client cancelled/);
  assert(!started[0].hooks.signal.aborted, "the run was not stopped");
  started[0].finish();
  assertEquals(await stays, "incremental 30");
});

Deno.test("the run stops once every caller that could cancel has, and a later call starts a new one", async () => {
  const { runs, started, tick } = harness();
  const a = new AbortController();
  const b = new AbortController();
  const first = runs.join(INCREMENTAL, { signal: a.signal });
  const second = runs.join(INCREMENTAL, { signal: b.signal });
  await tick();
  a.abort(new Error("a left"));
  b.abort(new Error("b left"));
  await assertRejects(() => first, /a left/);
  await assertRejects(() => second, /b left/);
  assert(started[0].hooks.signal.aborted, "the run was told to stop");
  const later = runs.join(INCREMENTAL);
  await tick();
  assertEquals(started.length, 2, "the later call did not join the stopping run");
  started[1].finish();
  assertEquals(await later, "incremental 30");
  await runs.idle();
  assert(!runs.running);
});

Deno.test("a caller without a signal keeps the run going when the others cancel", async () => {
  const { runs, started, tick } = harness();
  const a = new AbortController();
  runs.join(INCREMENTAL, { signal: a.signal }).catch(() => {});
  const waiting = runs.join(INCREMENTAL);
  await tick();
  a.abort(new Error("a left"));
  assert(!started[0].hooks.signal.aborted);
  started[0].finish();
  assertEquals(await waiting, "incremental 30");
});

Deno.test("progress goes to every caller of the run, the latest at once to a caller that joins late", async () => {
  const { runs, started, tick } = harness();
  const seenA: number[] = [];
  const seenB: number[] = [];
  const a = runs.join(INCREMENTAL, { onProgress: (p) => seenA.push(p) });
  await tick();
  started[0].hooks.progress(1);
  const b = runs.join(INCREMENTAL, { onProgress: (p) => seenB.push(p) });
  started[0].hooks.progress(2);
  started[0].finish();
  await Promise.all([a, b]);
  assertEquals(seenA, [1, 2]);
  assertEquals(seenB, [1, 2]);
});

Deno.test("idle() waits for the queued run too, and joins none", async () => {
  const { runs, started, tick } = harness();
  runs.join(INCREMENTAL);
  runs.join(FORCE);
  let idle = false;
  const done = runs.idle().then(() => idle = true);
  await tick();
  started[0].finish();
  await tick();
  assert(!idle, "the forced run queued after it still runs");
  started[1].finish();
  await done;
  assertEquals(started.length, 2);
});
