// The cache under faults of its own: a data directory that cannot be written, a disk that is
// full, and readers in one process while a writer in another syncs.
//
// The tests run as root here, and root ignores file modes; so as root a read-only data
// directory is a read-only bind mount and a full disk a small tmpfs, each in a private mount
// namespace (`unshare -m`) that ends with the command. As another user the read-only case uses
// chmod, and the full-disk case is skipped (mounting needs privileges).

import { assert, assertEquals, assertMatch } from "../assert.ts";
import { App } from "../../src/app.ts";
import type { CallToolResult } from "../../src/mcp/sdk.ts";
import { Store } from "../../src/store/store.ts";
import { SyncLock } from "../../src/sync/lock.ts";
import {
  assertCacheEqualsWorkspace,
  syncInto,
  tempDir,
  testSettings,
  TOKEN,
} from "../cache_check.ts";
import { startDouble } from "../double/server.ts";
import {
  addPart,
  conversationsInWindow,
  createConversation,
  deleteConversation,
  generateWorkspace,
  type Workspace,
} from "../double/workspace.ts";
import { connectServer } from "../mcp_client.ts";
import { programArgs, runCli, type RunResult, testEnv } from "../program.ts";
import { assertOneClearLine, DAY, sleep, textOf } from "./helpers.ts";

const IS_ROOT = Deno.build.os === "linux" && Deno.uid() === 0;

