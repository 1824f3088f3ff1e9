// Intercom's routes as this program calls them, one line each: method and path (which is also the
// route's label in logs, errors and counts), how its answer is read, and, for a listing, how to
// ask for the next page. Adding a route is adding a line; a paginated listing is one
// `client.pages(route, input)`.

import type {
  Admin,
  Article,
  Collection,
  Company,
  ContactProfile,
  Conversation,
  Tag,
  Team,
  Ticket,
  TicketType,
} from "../model.ts";
import {
  type DeletedPage,
  type Me,
  parseAdmins,
  parseCompany,
  parseContactList,
  parseContactProfile,
  parseConversation,
  parseDeletedPage,
  parseMe,
  parseSearchPage,
  parseTags,
  parseTeams,
  type SearchPage,
} from "./parse.ts";
import {
  type NumberedPage,
  parseArticle,
  parseArticlePage,
  parseCollectionPage,
} from "./parse_articles.ts";
import {
  parseTicket,
  parseTicketPage,
  parseTicketTypes,
  type TicketPage,
} from "./parse_tickets.ts";

export type Method = "GET" | "POST";

/** What one request of a route needs besides its method and path template. */
export interface RequestParts {
  /** Values for the `{name}` placeholders of the path; encoded when filled in. */
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
}

export interface Route<In, Out> {
  /** "GET /conversations/{id}": the method and path template, as logs and counts name it. */
  readonly label: string;
  readonly method: Method;
  readonly path: string;
  readonly parse: (json: unknown) => Out;
  readonly request: (input: In) => RequestParts;
  /** A listing: the input that asks for the page after `page`, or null after the last. */
  readonly next?: (input: In, page: Out) => In | null;
  /** Listing pages go ahead of queued reads: the reads of later pages wait on them. */
  readonly urgent?: boolean;
}

function route<In, Out>(
  label: `${Method} /${string}`,
  parse: (json: unknown) => Out,
  request: (input: In) => RequestParts,
  more: Pick<Route<In, Out>, "next" | "urgent"> = {},
): Route<In, Out> {
  const [method, path] = label.split(" ") as [Method, string];
  return { label, method, path, parse, request, ...more };
}

const none = () => ({});
const byId = ({ id }: { id: string }) => ({ params: { id } });

/** The body of a search (`POST /conversations/search`, `POST /contacts/search`). */
export interface SearchBody {
  query: unknown;
  pagination: { per_page: number; starting_after?: string };
  sort?: { field: string; order: "ascending" | "descending" };
}

/** `updated_at >= t`, written as Intercom takes it inclusively: `> t OR = t`. */
export function updatedSince(t: number): SearchBody["query"] {
  return {
    operator: "OR",
    value: [
      { field: "updated_at", operator: ">", value: t },
      { field: "updated_at", operator: "=", value: t },
    ],
  };
}

/** Search pages name the next page by a cursor; an empty page ends the listing too. */
function nextCursor(body: SearchBody, cursor: string | null, count: number): SearchBody | null {
  if (!cursor || count === 0) return null;
  return { ...body, pagination: { ...body.pagination, starting_after: cursor } };
}

export interface DeletedInput {
  page: number;
  perPage: number;
}

/** A page-numbered listing (help center): the page asked for and its size. */
export interface PageInput {
  page: number;
  perPage: number;
}

const numbered = ({ page, perPage }: PageInput) => ({ query: { page, per_page: perPage } });
const nextNumbered = <T>(i: PageInput, p: NumberedPage<T>) =>
  p.hasNext ? { ...i, page: i.page + 1 } : null;

export const ROUTES = {
  me: route<void, Me>("GET /me", parseMe, none),
  admins: route<void, Admin[]>("GET /admins", parseAdmins, none),
  teams: route<void, Team[]>("GET /teams", parseTeams, none),
  tags: route<void, Tag[]>("GET /tags", parseTags, none),
  conversation: route<{ id: string }, Conversation>(
    "GET /conversations/{id}",
    parseConversation,
    ({ id }) => ({ params: { id }, query: { display_as: "plaintext" } }),
  ),
  searchConversations: route<SearchBody, SearchPage>(
    "POST /conversations/search",
    parseSearchPage,
    (body) => ({ body }),
    { next: (b, p) => nextCursor(b, p.nextCursor, p.stubs.length), urgent: true },
  ),
  /** Newest deletion first. */
  deletedConversations: route<DeletedInput, DeletedPage>(
    "GET /conversations/deleted",
    parseDeletedPage,
    ({ page, perPage }) => ({ query: { page, per_page: perPage, order: "desc" } }),
    { next: (i, p) => p.hasNext && p.deleted.length ? { ...i, page: i.page + 1 } : null },
  ),
  /** The whole contact; a Contact where only the email matters. */
  contact: route<{ id: string }, ContactProfile>("GET /contacts/{id}", parseContactProfile, byId),
  searchContacts: route<SearchBody, ReturnType<typeof parseContactList>>(
    "POST /contacts/search",
    parseContactList,
    (body) => ({ body }),
    { next: (b, p) => nextCursor(b, p.nextCursor, p.contacts.length) },
  ),
  company: route<{ id: string }, Company>("GET /companies/{id}", parseCompany, byId),
  /** Newest update first; no updated-since filter. */
  articles: route<PageInput, NumberedPage<Article>>("GET /articles", parseArticlePage, numbered, {
    next: nextNumbered,
  }),
  article: route<{ id: string }, Article>("GET /articles/{id}", parseArticle, byId),
  collections: route<PageInput, NumberedPage<Collection>>(
    "GET /help_center/collections",
    parseCollectionPage,
    numbered,
    { next: nextNumbered },
  ),
  /** Every ticket type, with its attributes and the states its tickets move through. */
  ticketTypes: route<void, TicketType[]>("GET /ticket_types", parseTicketTypes, none),
  /** Whole tickets, parts included. */
  searchTickets: route<SearchBody, TicketPage>(
    "POST /tickets/search",
    parseTicketPage,
    (body) => ({ body }),
    { next: (b, p) => nextCursor(b, p.nextCursor, p.tickets.length) },
  ),
  ticket: route<{ id: string }, Ticket>("GET /tickets/{id}", parseTicket, byId),
} as const;

/** The path of one request: placeholders filled in and encoded, then the query. */
export function pathOf(path: string, parts: RequestParts): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = parts.params?.[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
  const query = parts.query
    ? new URLSearchParams(Object.entries(parts.query).map(([k, v]) => [k, String(v)])).toString()
    : "";
  return query ? `${filled}?${query}` : filled;
}
