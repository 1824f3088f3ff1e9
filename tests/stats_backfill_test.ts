// A cache made before handling was kept (schema version 5) fills in on the next sync, with no
// reset, and status says so while it is under way.

import { DatabaseSync } from "node:sqlite";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { App } from "../src/app.ts";
import { cachePath } from "../src/config.ts";
import { HANDLING_COLUMNS } from "../src/store/handling.ts";
import { renderStatus, statusReport } from "../src/status.ts";
import { conversationStats } from "../src/stats/stats.ts";
import { renderStats } from "../src/stats/render.ts";
import { Syncer } from "../src/sync/sync.ts";
import { tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { generateWorkspace } from "./double/workspace.ts";

Deno.test("a cache from before handling was kept is filled by the next sync, and status says so until then", async () => {
  const ws = generateWorkspace({ seed: 21, conversations: 60 });
  const dir = tempDir();
  const double = await startDouble({ workspace: ws, token: TOKEN });
  try {
    let app = new App(testSettings(dir, double.url));
    await app.syncer.sync();
    const cached = app.store.stats().conversations;
    app.close();
    // What migration 6 leaves of a version-5 cache: no handling yet, and the backfill pending.
    // (src/store/migrations_test.ts runs migration 6 itself on a cache built before it.)
    const db = new DatabaseSync(cachePath(dir));
    db.exec("DELETE FROM handling");
    db.exec(`UPDATE conversations SET ${HANDLING_COLUMNS.map((c) => `${c} = NULL`).join(", ")}`);
    db.exec("INSERT INTO state (key, value) VALUES ('handling_backfill', 'pending')");
    db.close();

    app = new App(testSettings(dir, double.url));
    try {
      const before = await statusReport(app);
      assertEquals(before.cache.handling_pending, cached);
      assertMatch(renderStatus(before), new RegExp(`Filling: +${cached} conversations`));
      const ask = async () =>
        conversationStats({
          store: app.store,
          now: new Date(),
          freshness: await app.freshness(),
        }, {});
      const old = await ask();
      assertEquals(old.totals.conversations, cached);
      assertEquals(old.totals.with_handling_data, 0);
      assertMatch(renderStats(old), /have no statistics, rating or Fin outcome cached yet/);

      // A batch a sync, newest first: here 25 at a time.
      const syncer = new Syncer({
        store: app.store,
        client: () => app.client,
        lockPath: app.lockPath,
        initialSyncDays: 30,
        handlingReadsPerSync: 25,
      });
      double.resetStats();
      const summary = await syncer.sync();
      assertEquals(summary.changedCount + summary.newCount, 0, "nothing counts as changed");
      assertEquals(double.stats().byRoute["GET /conversations/{id}"], 25);
      const halfway = await statusReport(app);
      assertEquals(halfway.cache.handling_pending, cached - 25);
      const filledFirst = (await ask()).totals.with_handling_data;
      assertEquals(filledFirst, 25);
      for (let i = 0; i < Math.ceil(cached / 25); i++) await syncer.sync();
      const after = await statusReport(app);
      assertEquals(after.cache.handling_pending, 0);
      assert(!renderStatus(after).includes("Filling"));
      const now = await ask();
      assertEquals(now.totals.with_handling_data, cached);
      assert(now.totals.first_response_count > 0 && now.totals.fin_involved > 0);

      double.resetStats();
      await syncer.sync();
      assertEquals(double.stats().byRoute["GET /conversations/{id}"] ?? 0, 0, "filled once");
    } finally {
      app.close();
    }
  } finally {
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
