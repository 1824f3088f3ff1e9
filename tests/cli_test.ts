// The command line as users run it: the real program in a subprocess, with its declared
// permissions, against the HTTP test double.

import { assert, assertEquals, assertMatch } from "./assert.ts";
import { tempDir, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { conversationsInWindow, generateWorkspace } from "./double/workspace.ts";
import { runCli, testEnv } from "./program.ts";
import { SyncLock } from "../src/sync/lock.ts";
import { COMMANDS } from "../src/cli/commands/mod.ts";

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
  opts: {
    conversations?: number;
    latencyMs?: number;
    /** Called by the double before it answers; given the data directory. */
    onRequest?: (dir: string) => Promise<void>;
  } = {},
) {
  const ws = generateWorkspace({ seed: 5, conversations: opts.conversations ?? 120 });
  const dir = tempDir();
  const double = await startDouble({
    workspace: ws,
    token: TOKEN,
    latencyMs: opts.latencyMs ?? 0,
    ...(opts.onRequest ? { onRequest: () => opts.onRequest!(dir) } : {}),
  });
  try {
    await fn({ dir, url: double.url, env: testEnv(dir, double.url, TOKEN), ws });
  } finally {
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

function logText(dir: string): string {
  try {
    return Deno.readTextFileSync(`${dir}/logs/fast-intercom-mcp.log`);
  } catch {
    return "";
  }
}

function existsFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
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

Deno.test("init reads the token from standard input or the environment, never from an argument, and never prints it", async () => {
  await withWorkspace(async ({ dir, url }) => {
    const env = testEnv(dir, url, null);
    const argument = await runCli(["init", "--token", TOKEN], env);
    assertEquals(argument.code, 2);
    assertMatch(argument.stderr, /--token is not taken: arguments show in the process list/);
    assert(!argument.stderr.includes(TOKEN));
    assertEquals(existsFile(`${dir}/config.json`), false, "nothing was saved");
    const wrong = await runCli(["init", "--with-token"], env, {
      stdin: "not-the-right-token-123\n",
    });
    assertEquals(wrong.code, 1);
    assertMatch(wrong.stderr, /401/);
    assert(!wrong.stderr.includes("not-the-right-token-123"));
    const ok = await runCli(["init", "--with-token"], env, { stdin: `  ${TOKEN}\n` });
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
    Deno.removeSync(`${dir}/config.json`);
    const fromEnv = await runCli(["init"], { ...env, INTERCOM_ACCESS_TOKEN: TOKEN });
    assertEquals(fromEnv.code, 0, fromEnv.stderr);
    assertEquals(JSON.parse(Deno.readTextFileSync(`${dir}/config.json`)).access_token, TOKEN);
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
  // The double holds the first sync's requests until the second says, in the log, that it
  // waits: however slow the machine, the second starts while the first runs (bounded: 30 s).
  let held = true;
  const holdUntilTheSecondWaits = async (dir: string) => {
    for (let i = 0; held && i < 600; i++) {
      if (logText(dir).includes("Another sync of this data directory is running")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    held = false;
  };
  await withWorkspace(async ({ dir, env }) => {
    const first = runCli(["sync"], env);
    // Start the second once the first holds the lock (bounded: 200 × 50 ms).
    for (let i = 0; i < 200 && !(await SyncLock.isHeld(`${dir}/sync.lock`)); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const [a, b] = await Promise.all([first, runCli(["sync"], env)]);
    assertEquals([a.code, b.code], [0, 0], a.stderr + b.stderr);
    // On a slow machine the second process can reach the lock first; either way exactly one
    // waits for the other, and the one that waited finds nothing left but an incremental sync.
    const waiting = /Another sync of this data directory is running; waiting/;
    const waited = [a, b].filter((r) => waiting.test(r.stderr));
    assertEquals(waited.length, 1, a.stderr + b.stderr);
    assertMatch(waited[0].stdout, /Sync \(incremental\)/);
  }, { conversations: 40, onRequest: holdUntilTheSecondWaits });
});

Deno.test("search and show report bad input as wrong usage: exit status 2, what is wrong, the usage", async () => {
  await withWorkspace(async ({ env }) => {
    const bad = await runCli(["search", "refund", "--timeframe", "the day after never"], env);
    assertEquals(bad.code, 2);
    assertMatch(bad.stderr, /^fast-intercom-mcp search: --timeframe .*Understood forms/);
    assertMatch(bad.stderr, /^Usage: fast-intercom-mcp search /m);
    const email = await runCli(["search", "x", "--email", "not an email"], env);
    assertEquals(email.code, 2);
    assertMatch(email.stderr, /--email "not an email" is not an email address/);
    const show = await runCli(["show", "not-an-id"], env);
    assertEquals(show.code, 2);
    assertMatch(show.stderr, /is not a conversation id/);
  });
});

/** Arguments a command needs before its --json can answer; derived from the cache where needed. */
function jsonArgs(command: string, anId: string): string[] {
  if (command === "search") return ["refund"];
  if (command === "show") return [anId];
  return [];
}

/** Every key snake_case, every time ISO 8601: the one convention of every JSON output. */
function assertConvention(value: unknown, where: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertConvention(v, `${where}[${i}]`));
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, v] of Object.entries(value)) {
    assertMatch(key, /^[a-z0-9]+(_[a-z0-9]+)*$/, `${where}.${key} is not snake_case`);
    if (/(_at|^since|^start|^end|^time)$/.test(key) && v !== null) {
      assertMatch(String(v), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, `${where}.${key}`);
    }
    assertConvention(v, `${where}.${key}`);
  }
}

Deno.test("every command's --json uses snake_case keys and ISO 8601 times", async () => {
  await withWorkspace(async ({ env }) => {
    const sync = await runCli(["sync", "--json"], env);
    assertEquals(sync.code, 0, sync.stderr);
    const summary = JSON.parse(sync.stdout);
    assertEquals(Object.keys(summary), [
      "kind",
      "since",
      "new",
      "changed",
      "deleted",
      "unchanged",
      "requests",
      "retries",
      "duration_seconds",
      "conversations_cached",
    ]);
    assert(summary.new > 0 && summary.conversations_cached === summary.new);
    const anId = JSON.parse((await runCli(["search", "--json", "--limit", "1"], env)).stdout)
      .conversations[0].id;
    const withJson = COMMANDS.filter((c) => "json" in c.options);
    assert(withJson.length >= 5, "status, sync, search, show and doctor have --json");
    for (const command of withJson) {
      const run = await runCli([command.name, ...jsonArgs(command.name, anId), "--json"], env);
      assertConvention(JSON.parse(run.stdout), command.name);
    }
  });
});

Deno.test("--verbose writes debug lines to stderr; without it a command writes none", async () => {
  const dir = tempDir();
  try {
    const env = { ...testEnv(dir, null, null), FASTINTERCOM_LOG_LEVEL: "WARNING" };
    const verbose = await runCli(["--verbose", "status"], env);
    assertEquals(verbose.code, 0, verbose.stderr);
    assertMatch(
      verbose.stderr,
      /\[DBG\] .*status: data directory .*, token not set, log level DEBUG/,
    );
    assertMatch(verbose.stderr, /\[DBG\] .*status ended with exit status 0/);
    const quiet = await runCli(["status"], env);
    assertEquals(quiet.stderr, "");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("show counts thread entries from 1 and says so when an offset is past the end", async () => {
  await withWorkspace(async ({ env }) => {
    assertEquals((await runCli(["sync"], env)).code, 0);
    const hits = JSON.parse((await runCli(["search", "--json", "--limit", "150"], env)).stdout);
    let id = "";
    let total = 0;
    for (const hit of hits.conversations) {
      const view = JSON.parse((await runCli(["show", hit.id, "--json"], env)).stdout);
      if (view.entries_total >= 4) {
        [id, total] = [hit.id, view.entries_total];
        break;
      }
    }
    assert(id, "a thread of four entries or more");
    const second = await runCli(["show", id, "--offset", "1", "--limit", "2"], env);
    assertMatch(second.stdout, new RegExp(`Entries 2–3 of ${total}\\.`));
    assertMatch(second.stdout, new RegExp(`${total - 3} more: offset 3\\.`));
    const past = await runCli(["show", id, "--offset", String(total + 3)], env);
    assertEquals(past.code, 0);
    assertMatch(
      past.stdout,
      new RegExp(`No entries from ${total + 4}: the thread has ${total}\\.`),
    );
  });
});
