import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import type { SyncProgress } from "../sync/sync.ts";
import { progressReporter } from "./progress.ts";

function progress(phase: SyncProgress["phase"], done: number, read: number): SyncProgress {
  return { kind: "initial", phase, listed: 100, total: 100, toRead: 80, read, done, startedAt: 0 };
}

function sink(tty: boolean) {
  const written: string[] = [];
  return {
    written,
    out: {
      writeSync: (b: Uint8Array) => (written.push(new TextDecoder().decode(b)), b.length),
      isTerminal: () => tty,
    },
  };
}

Deno.test("progressReporter() writes a plain line every 2 seconds in a log, and none at the end", () => {
  let t = 0;
  const { out, written } = sink(false);
  const reporter = progressReporter(out, () => t);
  t = 2500;
  reporter.update(progress("reading", 50, 40));
  t = 3000;
  reporter.update(progress("reading", 60, 50));
  t = 5000;
  reporter.update(progress("done", 100, 80));
  reporter.finish();
  assertEquals(written.length, 1);
  assertMatch(
    written[0],
    /^sync reading: 50 of 100 conversations \(40 read, 10 unchanged\), 20\.0\/s, 2\.5s left\n$/,
  );
});

Deno.test("progressReporter() redraws one line on a terminal and clears it at the end", () => {
  let t = 0;
  const { out, written } = sink(true);
  const reporter = progressReporter(out, () => t);
  t = 500;
  reporter.update(progress("listing", 0, 0));
  t = 550;
  reporter.update(progress("listing", 1, 0));
  t = 1000;
  reporter.update(progress("done", 100, 80));
  reporter.finish();
  assertEquals(written.length, 3, "the update 50 ms after the first is skipped");
  for (const line of written) assert(line.startsWith("\r\x1b[2K"), JSON.stringify(line));
  assertMatch(written[1], /done +█{28} 100 of 100 conversations/);
  assertEquals(written[2], "\r\x1b[2K");
});
