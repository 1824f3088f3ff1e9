// A sync's summary as it is shown: the JSON of `sync --json` and of sync_conversations (snake_case
// keys, ISO 8601 times), and the one line people read.

import { formatDuration, plural } from "../format.ts";
import { iso } from "../time.ts";
import type { SyncSummary } from "./sync.ts";

export function summaryJson(s: SyncSummary, cached: number) {
  return {
    kind: s.kind,
    since: iso(s.since),
    new: s.newCount,
    changed: s.changedCount,
    deleted: s.deletedCount,
    unchanged: s.unchangedCount,
    requests: s.requests,
    retries: s.retries,
    // Milliseconds kept: scripts (the benchmark) divide by it.
    duration_seconds: Math.round(s.durationMs) / 1000,
    conversations_cached: cached,
  };
}

export function summaryLine(s: SyncSummary, cached: number): string {
  return `Sync (${s.kind}) done in ${formatDuration(s.durationMs / 1000)}: ` +
    `${s.newCount} new, ${s.changedCount} changed, ${s.deletedCount} deleted, ` +
    `${s.unchangedCount} unchanged; ${plural(s.requests, "request")}` +
    (s.retries ? ` (${s.retries} retried)` : "") +
    `. The cache holds ${plural(cached, "conversation")}.`;
}
