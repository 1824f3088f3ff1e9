// The incremental sync at scale: a cache the bench built (of any size) is brought to the state a
// finished sync leaves, then 100 of its conversations change in the workspace and one sync
// finds them. The double serves the bench's newest generated workspace: at the large sizes the
// older chunks live only in the cache, which is honest for this sync, since it asks Intercom only
// for what was updated since its high-water mark (and for the deletions since its last check).

import { App } from "../../src/app.ts";
import { writeKind } from "../../src/sync/kinds.ts";
import { STATE } from "../../src/sync/state.ts";
import { testSettings, TOKEN } from "../cache_check.ts";
import { startDouble } from "../double/server.ts";
import { addPart, type Workspace } from "../double/workspace.ts";
import { programArgs, testEnv } from "../program.ts";

export interface IncrementalFigures {
  conversations: number;
  changed: number;
  requests: number;
  latencyMs: number;
  /** From spawn to exit of `sync --json`, with the double's latency on every request. */
  wallSeconds: number;
  /** CPU time (user + system) of the sync's process: the work done here, not waiting on HTTP. */
  cpuSeconds: number;
  /** The sync's own duration, as its summary says (without the process's start). */
  syncSeconds: number;
}

/**
 * Leaves the cache in `dir` as a finished sync would: the contacts its conversations name looked
 * up (from the workspace, or recorded as gone when an older chunk's), the high-water mark at its
 * newest update and deletions checked now. Contact profiles are left out: the bench's caches
 * hold none, and filling them is a first sync's work (20,000 a sync), not an incremental one's.
 */
function settle(dir: string, ws: Workspace): void {
  const app = new App(testSettings(dir, "http://127.0.0.1:9"));
  try {
    for (let round = 0; round < 10_000; round++) {
      const ids = app.store.contactsToLookUp(1000);
      if (!ids.length) break;
      for (const id of ids) {
        const c = ws.contacts.get(id);
        app.store.saveContact(
          id,
          c ? { id: c.id, email: c.email ?? null, name: c.name ?? null, role: c.role } : null,
        );
      }
    }
    const newest = app.store.stats().newestUpdatedAt ?? 0;
    app.store.setState(STATE.highWaterMark, String(newest));
    app.store.setState(STATE.deletedCheckedAt, String(Math.floor(Date.now() / 1000)));
    writeKind(app.store, "contacts", {
      available: false,
      syncedAt: null,
      checkedAt: Math.floor(Date.now() / 1000),
      error: "left out by the bench",
      last: null,
    });
  } finally {
    app.close();
  }
}

/** `sync --json` in its own process, with its CPU time (bash's `times` after the child exits). */
async function timedSync(env: Record<string, string>) {
  const timesFile = Deno.makeTempFileSync({ suffix: ".times" });
  try {
    const started = performance.now();
    const out = await new Deno.Command("/bin/bash", {
      args: [
        "-c",
        '"$@"; rc=$?; times > "$TIMES_FILE"; exit $rc',
        "bash",
        Deno.execPath(),
        ...programArgs(["sync", "--json"]),
      ],
      env: { ...env, TIMES_FILE: timesFile },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const wallSeconds = (performance.now() - started) / 1000;
    if (!out.success) {
      throw new Error(`sync failed with ${out.code}: ${new TextDecoder().decode(out.stderr)}`);
    }
    // Second line: the children's user and system time, as "0m1.234s 0m0.321s".
    const children = Deno.readTextFileSync(timesFile).trim().split("\n").at(-1) ?? "";
    const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)]
      .reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
    return {
      summary: JSON.parse(new TextDecoder().decode(out.stdout)),
      wallSeconds,
      cpuSeconds,
    };
  } finally {
    Deno.removeSync(timesFile);
  }
}

/**
 * One sync after `changes` conversations of `ws` changed (a customer's reply each), against a
 * double that adds `latencyMs` to every request. A first sync with nothing changed settles what
 * the bench's filling leaves undone (names, the help center's first listing).
 */
export async function benchIncremental(
  dir: string,
  ws: Workspace,
  opts: { changes: number; latencyMs: number; log: (line: string) => void },
): Promise<IncrementalFigures> {
  settle(dir, ws);
  const double = await startDouble({ workspace: ws, token: TOKEN });
  try {
    const env = testEnv(dir, double.url, TOKEN);
    await timedSync(env);
    const ids = [...ws.conversations.keys()];
    const step = Math.max(1, Math.floor(ids.length / opts.changes));
    let changed = 0;
    for (let i = 0; i < ids.length && changed < opts.changes; i += step, changed++) {
      addPart(ws, ids[i], { body: "Any news on this? It is still happening for us." });
    }
    double.setLatency(opts.latencyMs);
    opts.log(`  ${changed} conversations changed; syncing`);
    const run = await timedSync(env);
    return {
      conversations: run.summary.conversations_cached,
      changed: run.summary.changed,
      requests: run.summary.requests,
      latencyMs: opts.latencyMs,
      wallSeconds: Math.round(run.wallSeconds * 100) / 100,
      cpuSeconds: Math.round(run.cpuSeconds * 100) / 100,
      syncSeconds: run.summary.duration_seconds,
    };
  } finally {
    await double.close();
  }
}

export function incrementalRows(f: IncrementalFigures): string[][] {
  return [[
    `incremental sync finding ${f.changed} changed of ${f.conversations} cached (${f.latencyMs} ms latency)`,
    `${f.requests} requests; local work ${f.cpuSeconds} s (CPU time of the process); ` +
    `${f.syncSeconds} s the sync, ${f.wallSeconds} s spawn to exit`,
    "local work ≤ 2 s",
    f.cpuSeconds <= 2 ? "met" : "missed",
  ]];
}
