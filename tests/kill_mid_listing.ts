// A `sync` process killed (SIGKILL) while it asks for a listing's second page, the workspace
// edited while it is down, then a sync run again in this process: for each kind's listing.

import { assertEquals } from "./assert.ts";
import { App } from "../src/app.ts";
import { tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import type { Workspace } from "./double/workspace.ts";
import { programArgs, testEnv } from "./program.ts";

export async function killMidListing(
  ws: Workspace,
  /** The listing's path, e.g. "/articles". */
  listing: string,
  /** Edits made while the program is down. */
  whileDown: () => void,
  /** Checks the cache after the sync run again. */
  check: (app: App) => void,
): Promise<void> {
  let child: Deno.ChildProcess | null = null;
  let pages = 0;
  const server = await startDouble({
    workspace: ws,
    token: TOKEN,
    latencyMs: 10,
    onRequest: ({ path }) => {
      // Killed while the second page is asked for: the first is stored, or being.
      if (path === listing && ++pages === 2) child?.kill("SIGKILL");
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
