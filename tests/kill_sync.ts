// A `sync` process killed (SIGKILL) at the request a test picks, the workspace edited while it
// is down, then a sync run again in this process: each kind's sync is cut this way.

import { assertEquals } from "./assert.ts";
import { App } from "../src/app.ts";
import { tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import type { Workspace } from "./double/workspace.ts";
import { programArgs, testEnv } from "./program.ts";

export async function killSyncThenResume(
  ws: Workspace,
  /** Whether this request (by path) is the moment to kill the sync. */
  killAt: (path: string) => boolean,
  /** Edits made while the program is down. */
  whileDown: () => void,
  /** Checks the cache after the sync run again. */
  check: (app: App) => void,
): Promise<void> {
  let child: Deno.ChildProcess | null = null;
  const server = await startDouble({
    workspace: ws,
    token: TOKEN,
    latencyMs: 10,
    onRequest: ({ path }) => {
      if (killAt(path)) child?.kill("SIGKILL");
    },
  });
  const dir = tempDir();
  try {
    child = new Deno.Command(Deno.execPath(), {
      args: programArgs(["sync"]),
      env: testEnv(dir, server.url, TOKEN),
      clearEnv: true,
      stdout: "null",
      stderr: "null",
    }).spawn();
    const status = await child.status;
    assertEquals(status.signal, "SIGKILL", "the sync was killed before it ended");
    whileDown();
    const app = new App(testSettings(dir, server.url));
    try {
      await app.syncer.sync();
      check(app);
      assertEquals(app.store.integrityCheck(), "ok");
    } finally {
      app.close();
    }
  } finally {
    await server.close();
    Deno.removeSync(dir, { recursive: true });
  }
}
