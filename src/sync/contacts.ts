// Customers' emails for conversations whose opening author has none: from the contact records.
// Many at once by search; the ones search does not return (merged, just created), one by one.
// A token without the contacts scope is refused every read alike, so the first refusal stops
// the lookups, and it is remembered: later syncs skip them for a day, then try one request.

import type { Contact } from "../model.ts";
import type { IntercomClient } from "../intercom/client.ts";
import { isRefusal } from "../intercom/errors.ts";
import { ROUTES } from "../intercom/routes.ts";
import { getLogger } from "../log.ts";
import type { Store } from "../store/store.ts";
import { STATE } from "./state.ts";

const log = getLogger(["fast-intercom-mcp", "sync"]);

/** Bounds one sync's lookups; the rest wait for the next sync. */
const LOOKUPS_PER_SYNC = 20_000;
/** Ids in one contact search (`id IN …`); Intercom documents no limit, so a modest one. */
const IDS_PER_SEARCH = 100;
/** Requests of this kind in flight at once, after the first has answered. */
const AT_ONCE = 8;
/** How long a refusal is believed before one request tries again. */
export const REFUSAL_REMEMBERED_SECONDS = 86_400;

export interface ContactLookupOptions {
  /** Unix seconds by this machine's clock. */
  now: number;
  /** Try even when a refusal is remembered (a forced sync). */
  retryRefused: boolean;
  /** The API refused contact searches before, in this process: read one by one. */
  searchRefused: boolean;
}

/** Looks contacts up and stores them; returns whether the API refused the search. */
export async function lookUpContacts(
  client: IntercomClient,
  store: Store,
  opts: ContactLookupOptions,
  signal: AbortSignal,
): Promise<{ searchRefused: boolean }> {
  let searchRefused = opts.searchRefused;
  const refusedAt = store.getState(STATE.contactsRefusedAt);
  if (
    refusedAt !== null && !opts.retryRefused &&
    opts.now - Number(refusedAt) < REFUSAL_REMEMBERED_SECONDS
  ) {
    log.debug("Skipping contact lookups: Intercom refused them at {at}", { at: refusedAt });
    return { searchRefused };
  }
  const ids = store.contactsToLookUp(LOOKUPS_PER_SYNC);
  const single: string[] = [];
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_SEARCH) {
    batches.push(ids.slice(i, i + IDS_PER_SEARCH));
  }
  // After a refused search the remaining batches go one by one without asking.
  await probeThenEach(batches, () => false, async (batch) => {
    if (searchRefused) return void single.push(...batch);
    try {
      const byId = new Map<string, Contact>();
      const body = {
        query: { field: "id", operator: "IN", value: batch },
        pagination: { per_page: 150 },
      };
      for await (const page of client.pages(ROUTES.searchContacts, body, signal)) {
        for (const c of page.contacts) byId.set(c.id, c);
      }
      for (const id of batch) {
        const contact = byId.get(id);
        if (contact) store.saveContact(id, contact);
        else single.push(id);
      }
    } catch (e) {
      if (!isRefusal(e)) throw e;
      searchRefused = true;
      single.push(...batch);
    }
  });
  let refused: Error | null = null;
  await probeThenEach(single, () => refused !== null, async (id) => {
    try {
      store.saveContact(id, await client.getContact(id, signal));
    } catch (e) {
      if (!isRefusal(e)) throw e;
      refused ??= e;
    }
  });
  if (refused) {
    store.setState(STATE.contactsRefusedAt, String(opts.now));
    log.warning(
      "Could not read contacts, so some customers' emails are missing; trying again in a day or on `sync --force`: {message}",
      { message: (refused as Error).message },
    );
  } else if (refusedAt !== null && single.length + batches.length > 0) {
    store.clearState(STATE.contactsRefusedAt);
  }
  return { searchRefused };
}

/**
 * Runs `fn` on the first item alone, so that a refusal costs one request, then on the rest
 * `AT_ONCE` at a time; starts no more once `stop()` says so or one has failed.
 */
async function probeThenEach<T>(
  items: readonly T[],
  stop: () => boolean,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  if (items.length === 0) return;
  await fn(items[0]);
  let next = 1;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !stop() && !failed) {
      try {
        await fn(items[next++]);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length - 1) }, worker));
}
