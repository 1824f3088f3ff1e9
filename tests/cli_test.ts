// The command line as users run it: the real program in a subprocess, with its declared
// permissions, against the HTTP test double.

import { assert, assertEquals, assertMatch } from "./assert.ts";
import { tempDir, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { conversationsInWindow, generateWorkspace } from "./double/workspace.ts";
import { runCli, testEnv } from "./program.ts";
import { SyncLock } from "../src/sync/lock.ts";

const DAY = 86400;

async function withWorkspace(
  fn: (
    ctx: {
      dir: string;
      url: string;
      env: Record<string, string>;
      ws: ReturnType<typeof generateWorkspace>;
    },
  ) => Promise<void>,
  opts: { conversations?: number; latencyMs?: number } = {},
) {
  const ws = generateWorkspace({ seed: 5, conversations: opts.conversations ?? 120 });
  const double = await startDouble({ workspace: ws, token: TOKEN, latencyMs: opts.latencyMs ?? 0 });
  const dir = tempDir();
  try {
    await fn({ dir, url: double.url, env: testEnv(dir, double.url, TOKEN), ws });
  } finally {
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

function everything(dir: string): string {
  let text = "";
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) text += everything(path);
    else text += new TextDecoder("latin1").decode(Deno.readFileSync(path));
  }
  return text;
}

Deno.test("--help, --version and help COMMAND answer; wrong usage exits 2 with a hint", async () => {
  const dir = tempDir();
  const env = testEnv(dir, null, null);
  const help = await runCli(["--help"], env);
  assertEquals(help.code, 0);
  assertMatch(help.stdout, /Commands:/);
  const version = await runCli(["--version"], env);
  assertMatch(version.stdout, /^fast-intercom-mcp \d+\.\d+\.\d+ \(commit .*deno 2\./);
  assertMatch((await runCli(["help", "sync"], env)).stdout, /--force --days N/);
  const bogus = await runCli(["frobnicate"], env);
  assertEquals(bogus.code, 2);
  assertMatch(bogus.stderr, /unknown command "frobnicate"/);
  const badOption = await runCli(["status", "--force"], env);
  assertEquals(badOption.code, 2);
  assertMatch(badOption.stderr, /unknown option --force/);
  const badDays = await runCli(["sync", "--force", "--days", "many"], env);
  assertEquals(badDays.code, 2);
  assertMatch(badDays.stderr, /--days must be a whole number/);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("init checks the token, writes config.json 0600 in a 0700 directory, and never prints it", async () => {
  await withWorkspace(async ({ dir, url }) => {
    const env = testEnv(dir, url, null);
    const wrong = await runCli(["init", "--token", "not-the-right-token-123"], env);
    assertEquals(wrong.code, 1);
    assertMatch(wrong.stderr, /401/);
    assert(!wrong.stderr.includes("not-the-right-token-123"));
    const ok = await runCli(["init", "--token", TOKEN], env);
    assertEquals(ok.code, 0, ok.stderr);
    assertMatch(ok.stdout, /Token accepted for workspace/);
    assert(!ok.stdout.includes(TOKEN) && !ok.stderr.includes(TOKEN));
    if (Deno.build.os !== "windows") {
      assertEquals(Deno.statSync(`${dir}/config.json`).mode! & 0o777, 0o600);
      assertEquals(Deno.statSync(dir).mode! & 0o777, 0o700);
    }
    const config = JSON.parse(Deno.readTextFileSync(`${dir}/config.json`));
    assertEquals(config.access_token, TOKEN);
    const status = JSON.parse((await runCli(["status", "--json"], env)).stdout);
    assertEquals(status.token, { set: true, source: "config.json" });
  });
});

Deno.test("sync then status --json: counts match the workspace, and the token is nowhere", async () => {
  await withWorkspace(async ({ dir, env, ws }) => {
    const sync = await runCli(["--verbose", "sync"], { ...env, FASTINTERCOM_LOG_LEVEL: "DEBUG" });
    assertEquals(sync.code, 0, sync.stderr);
    assertMatch(sync.stdout, /Sync \(initial\) done in .*: \d+ new, 0 changed, 0 deleted/);
    const status = await runCli(["status", "--json"], env);
    const report = JSON.parse(status.stdout);
    const expected = conversationsInWindow(ws, Math.floor(Date.now() / 1000) - 30 * DAY);
    assertEquals(report.cache.conversations, expected.length);
    const messages = expected.reduce(
      (n, c) =>
        n + 1 +
        c.conversation_parts.conversation_parts.slice(-500).filter((p) => p.body !== null).length,
      0,
    );
    assertEquals(report.cache.messages, messages);
    assertEquals(report.last_sync.outcome, "ok");
    assertEquals(report.freshness.stale, false);
    const search = await runCli(["search", "refund", "--limit", "2", "--json"], env);
    const result = JSON.parse(search.stdout);
    assert(result.total > 0 && result.conversations.length === 2);
    const show = await runCli(["show", result.conversations[0].id], env);
    assertEquals(show.code, 0);
    assertMatch(show.stdout, /\(customer\)/);
    for (
      const text of [
        sync.stdout,
        sync.stderr,
        status.stdout,
        status.stderr,
        search.stdout,
        show.stdout,
        everything(dir),
      ]
    ) {
      assert(!text.includes(TOKEN), "the token leaked");
    }
    assertMatch(
      Deno.readTextFileSync(`${dir}/logs/fast-intercom-mcp.log`),
      /Sync \(initial\) done/,
    );
  });
});

Deno.test("a corrupt cache.db is a clear error that suggests reset, and reset recovers", async () => {
  await withWorkspace(async ({ dir, env }) => {
    Deno.writeTextFileSync(`${dir}/cache.db`, "this is not a database ".repeat(500));
    const status = await runCli(["status"], env);
    assertEquals(status.code, 1);
    assertMatch(status.stderr, /reset/);
    assertEquals(status.stderr.trim().split("\n").length, 1, status.stderr);
    const reset = await runCli(["reset", "--yes"], env);
    assertEquals(reset.code, 0, reset.stderr);
    assertEquals((await runCli(["sync"], env)).code, 0);
    assertEquals(
      (await runCli(["reset"], env)).code,
      2,
      "reset without --yes and no terminal asks for --yes",
    );
  });
});

Deno.test("two syncs at once: the second waits for the first, and both end well", async () => {
  await withWorkspace(async ({ dir, env }) => {
    const first = runCli(["sync"], env);
    // Start the second once the first holds the lock (bounded: 100 × 50 ms).
    for (let i = 0; i < 100 && !(await SyncLock.isHeld(`${dir}/sync.lock`)); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const [a, b] = await Promise.all([first, runCli(["sync"], env)]);
    assertEquals([a.code, b.code], [0, 0], a.stderr + b.stderr);
    assertMatch(b.stderr, /Another sync of this data directory is running; waiting/);
    assertMatch(b.stdout, /Sync \(incremental\)/);
  }, { conversations: 150, latencyMs: 150 });
});

Deno.test("search reports bad input as a one-line error with exit status 1", async () => {
  await withWorkspace(async ({ env }) => {
    const bad = await runCli(["search", "refund", "--timeframe", "the day after never"], env);
    assertEquals(bad.code, 1);
    assertMatch(bad.stderr, /Understood forms/);
    const email = await runCli(["search", "x", "--email", "not an email"], env);
    assertEquals(email.code, 1);
    assertMatch(email.stderr, /not an email address/);
    const show = await runCli(["show", "not-an-id"], env);
    assertEquals(show.code, 1);
    assertMatch(show.stderr, /is not a conversation id/);
  });
});
