// Fills a cache straight from a generated workspace, through the same parser and store as a
// sync and in the order a sync saves (oldest update first): for benchmarks and evaluations that
// need a large cache quickly. Tests of the sync itself go through the double instead.

import type { App } from "../src/app.ts";
import type { Freshness } from "../src/sync/freshness.ts";
import { parseConversation } from "../src/intercom/parse.ts";
import { conversationsInWindow, renderConversation, type Workspace } from "./double/workspace.ts";

export function fillCache(
  app: App,
  ws: Workspace,
  onProgress: (stored: number) => void = () => {},
  /** Added to every conversation id: workspaces generated apart then share one cache. */
  idOffset = 0,
): { textBytes: number; seconds: number } {
  const started = performance.now();
  let i = 0;
  for (const { id } of conversationsInWindow(ws, 0)) {
    const c = parseConversation(renderConversation(ws, id, { plaintext: true }));
    app.store.saveConversation(idOffset ? { ...c, id: String(Number(c.id) + idOffset) } : c);
    if (++i % 20_000 === 0) onProgress(i);
  }
  app.store.replaceAdmins(ws.admins.map((a) => ({ id: a.id, name: a.name, email: a.email })));
  app.store.replaceTeams(ws.teams.map((t) => ({ id: t.id, name: t.name })));
  const runId = app.store.startRun("initial");
  app.store.finishRun(
    runId,
    "ok",
    { newCount: i, changedCount: 0, deletedCount: 0, requests: 0 },
    null,
  );
  app.store.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return { textBytes: app.store.stats().textBytes, seconds: (performance.now() - started) / 1000 };
}

/** The freshness of a cache filled here: never synced, not stale, nothing running. */
export const FRESH: Freshness = {
  last_sync_finished_at: null,
  age_minutes: null,
  stale: false,
  max_sync_age_minutes: 5,
  sync_running: false,
  last_sync_error: null,
};
