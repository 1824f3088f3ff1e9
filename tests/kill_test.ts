// A sync killed with SIGKILL at any moment, then run again, leaves the cache equal to the
// workspace and SQLite's integrity check clean.

import { assert, assertEquals } from "./assert.ts";
import { App } from "../src/app.ts";
import { assertCacheEqualsWorkspace, tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { addPart, generateWorkspace } from "./double/workspace.ts";
import { programArgs, testEnv } from "./program.ts";

const DAY = 86400;

/** Kill after the double has seen this many requests, or after this many milliseconds. */
type Moment = { afterRequests: number } | { afterMs: number };

const MOMENTS: Moment[] = [
  { afterRequests: 1 }, // refreshing names
  { afterRequests: 4 }, // first listing page in flight
  { afterRequests: 12 }, // first batch of reads
  { afterRequests: 60 },
  { afterRequests: 150 }, // second page's reads
  { afterRequests: 290 },
  { afterRequests: 330 }, // deletions and contact lookups
  // By time since the first request: wherever the sync is, often inside a write.
  { afterMs: 150 },
  { afterMs: 300 },
  { afterMs: 450 },
];

for (const [i, moment] of MOMENTS.entries()) {
  const label = "afterRequests" in moment
    ? `after ${moment.afterRequests} requests`
    : `after ${moment.afterMs} ms`;
  Deno.test(`a sync killed ${label}, then run again, leaves the cache equal to the workspace`, async () => {
    const ws = generateWorkspace({ seed: 100 + i, conversations: 320 });
    let child: Deno.ChildProcess | null = null;
    let killed = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const kill = () => {
      if (!killed && child) {
        killed = true;
        try {
          child.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
    };
    const double = await startDouble({
      workspace: ws,
      token: TOKEN,
      latencyMs: 25,
      onRequest: ({ count }) => {
        if ("afterRequests" in moment && count >= moment.afterRequests) kill();
        if ("afterMs" in moment && count === 1) timer = setTimeout(kill, moment.afterMs);
      },
    });
    const dir = tempDir();
    try {
      child = new Deno.Command(Deno.execPath(), {
        args: programArgs(["sync"]),
        env: testEnv(dir, double.url, TOKEN),
        clearEnv: true,
        stdout: "null",
        stderr: "null",
      }).spawn();
      const status = await child.status;
      if (timer !== null) clearTimeout(timer);
      assert(killed && status.signal === "SIGKILL", "the sync was killed before it ended");

      // The workspace moves on while the program is down.
      const ids = [...ws.conversations.keys()];
      for (const id of ids.slice(0, 5)) addPart(ws, id, { body: "<p>after the crash</p>" });

      const app = new App(testSettings(dir, double.url));
      try {
        await app.syncer.sync();
        assertCacheEqualsWorkspace(app.store, ws, Math.floor(Date.now() / 1000) - 30 * DAY);
        assertEquals(app.store.integrityCheck(), "ok");
      } finally {
        app.close();
      }
    } finally {
      kill();
      await double.close();
      Deno.removeSync(dir, { recursive: true });
    }
  });
}
