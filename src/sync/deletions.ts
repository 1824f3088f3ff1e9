// Deletions: Intercom lists deleted conversations newest first; the cache drops those deleted
// since the last check. "Since" is by Intercom's clock (its Date header), never this machine's:
// a machine running fast would otherwise skip the deletions of the minutes it is ahead, for good.

import { isRefusal } from "../intercom/errors.ts";
import type { IntercomClient } from "../intercom/client.ts";
import { ROUTES } from "../intercom/routes.ts";
import { getLogger } from "../log.ts";
import type { Store } from "../store/store.ts";
import { OVERLAP_SECONDS, STATE } from "./state.ts";

const log = getLogger(["fast-intercom-mcp", "sync"]);

const PER_PAGE = 60;

export interface DeletionsResult {
  /** Conversations Intercom deleted since the last check that were dropped from the cache. */
  dropped: number;
  /**
   * The updated_at each dropped one had, so the listing can tell whether one it already listed
   * shifted the rest under its cursor. One number per deletion: bounded by the deletions.
   */
  droppedUpdatedAt: number[];
}

/**
 * Pages until a page reaches deletions older than the last check (less the overlap), drops
 * what it finds, and records the check by Intercom's clock (`fallbackNow` when no answer
 * carried a Date). Without the scope or the route (before API 2.16) deletions are found by a
 * 404 on re-read instead.
 */
export async function applyDeletions(
  client: IntercomClient,
  store: Store,
  fallbackNow: number,
  signal: AbortSignal,
): Promise<DeletionsResult> {
  const checked = store.getState(STATE.deletedCheckedAt);
  const after = checked === null ? 0 : Number(checked) - OVERLAP_SECONDS;
  const result: DeletionsResult = { dropped: 0, droppedUpdatedAt: [] };
  let checkedAt: number | null = null;
  try {
    const pages = client.pages(ROUTES.deletedConversations, { page: 1, perPage: PER_PAGE }, signal);
    for await (const page of pages) {
      // The first answer's time: anything deleted later is not in this listing.
      checkedAt ??= client.serverTime ?? fallbackNow;
      for (const d of page.deleted) {
        if (d.deletedAt < after) continue;
        const held = store.updatedAtOf([d.id]).get(d.id);
        if (store.deleteConversation(d.id)) {
          result.dropped++;
          if (held !== undefined) result.droppedUpdatedAt.push(held);
        }
      }
      // Newest first was asked for; only a page that came so may end the paging early.
      const times = page.deleted.map((d) => d.deletedAt);
      const newestFirst = times.every((t, i) => i === 0 || times[i - 1] >= t);
      if (newestFirst && times.length > 0 && times[times.length - 1] < after) break;
    }
  } catch (e) {
    if (!isRefusal(e)) throw e;
    log.warning("Could not list deleted conversations: {message}", {
      message: e.message,
    });
    return result;
  }
  store.setState(STATE.deletedCheckedAt, String(checkedAt ?? client.serverTime ?? fallbackNow));
  return result;
}
