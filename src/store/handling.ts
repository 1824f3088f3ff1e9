// What Intercom says of how a conversation was handled: the figures stats count by (columns of
// the conversation's row) and the rest (the handling table). Written with the conversation.

import type { Conversation } from "../model.ts";
import type { SQLInputValue } from "node:sqlite";
import { figures, FIN_NOT_INVOLVED, finOutcome } from "./figures.ts";
import type { Store } from "./store.ts";

/** The columns of a conversation's row that stats count by, in the order handlingValues gives. */
export const HANDLING_COLUMNS = [
  "handled",
  "first_response",
  "first_response_computed",
  "close_time",
  "close_time_computed",
  "reopens",
  "closed_once",
  "rating",
  "fin_outcome",
] as const;

export function handlingValues(c: Conversation): SQLInputValue[] {
  const f = figures(c);
  const h = c.handling;
  const outcome = finOutcome(h?.aiAgentParticipated ?? false, h?.aiAgent?.resolutionState ?? null);
  return [
    1,
    f.firstResponse?.seconds ?? null,
    f.firstResponse ? (f.firstResponse.source === "computed" ? 1 : 0) : null,
    f.timeToClose?.seconds ?? null,
    f.timeToClose ? (f.timeToClose.source === "computed" ? 1 : 0) : null,
    f.reopens,
    f.closedOnce ? 1 : 0,
    h?.rating?.rating ?? null,
    outcome === FIN_NOT_INVOLVED ? null : outcome,
  ];
}

/** Replaces what Intercom said of the handling of `rowid` (and drops `oldRowid`'s). */
export function writeHandling(
  store: Store,
  rowid: number,
  oldRowid: number | null,
  c: Conversation,
): void {
  if (oldRowid !== null) {
    store.stmt("DELETE FROM handling WHERE conversation_rowid = ?").run(oldRowid);
  }
  const h = c.handling;
  if (!h) return;
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const statistics = statisticsValues(h.statistics);
  store.stmt(
    `INSERT OR REPLACE INTO handling (conversation_rowid, delivered_as, waiting_since,
       snoozed_until, ${STATISTICS_COLUMNS.join(", ")}, statistics_more, rating_remark, rating_at,
       rating_teammate_id, fin_last_answer_type, fin_source_title, fin_rating, fin_rating_remark,
       sla_name, sla_status, custom_attributes)
     VALUES (?, ?, ?, ?, ${statistics.map(() => "?").join(", ")}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    rowid,
    h.deliveredAs,
    h.waitingSince,
    h.snoozedUntil,
    ...statistics,
    h.rating?.remark ?? null,
    h.rating?.createdAt ?? null,
    h.rating?.teammateId ?? null,
    h.aiAgent?.lastAnswerType ?? null,
    h.aiAgent?.sourceTitle ?? null,
    h.aiAgent?.rating ?? null,
    h.aiAgent?.ratingRemark ?? null,
    h.sla?.name ?? null,
    h.sla?.status ?? null,
    Object.keys(h.customAttributes).length ? json(h.customAttributes) : null,
  );
}

/**
 * The keys of Intercom's statistics object that have a column of the handling table (migration 8),
 * in the table's order: what a conversation's statistics cost on disk is then its numbers, not
 * its key names.
 */
export const STATISTICS_COLUMNS = [
  "time_to_assignment",
  "time_to_admin_reply",
  "time_to_first_close",
  "time_to_last_close",
  "median_time_to_reply",
  "first_contact_reply_at",
  "first_assignment_at",
  "first_admin_reply_at",
  "first_close_at",
  "last_assignment_at",
  "last_assignment_admin_reply_at",
  "last_contact_reply_at",
  "last_admin_reply_at",
  "last_close_at",
  "last_closed_by_id",
  "count_reopens",
  "count_assignments",
  "count_conversation_parts",
  "handling_time",
  "adjusted_handling_time",
] as const;

/**
 * The statistics as the columns' values, then the keys without a column as a JSON object
 * (`{}` when there are none, null when Intercom sent no statistics).
 */
function statisticsValues(statistics: Record<string, number | string> | null): SQLInputValue[] {
  if (!statistics) return [...STATISTICS_COLUMNS.map(() => null), null];
  const more: Record<string, number | string> = { ...statistics };
  const values: SQLInputValue[] = STATISTICS_COLUMNS.map((key) => {
    const value = more[key] ?? null;
    delete more[key];
    return value;
  });
  return [...values, JSON.stringify(more)];
}

/** Set by migration 6 on a cache that held conversations; cleared once none is left. */
const BACKFILL = "handling_backfill";

/**
 * Up to `limit` cached conversations with no handling data (cached before this program kept
 * it), newest first so the recent weeks people ask about fill first; none once all are filled.
 */
export function lackingHandling(store: Store, limit: number): string[] {
  if (store.getState(BACKFILL) === null) return [];
  const rows = store.stmt(
    "SELECT id FROM conversations WHERE handled IS NULL ORDER BY created_at DESC LIMIT ?",
  ).all(limit) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Called after a batch was read: the flag goes once nothing is left, and no sync looks again. */
export function checkBackfillDone(store: Store): void {
  if (store.getState(BACKFILL) !== null && countLackingHandling(store) === 0) {
    store.stmt("DELETE FROM state WHERE key = ?").run(BACKFILL);
  }
}

export function countLackingHandling(store: Store): number {
  if (store.getState(BACKFILL) === null) return 0;
  const row = store.stmt(
    "SELECT count(*) AS n FROM conversations WHERE handled IS NULL",
  ).get() as { n: number };
  return Number(row.n);
}
