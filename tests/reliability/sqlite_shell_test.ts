// A cache opens in the SQLite that people look inside it with: the distribution's `sqlite3`
// (Debian 12 ships 3.40, macOS 3.43), not only the 3.5x built into Deno. `.ci/run` installs
// Debian's; without a `sqlite3` on PATH the shell checks are skipped and say so.

import { assert, assertEquals, assertMatch } from "../assert.ts";
import { DatabaseSync } from "node:sqlite";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import { syncInto, tempDir, TOKEN } from "../cache_check.ts";
import { startDouble } from "../double/server.ts";
import { generateWorkspace } from "../double/workspace.ts";

/** The sqlite3 shell's version, or null when there is none to run. */
const SHELL_VERSION = await (async () => {
  try {
    const out = await new Deno.Command("sqlite3", { args: ["-version"], stderr: "null" }).output();
    return out.success ? new TextDecoder().decode(out.stdout).split(" ")[0] : null;
  } catch {
    return null;
  }
})();

async function shell(path: string, sql: string): Promise<{ ok: boolean; out: string }> {
  const out = await new Deno.Command("sqlite3", { args: ["-readonly", path, sql] }).output();
  const dec = new TextDecoder();
  return { ok: out.success, out: dec.decode(out.stdout) + dec.decode(out.stderr) };
}

/**
 * The parts text as the first view made it, with the ORDER BY inside group_concat, over today's
 * tables: a conversation's parts are its rowid range (src/store/parts.ts).
 */
const OLD_PARTS = `SELECT c.rowid AS rowid,
  (SELECT group_concat(p.body, char(10) ORDER BY p.created_at, p.id)
     FROM parts p WHERE p.rowid BETWEEN c.rowid * 65536 AND c.rowid * 65536 + 65535
       AND p.body IS NOT NULL) AS parts
  FROM conversations c ORDER BY c.rowid`;

async function filledCache(): Promise<{ dir: string; close: () => Promise<void> }> {
  const ws = generateWorkspace({ seed: 12, conversations: 60, sameSecondGroups: 3 });
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  await syncInto(dir, double.url);
  return {
    dir,
    close: async () => {
      await double.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

Deno.test("the search view gives every conversation the same text as the first view did, and the index agrees with it", async () => {
  const cache = await filledCache();
  try {
    const db = new DatabaseSync(`${cache.dir}/cache.db`);
    try {
      const now = db.prepare("SELECT rowid, parts FROM search_source ORDER BY rowid").all();
      const before = db.prepare(OLD_PARTS).all();
      assert(now.length > 0, "the cache holds conversations");
      assertEquals(now, before);
      // Parts of one conversation written in the same second: the order still follows the id.
      assert(now.some((r) => String(r.parts ?? "").includes("\n")), "some thread has many parts");
      // FTS5's own check, rank 1: every row of the index matches the view's text.
      db.exec("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)");
    } finally {
      db.close();
    }
  } finally {
    await cache.close();
  }
});

Deno.test({
  name: "the distribution's sqlite3 opens a synced cache: integrity check, counts and a search",
  ignore: SHELL_VERSION === null,
  fn: async () => {
    const cache = await filledCache();
    try {
      const path = `${cache.dir}/cache.db`;
      const db = new DatabaseSync(path);
      const expected = db.prepare("SELECT count(*) AS n FROM conversations").get()?.n;
      const word = "refund";
      const matches = db.prepare(
        "SELECT count(*) AS n FROM search_index WHERE search_index MATCH ?",
      )
        .get(word)?.n;
      db.close();
      const check = await shell(path, "PRAGMA integrity_check;");
      assertEquals(check.out.trim(), "ok", `sqlite3 ${SHELL_VERSION}: ${check.out}`);
      const counts = await shell(
        path,
        `SELECT count(*) FROM conversations; SELECT count(*) FROM search_index WHERE search_index MATCH '${word}';`,
      );
      assert(counts.ok, counts.out);
      assertEquals(counts.out.trim().split("\n"), [String(expected), String(matches)]);
      const view = await shell(path, "SELECT count(*) FROM search_source WHERE parts IS NOT NULL;");
      assert(view.ok && Number(view.out) > 0, view.out);
    } finally {
      await cache.close();
    }
  },
});

Deno.test({
  name: "sqlite3 before 3.44 refuses a cache of schema version 1, which the migration replaces",
  ignore: SHELL_VERSION === null || compareVersions(SHELL_VERSION, "3.44.0") >= 0,
  fn: async () => {
    const dir = tempDir();
    try {
      const db = new DatabaseSync(`${dir}/old.db`);
      db.exec(MIGRATIONS[0]);
      db.close();
      const old = await shell(`${dir}/old.db`, "SELECT count(*) FROM conversations;");
      assertEquals(old.ok, false);
      assertMatch(old.out, /malformed database schema/);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
