// The tickets' sync. Ticket types (with their fields and states) are few: listed whole every
// time. Tickets come whole, parts included, from `POST /tickets/search` sorted newest update
// first, kept level as newest_first.ts does: a sync with nothing changed reads one page.

import type { IntercomClient } from "../intercom/client.ts";
import { IntercomError } from "../intercom/errors.ts";
import type { TicketPage } from "../intercom/parse_tickets.ts";
import { ROUTES, type SearchBody } from "../intercom/routes.ts";
import type { Ticket } from "../model.ts";
import type { Store } from "../store/store.ts";
import {
  deleteTickets,
  replaceTicketTypes,
  saveTicket,
  ticketUpdatedAt,
} from "../store/tickets.ts";
import type { KindCounts } from "./kinds.ts";
import { type ListingPage, syncNewestFirst } from "./newest_first.ts";

/** The most a search page holds. */
export const TICKETS_PER_PAGE = 150;
/** Unix seconds when the last listing that left the cache whole started. */
export const TICKETS_LISTED_AT = "tickets_listed_at";

export async function syncTickets(
  store: Store,
  client: IntercomClient,
  now: number,
  signal: AbortSignal,
): Promise<KindCounts> {
  const before = client.counts.attempts;
  replaceTicketTypes(store, await client.call(ROUTES.ticketTypes, undefined, signal));
  const found = await syncNewestFirst({
    store,
    markKey: TICKETS_LISTED_AT,
    now,
    cached: ticketUpdatedAt(store),
    pages: ticketPages(client, signal),
    save: (t) => saveTicket(store, t, now),
    reread: (id) => client.getOrNull(ROUTES.ticket, id, signal),
    drop: (ids) => deleteTickets(store, ids),
  });
  return { ...found, requests: client.counts.attempts - before };
}

function listingPage(p: TicketPage): ListingPage<Ticket> {
  return { items: p.tickets, totalCount: p.totalCount, hasNext: p.nextCursor !== null };
}

/**
 * Every ticket, newest update first. `sort` works on Intercom but is missing from its API
 * description; an API that refuses it (400) is listed unsorted, whole, every sync.
 */
async function* ticketPages(
  client: IntercomClient,
  signal: AbortSignal,
): AsyncGenerator<ListingPage<Ticket>, void, undefined> {
  const body: SearchBody = {
    query: { field: "created_at", operator: ">", value: 0 },
    pagination: { per_page: TICKETS_PER_PAGE },
  };
  const sorted: SearchBody = { ...body, sort: { field: "updated_at", order: "descending" } };
  let answered = false;
  try {
    for await (const page of client.pages(ROUTES.searchTickets, sorted, signal)) {
      answered = true;
      yield listingPage(page);
    }
    return;
  } catch (e) {
    if (answered || !(e instanceof IntercomError) || e.status !== 400) throw e;
  }
  for await (const page of client.pages(ROUTES.searchTickets, body, signal)) {
    yield listingPage(page);
  }
}
