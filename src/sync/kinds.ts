// The kinds a sync keeps beside conversations (help-center articles, contacts, tickets), each synced on
// its own: a token without the scope for one costs that kind, never the others, and what each
// kind's last attempt found is kept for `status` to say what is missing and how to add it.

import { isRefusal } from "../intercom/errors.ts";
import type { Store } from "../store/store.ts";

export const KINDS = {
  articles: { what: "help-center articles", scope: "Read and list articles" },
  contacts: { what: "contact profiles and companies", scope: "Read and list users and companies" },
  tickets: { what: "tickets, their types and states", scope: "Read tickets" },
} as const;

export type Kind = keyof typeof KINDS;

/** What one kind's sync did. */
export interface KindCounts {
  newCount: number;
  changedCount: number;
  deletedCount: number;
  requests: number;
}

/** What the last sync of a kind found, kept in the state table. */
export interface KindState {
  /** False when Intercom refused the kind (no scope, no such route). */
  available: boolean;
  /** Unix seconds of the last sync that brought this kind level with Intercom. */
  syncedAt: number | null;
  /** Unix seconds of the last attempt. */
  checkedAt: number;
  error: string | null;
  last: KindCounts | null;
}

const key = (kind: Kind) => `kind.${kind}`;

export function readKind(store: Store, kind: Kind): KindState | null {
  const raw = store.getState(key(kind));
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as KindState;
  } catch {
    return null;
  }
}

export function writeKind(store: Store, kind: Kind, state: KindState): void {
  store.setState(key(kind), JSON.stringify(state));
}

/** How long a refusal is believed before a sync asks again (a forced sync asks at once). */
export const KIND_REFUSAL_REMEMBERED_SECONDS = 86_400;

/**
 * Runs one kind's sync and records its outcome. A refusal is recorded and swallowed, so the
 * rest of the sync goes on, and believed for a day: until then (or a forced sync) the kind
 * costs no request. `refusedAt` is a refusal of the same permission seen elsewhere.
 */
export async function syncKind(
  store: Store,
  kind: Kind,
  opts: { now: number; force: boolean; refusedAt?: number | null },
  run: () => Promise<KindCounts>,
): Promise<KindCounts | null> {
  const { now } = opts;
  const before = readKind(store, kind);
  const recently = (at: number | null | undefined) =>
    at !== null && at !== undefined && now - at < KIND_REFUSAL_REMEMBERED_SECONDS;
  if (!opts.force && before?.available === false && recently(before.checkedAt)) return null;
  if (!opts.force && recently(opts.refusedAt)) {
    writeKind(store, kind, {
      available: false,
      syncedAt: before?.syncedAt ?? null,
      checkedAt: opts.refusedAt!,
      error: "Intercom refused to show contacts to this token (403)",
      last: null,
    });
    return null;
  }
  try {
    const counts = await run();
    writeKind(store, kind, {
      available: true,
      syncedAt: now,
      checkedAt: now,
      error: null,
      last: counts,
    });
    return counts;
  } catch (e) {
    const refused = isRefusal(e);
    writeKind(store, kind, {
      available: !refused,
      syncedAt: before?.syncedAt ?? null,
      checkedAt: now,
      error: e instanceof Error ? e.message : String(e),
      last: null,
    });
    if (refused) return null;
    throw e;
  }
}

/**
 * Why a kind is missing from the cache and what would add it, or null when it is there (or
 * no sync has tried it yet).
 */
export function missingNote(store: Store, kind: Kind): string | null {
  const state = readKind(store, kind);
  if (!state || state.available) return null;
  const { what, scope } = KINDS[kind];
  return `${what} are not synced: Intercom refused them (${state.error}). Give the access ` +
    `token the "${scope}" permission (Developer Hub, your app, Authentication), then sync.`;
}