/** Whether this process may make private mount namespaces (root, with CAP_SYS_ADMIN). */
const CAN_MOUNT = IS_ROOT && await (async () => {
  const probe = tempDir();
  try {
    const out = await new Deno.Command("unshare", {
      args: ["-m", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', probe],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  } finally {
    Deno.removeSync(probe, { recursive: true });
  }
})();

const decoder = new TextDecoder();

/** Runs the program inside a fresh mount namespace, after `setup` (shell) has run there. */
async function runInNamespace(
  setup: string,
  setupArgs: string[],
  args: string[],
  env: Record<string, string>,
): Promise<RunResult> {
  const out = await new Deno.Command("unshare", {
    args: [
      "-m",
      "sh",
      "-c",
      `${setup}\nexec "$@"`,
      "sh",
      ...setupArgs,
      Deno.execPath(),
      ...programArgs(args),
    ],
    env: { NO_COLOR: "1", ...env, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

async function syncedWorkspace(seed: number, conversations: number) {
  const ws = generateWorkspace({ seed, conversations });
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  await syncInto(dir, double.url);
  return {
    ws,
    double,
    dir,
    env: testEnv(dir, double.url, TOKEN),
    since: Math.floor(Date.now() / 1000) - 30 * DAY,
    async [Symbol.asyncDispose]() {
      await double.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

/** Changes that a sync must write: long new replies, and a new conversation. */
function changeSome(ws: Workspace, count: number, since: number): void {
  for (const c of conversationsInWindow(ws, since).slice(0, count)) {
    addPart(ws, c.id, {
      body: `<p>${"A long reply about the export that keeps failing. ".repeat(60)}</p>`,
    });
  }
  createConversation(ws, { body: "<p>A new question about invoices</p>" });
}

/** A command that may answer, or fail with one clear line; never anything else. */
function assertAnswersOrOneLine(r: RunResult, what: string): void {
  if (r.code === 0) {
    assert(r.stdout.trim().length > 0, `${what} answered with nothing`);
  } else {
    assertEquals(r.code, 1, `${what} exit status; stderr: ${r.stderr}`);
    assertOneClearLine(r.stderr, what);
  }
}

Deno.test({
  name:
    "with a read-only data directory status and search answer or fail in one clear line, and sync fails in one clear line with exit 1",
  // Windows has no file modes to make a directory read-only with.
  ignore: Deno.build.os === "windows" || (IS_ROOT && !CAN_MOUNT),
  async fn() {
    await using t = await syncedWorkspace(41, 80);
    changeSome(t.ws, 20, t.since);
    const cacheBefore = Deno.readFileSync(`${t.dir}/cache.db`);
    let run: (args: string[]) => Promise<RunResult>;
    if (IS_ROOT) {
      // Root writes through any file mode; a read-only mount it cannot write through.
      run = (args) =>
        runInNamespace('mount --bind -o ro "$1" "$1" || exit 90; shift', [t.dir], args, t.env);
    } else {
      Deno.chmodSync(`${t.dir}/cache.db`, 0o400);
      Deno.chmodSync(t.dir, 0o500);
      run = (args) => runCli(args, t.env);
    }
    try {
      const status = await run(["status"]);
      assertAnswersOrOneLine(status, "status");
      const search = await run(["search", "export"]);
      assertAnswersOrOneLine(search, "search");
      const sync = await run(["sync"]);
      assertEquals(sync.code, 1, `sync exit status; stderr: ${sync.stderr}`);
      assertOneClearLine(sync.stderr, "sync");
      assertMatch(sync.stderr, /read-only|permission denied/i);
      assert(!sync.stderr.includes(TOKEN), "the token is not in the error");
    } finally {
      if (!IS_ROOT) {
        Deno.chmodSync(t.dir, 0o700);
        Deno.chmodSync(`${t.dir}/cache.db`, 0o600);
      }
    }
    assertEquals(Deno.readFileSync(`${t.dir}/cache.db`), cacheBefore, "the cache is untouched");
    const after = await runCli(["sync"], t.env);
    assertEquals(after.code, 0, after.stderr);
    const store = new Store(`${t.dir}/cache.db`);
    try {
      assertCacheEqualsWorkspace(store, t.ws, t.since);
    } finally {
      store.close();
    }
  },
});

/**
 * Mounts a tmpfs with the data directory in it (bound over the real one) and fills the tmpfs to
 * `freeKb` free beside the data directory (which holds only the program's files), runs `sync` and
 * `status`, frees the space, runs `sync` again, and copies the data directory out to `out/data`.
 * Outputs land in `out/<step>.{out,err,code}`.
 */
const FULL_DISK_SCRIPT = `
set -u
data="$1"; stage="$2"; out="$3"; free_kb="$4"; shift 4
cp -a "$data/." "$stage/" || exit 90
mnt="$stage.mnt"; mkdir "$mnt" || exit 91
mount -t tmpfs -o size=16m tmpfs "$mnt" || exit 91
mkdir -m 700 "$mnt/data" && cp -a "$stage/." "$mnt/data/" || exit 92
mount --bind "$mnt/data" "$data" || exit 91
dd if=/dev/zero of="$mnt/filler" bs=4096 2>/dev/null
if [ "$free_kb" -gt 0 ]; then truncate -s "-\${free_kb}K" "$mnt/filler" || exit 93; fi
step() { name="$1"; shift; "$@" >"$out/$name.out" 2>"$out/$name.err"; echo $? >"$out/$name.code"; }
step full-sync "$@" sync
step full-status "$@" status
rm "$mnt/filler"
step freed-sync "$@" sync
mkdir "$out/data" && cp -a "$data/." "$out/data/" || exit 94
umount "$data" && umount "$mnt" && rmdir "$mnt"
`;

for (
  const [freeKb, when] of [
    [0, "with no space left"],
    [96, "that fills up during a sync"],
  ] as const
) {
  Deno.test({
    name:
      `on a disk ${when} sync fails in one clear line without advising a reset, and syncs once space is freed`,
    ignore: !CAN_MOUNT,
    async fn() {
      await using t = await syncedWorkspace(42 + freeKb, 100);
      changeSome(t.ws, 60, t.since);
      const stage = tempDir();
      const out = tempDir();
      try {
        const r = await new Deno.Command("unshare", {
          args: [
            "-m",
            "sh",
            "-c",
            FULL_DISK_SCRIPT,
            "sh",
            t.dir,
            stage,
            out,
            String(freeKb),
            Deno.execPath(),
            ...programArgs([]),
          ],
          env: { NO_COLOR: "1", ...t.env, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
          clearEnv: true,
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        assertEquals(r.code, 0, `the namespace script: ${decoder.decode(r.stderr)}`);
        const step = (name: string): RunResult => ({
          code: Number(Deno.readTextFileSync(`${out}/${name}.code`)),
          stdout: Deno.readTextFileSync(`${out}/${name}.out`),
          stderr: Deno.readTextFileSync(`${out}/${name}.err`),
        });
        const full = step("full-sync");
        assertEquals(full.code, 1, `sync on a full disk; stderr: ${full.stderr}`);
        assertOneClearLine(full.stderr, "sync on a full disk");
        assertMatch(full.stderr, /full|space|disk I\/O/i);
        // Deleting the cache frees space but loses it; a full disk is no reason to.
        assert(!/reset/.test(full.stderr), `a full disk is not a broken cache: ${full.stderr}`);
        assertAnswersOrOneLine(step("full-status"), "status on a full disk");
        const freed = step("freed-sync");
        assertEquals(freed.code, 0, `sync after freeing space; stderr: ${freed.stderr}`);
        const store = new Store(`${out}/data/cache.db`);
        try {
          assertEquals(store.integrityCheck(), "ok");
          assertCacheEqualsWorkspace(store, t.ws, t.since);
        } finally {
          store.close();
        }
      } finally {
        Deno.removeSync(stage, { recursive: true });
        Deno.removeSync(out, { recursive: true });
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Readers in the MCP server while another process writes

/** A word no generated conversation holds: the sync adds it, so its count only grows. */
const WORD = "zebrafinch";

Deno.test("searches over MCP while a CLI sync writes never meet a locked database, stay consistent, and the cache ends equal to the workspace", async () => {
  const ws = generateWorkspace({ seed: 43, conversations: 300 });
  const double = await startDouble({ workspace: ws, token: TOKEN, latencyMs: 20 });
  const dir = tempDir();
  const since = Math.floor(Date.now() / 1000) - 30 * DAY;
  {
    const app = new App(testSettings(dir, double.url));
    await app.syncer.sync();
    app.close();
  }
  const known = new Set(ws.conversations.keys());
  const recent = conversationsInWindow(ws, since);
  const withWord: string[] = [];
  for (const c of recent.slice(0, 150)) {
    addPart(ws, c.id, { body: `<p>The ${WORD} export failed again</p>` });
    withWord.push(c.id);
  }
  for (let i = 0; i < 10; i++) {
    const id = createConversation(ws, { body: `<p>A ${WORD} question, number ${i}</p>` });
    known.add(id);
    withWord.push(id);
  }
  for (const c of recent.slice(200, 205)) deleteConversation(ws, c.id);

  const env = testEnv(dir, double.url, TOKEN);
  const server = await connectServer(env);
  const problems: string[] = [];
  try {
    await server.client.listTools();
    const calls: Record<string, unknown>[] = [
      { query: WORD, limit: 150 },
      { query: "export", limit: 20 },
      { query: `${WORD} export` },
      { sort: "newest", limit: 50 },
      { query: "refund invoice", state: "open" },
    ];
    /** 20 searches at once; returns the totals of the WORD search. */
    const round = async (): Promise<number[]> => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => calls[i % calls.length]).map(async (args) => {
          try {
            const r = await server.client.callTool({
              name: "search_conversations",
              arguments: args,
            }) as CallToolResult;
            return { args, r };
          } catch (e) {
            problems.push(`${JSON.stringify(args)} rejected: ${(e as Error).message}`);
            return null;
          }
        }),
      );
      const totals: number[] = [];
      for (const item of results) {
        if (!item) continue;
        const { args, r } = item;
        if (r.isError) {
          problems.push(`${JSON.stringify(args)}: ${textOf(r)}`);
          continue;
        }
        // deno-lint-ignore no-explicit-any
        const s = r.structuredContent as any;
        const hits = s.conversations as { id: string; snippet: string }[];
        if (s.returned !== hits.length || hits.length > s.total || s.total > known.size) {
          problems.push(`implausible counts for ${JSON.stringify(args)}: ${s.returned}/${s.total}`);
        }
        for (const h of hits) {
          if (!known.has(h.id)) problems.push(`${h.id} is no conversation of the workspace`);
        }
        if (args.query === WORD) {
          totals.push(s.total);
          for (const h of hits) {
            if (!h.snippet.toLowerCase().includes(WORD)) {
              problems.push(`${h.id} matched ${WORD} but its snippet lacks it: ${h.snippet}`);
            }
          }
        }
      }
      return totals;
    };

    const sync = runCli(["sync"], env);
    let syncDone = false;
    sync.finally(() => syncDone = true);
    // Searches start once the CLI holds the sync lock (bounded: 200 × 10 ms).
    for (let i = 0; i < 200 && !(await SyncLock.isHeld(`${dir}/sync.lock`)) && !syncDone; i++) {
      await sleep(10);
    }
    let rounds = 0;
    let lastMax = 0;
    // Bounded: a sync of 160 reads at 20 ms latency ends in seconds; 500 rounds is far more.
    for (; rounds < 500 && !syncDone; rounds++) {
      const totals = await round();
      if (totals.length && Math.min(...totals) < lastMax) {
        problems.push(`the ${WORD} count went back from ${lastMax} to ${Math.min(...totals)}`);
      }
      lastMax = Math.max(lastMax, ...totals);
    }
    const result = await sync;
    assertEquals(result.code, 0, result.stderr);
    assert(rounds >= 3, `only ${rounds} rounds of searches ran during the sync`);
    const final = await round();
    assertEquals(final, final.map(() => withWord.length), `every ${WORD} conversation is found`);
    assert(!/database is locked/i.test(result.stderr), result.stderr);
    assertEquals(problems, []);
  } finally {
    await server.close();
    await double.close();
  }
  assert(!/database is locked/i.test(server.stderr()), server.stderr());
  const store = new Store(`${dir}/cache.db`);
  try {
    assertCacheEqualsWorkspace(store, ws, since);
  } finally {
    store.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
