// Fills a cache with the help center, the contact profiles and the tickets of a generated workspace, through
// the same parsers and store as a sync: for tools' tests beside them. Sync tests use the double.

import type { App } from "../src/app.ts";
import { parseCompany, parseContactProfile } from "../src/intercom/parse.ts";
import { parseArticle, parseCollectionPage } from "../src/intercom/parse_articles.ts";
import { replaceCollections, saveArticle } from "../src/store/articles.ts";
import { saveCompany, saveProfile, setAlias } from "../src/store/contacts.ts";
import { parseTicket, parseTicketTypes } from "../src/intercom/parse_tickets.ts";
import { replaceTicketTypes, saveTicket } from "../src/store/tickets.ts";
import { helpCenterOf } from "./double/articles.ts";
import { companiesOf } from "./double/companies.ts";
import { renderTicket, ticketsOf } from "./double/tickets.ts";
import type { Workspace } from "./double/workspace.ts";

export function fillKinds(app: App, ws: Workspace): void {
  const store = app.store;
  const now = Math.floor(Date.now() / 1000);
  const hc = helpCenterOf(ws);
  replaceCollections(store, parseCollectionPage({ data: [...hc.collections.values()] }).items);
  for (const a of hc.articles.values()) saveArticle(store, parseArticle(a), now);
  const companies = companiesOf(ws);
  for (const c of ws.conversations.values()) {
    const asked = c.contacts.contacts[0]?.id;
    let contact = asked ? ws.contacts.get(asked) : undefined;
    if (!asked || !contact) continue;
    while (contact.merged_into) contact = ws.contacts.get(contact.merged_into)!;
    if (contact.id !== asked) setAlias(store, asked, contact.id);
    saveProfile(store, parseContactProfile(contact), now);
  }
  for (const c of companies.values()) saveCompany(store, parseCompany(c), now);
  const desk = ticketsOf(ws);
  replaceTicketTypes(store, parseTicketTypes({ data: [...desk.types.values()] }));
  for (const t of desk.tickets.values()) saveTicket(store, parseTicket(renderTicket(ws, t)), now);
}
