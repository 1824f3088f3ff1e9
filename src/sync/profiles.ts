// The contacts' sync: a profile for each contact of a cached conversation, and their companies.
// New contacts are read a hundred at a time by id (`POST /contacts/search`, id IN …); those the
// search leaves out (merged, just created) one by one, following a merge to where it went.
// Changes: one search for contacts updated since a stored mark (with an overlap), sorted
// ascending, of which only the cached ones are kept. Intercom lists companies with no
// updated-since filter, so a company is read when first named and again when one of its
// contacts changes.

import type { IntercomClient } from "../intercom/client.ts";
import { ROUTES, updatedSince } from "../intercom/routes.ts";
import type { ContactProfile } from "../model.ts";
import {
  companiesToRead,
  contactsWithoutProfile,
  dropCompany,
  dropUnreferenced,
  hasProfile,
  saveCompany,
  saveProfile,
  setAlias,
} from "../store/contacts.ts";
import type { Store } from "../store/store.ts";
import type { KindCounts } from "./kinds.ts";

export const CONTACTS_MARK = "contacts_updated_mark";
const OVERLAP_SECONDS = 300;
const IDS_PER_SEARCH = 100;
const PER_PAGE = 150;
/** Bounds one sync's work; the rest waits for the next sync. */
const NEW_PER_SYNC = 20_000;
const CHANGED_PAGES_PER_SYNC = 200;

export async function syncProfiles(
  store: Store,
  client: IntercomClient,
  now: number,
  signal: AbortSignal,
): Promise<KindCounts> {
  const before = client.counts.attempts;
  const counts: KindCounts = { newCount: 0, changedCount: 0, deletedCount: 0, requests: 0 };
  const touched: string[] = [];
  /** `asked`: the id a conversation names, which a merge may have moved to `p.id`. */
  const save = (p: ContactProfile, asked = p.id) => {
    touched.push(p.id);
    if (saveProfile(store, p, now) === "new") counts.newCount++;
    else counts.changedCount++;
    // The email lookup's record too, which fills in conversations' customer emails.
    store.saveContact(asked, { id: p.id, email: p.email, name: p.name, role: p.role });
  };
  const mark = store.getState(CONTACTS_MARK);

  // Changes first: a contact read new below is then read once, not twice.
  if (mark !== null) {
    const since = Number(mark) - OVERLAP_SECONDS;
    let highest = Number(mark);
    let pages = 0;
    const body = {
      query: updatedSince(since),
      pagination: { per_page: PER_PAGE },
      sort: { field: "updated_at", order: "ascending" as const },
    };
    for await (const result of client.pages(ROUTES.searchContacts, body, signal)) {
      for (const p of result.contacts) {
        highest = Math.max(highest, p.updatedAt);
        if (hasProfile(store, p.id)) save(p);
      }
      // Sorted ascending: everything up to this page's last contact is stored.
      store.setState(CONTACTS_MARK, String(highest));
      if (++pages >= CHANGED_PAGES_PER_SYNC) break;
    }
    store.setState(CONTACTS_MARK, String(highest));
  }

  const wanted = contactsWithoutProfile(store, NEW_PER_SYNC);
  const single: string[] = [];
  for (let i = 0; i < wanted.length; i += IDS_PER_SEARCH) {
    const batch = wanted.slice(i, i + IDS_PER_SEARCH);
    const found = new Map<string, ContactProfile>();
    const body = {
      query: { field: "id", operator: "IN", value: batch },
      pagination: { per_page: PER_PAGE },
    };
    for await (const result of client.pages(ROUTES.searchContacts, body, signal)) {
      for (const p of result.contacts) found.set(p.id, p);
    }
    for (const id of batch) {
      const p = found.get(id);
      if (p) save(p);
      else single.push(id);
    }
  }
  await Promise.all(single.map(async (id) => {
    const p = await client.getContact(id, signal);
    if (p === null) {
      setAlias(store, id, null);
      return store.saveContact(id, null);
    }
    if (p.id !== id) setAlias(store, id, p.id);
    save(p, id);
  }));
  if (mark === null) store.setState(CONTACTS_MARK, String(now));

  await Promise.all(
    companiesToRead(store, touched).map(async (id) => {
      const company = await client.getOrNull(ROUTES.company, id, signal);
      if (company === null) dropCompany(store, id);
      else saveCompany(store, company, now);
    }),
  );
  counts.deletedCount = dropUnreferenced(store);
  counts.requests = client.counts.attempts - before;
  return counts;
}
