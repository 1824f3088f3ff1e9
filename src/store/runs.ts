// Sync runs and the sync's own state (its high-water mark and what it remembers between runs).

import type { SQLInputValue } from "node:sqlite";
import type { Sql } from "./db.ts";

export interface SyncRun {
  id: number;
  kind: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: string;
  newCount: number;
  changedCount: number;
  deletedCount: number;
  requests: number;
  error: string | null;
}

export function getState(s: Sql, key: string): string | null {
  const row = s.stmt("SELECT value FROM state WHERE key = ?").get(key) as
    | { value: string }
    | undefined;
  return row?.value ?? null;
}

export function setState(s: Sql, key: string, value: string): void {
  s.stmt("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)").run(key, value);
}

export function clearState(s: Sql, key: string): void {
  s.stmt("DELETE FROM state WHERE key = ?").run(key);
}

export function startRun(s: Sql, kind: string): number {
  const r = s.stmt(
    "INSERT INTO sync_runs (kind, started_at, outcome) VALUES (?, ?, 'running')",
  ).run(kind, s.now());
  return Number(r.lastInsertRowid);
}

export function finishRun(
  s: Sql,
  id: number,
  outcome: "ok" | "failed" | "cancelled",
  counts: { newCount: number; changedCount: number; deletedCount: number; requests: number },
  error: string | null,
): void {
  s.stmt(
    `UPDATE sync_runs SET finished_at = ?, outcome = ?, new_count = ?, changed_count = ?,
       deleted_count = ?, requests = ?, error = ? WHERE id = ?`,
  ).run(
    s.now(),
    outcome,
    counts.newCount,
    counts.changedCount,
    counts.deletedCount,
    counts.requests,
    error,
    id,
  );
}

/** The newest run, and the newest that finished well. */
export function lastRuns(s: Sql): { last: SyncRun | null; lastOk: SyncRun | null } {
  const map = (r: Record<string, SQLInputValue> | undefined): SyncRun | null =>
    r
      ? {
        id: Number(r.id),
        kind: String(r.kind),
        startedAt: Number(r.started_at),
        finishedAt: r.finished_at === null ? null : Number(r.finished_at),
        outcome: String(r.outcome),
        newCount: Number(r.new_count),
        changedCount: Number(r.changed_count),
        deletedCount: Number(r.deleted_count),
        requests: Number(r.requests),
        error: r.error === null ? null : String(r.error),
      }
      : null;
  return {
    last: map(s.stmt("SELECT * FROM sync_runs ORDER BY id DESC LIMIT 1").get() as never),
    lastOk: map(
      s.stmt("SELECT * FROM sync_runs WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1")
        .get() as never,
    ),
  };
}
