// SIGINT or SIGTERM to `start` or `serve` at any moment of the first (background) sync: the
// program stops gracefully, exits 0 without an uncaught error, and the cache it leaves resumes:
// a sync run afterwards makes it equal to the workspace.

import { assert, assertEquals } from "./assert.ts";
import { App } from "../src/app.ts";
import { assertCacheEqualsWorkspace, tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { generateWorkspace } from "./double/workspace.ts";
import { programArgs, testEnv } from "./program.ts";

const DAY = 86400;
const SERVER_TOKEN = `stop-test-server-token-${crypto.randomUUID()}`;

/** When the signal is sent, counted from the moment the program says it is ready. */
type Moment =
  | { label: string; afterReady: true }
  | { label: string; afterRequests: number }
  | { label: string; afterSync: true };

const MOMENTS: Moment[] = [
  { label: "right after it is ready, before the first sync", afterReady: true },
  { label: "while the first sync lists", afterRequests: 5 },
  { label: "while the first sync reads", afterRequests: 40 },
  { label: "after the first sync", afterSync: true },
];

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

const cases = (["start", "serve"] as const).flatMap((command) =>
  MOMENTS.map((moment, i) => ({
    command,
    moment,
    signal: (i % 2 ? "SIGINT" : "SIGTERM") as Deno.Signal,
  }))
);

for (const { command, moment, signal } of cases) {
  Deno.test(`${signal} to ${command} ${moment.label} exits 0 and leaves the cache resumable`, async () => {
    const ws = generateWorkspace({ seed: 40, conversations: 120 });
    let requests = 0;
    const double = await startDouble({
      workspace: ws,
      token: TOKEN,
      // Slowed, so that the sync is still running when the signal comes.
      latencyMs: 30,
      onRequest: ({ count }) => void (requests = count),
    });
    const dir = tempDir();
    const port = freePort();
    const child = new Deno.Command(Deno.execPath(), {
      args: programArgs(command === "serve" ? ["serve", "--port", String(port)] : ["start"]),
      env: {
        ...testEnv(dir, double.url, TOKEN),
        NO_COLOR: "1",
        FASTINTERCOM_SERVER_TOKEN: SERVER_TOKEN,
      },
      clearEnv: true,
      // `start` ends when its stdin does: kept open, only the signal stops it.
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let stderr = "";
    const decoder = new TextDecoder();
    const reading = child.stderr.pipeTo(
      new WritableStream({ write: (chunk) => void (stderr += decoder.decode(chunk)) }),
    );
    const stdout = new Response(child.stdout).text();
    let exited = false;
    const status = child.status.then((s) => {
      exited = true;
      return s;
    });
    try {
      const until = async (what: string, check: () => boolean) => {
        for (let i = 0; i < 300 && !check(); i++) {
          if (exited) throw new Error(`${command} exited before ${what}:\n${stderr}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        assert(check(), `gave up after 15 s waiting for ${what}:\n${stderr}`);
      };
      await until("it was ready", () => /ready on stdio|MCP server .* on http/.test(stderr));
      if ("afterRequests" in moment) {
        await until(`${moment.afterRequests} requests`, () => requests >= moment.afterRequests);
      }
      if ("afterSync" in moment) {
        await until("the sync's end", () => /Sync \(\w+\) done/.test(stderr));
      }
      const syncing = !/Sync \(\w+\) done/.test(stderr) && requests > 0;
      child.kill(signal);
      const { code } = await status;
      await reading;
      assertEquals(code, 0, `exit status; stderr:\n${stderr}`);
      assert(!/Uncaught/.test(stderr), `no uncaught error:\n${stderr}`);
      if ("afterRequests" in moment && syncing) {
        assert(/Sync \(\w+\) (cancelled|done)/.test(stderr), `the sync stopped:\n${stderr}`);
      }
      await child.stdin.close().catch(() => {});
      assertEquals(await stdout, "", "nothing but MCP messages on stdout, and none were asked for");

      const app = new App(testSettings(dir, double.url));
      try {
        await app.syncer.sync();
        assertCacheEqualsWorkspace(app.store, ws, Math.floor(Date.now() / 1000) - 30 * DAY);
        assertEquals(app.store.integrityCheck(), "ok");
      } finally {
        app.close();
      }
    } finally {
      if (!exited) child.kill("SIGKILL");
      await status;
      await double.close();
      Deno.removeSync(dir, { recursive: true });
    }
  });
}
