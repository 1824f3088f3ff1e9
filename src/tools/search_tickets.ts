// search_tickets: ranked full-text search over the cached tickets, with filters by state, type,
// customer, company, timeframe and assignee.

import { z } from "zod";
import { resolveFilters } from "../search/search.ts";
import { companiesNamed, resolveContact } from "../store/contact_lookup.ts";
import type { Store } from "../store/store.ts";
import {
  searchTickets,
  type TicketHit,
  ticketTypeNames,
  ticketTypesNamed,
} from "../store/ticket_lookup.ts";
import { freshnessSchema } from "../sync/freshness.ts";
import { missingNote } from "../sync/kinds.ts";
import { iso } from "../time.ts";
import { LookupError } from "./lookup_error.ts";
import { pageArgs, pagedSearchSchema, readQuery } from "./paged_search.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

const MAX_TICKETS = 50;
const DEFAULT_TICKETS = 10;

/** A state category, or open (not resolved) and closed (resolved). */
export const TICKET_STATES = [
  "open",
  "closed",
  "submitted",
  "in_progress",
  "waiting_on_customer",
  "resolved",
] as const;

const inputSchema = {
  query: z.string().max(10_000).optional().describe(
    'Words to find in the title, description, attributes or thread, e.g. "export fails", ' +
      '"\\"invoice missing\\"", "refund*"; leave empty to list the most recently updated',
  ),
  state: z.enum(TICKET_STATES).optional().describe(
    "open (not resolved), closed (resolved), or a state category: submitted, in_progress, " +
      "waiting_on_customer, resolved",
  ),
  ticket_type: z.string().max(1000).optional().describe(
    'Ticket type: name or id, e.g. "Bug report"',
  ),
  customer: z.string().max(1000).optional().describe(
    "Only this customer's tickets: email or contact id",
  ),
  company: z.string().max(1000).optional().describe(
    "Only tickets of this company's customers: name or id",
  ),
  timeframe: z.string().max(1000).optional().describe(
    'Only tickets active in this period (created before its end, updated after its start), e.g. "last week", "2026-03"',
  ),
  timezone: z.string().max(100).optional().describe(
    'IANA time zone that "today" and dates mean, e.g. Europe/Paris; default the server\'s',
  ),
  assignee: z.string().max(1000).optional().describe(
    'Assigned teammate: name, email or id, or "unassigned"',
  ),
  team: z.string().max(1000).optional().describe("Assigned team: name or id"),
  ...pageArgs(MAX_TICKETS, DEFAULT_TICKETS),
};

export type TicketSearchArgs = z.infer<z.ZodObject<typeof inputSchema>>;

const hit = z.object({
  id: z.string(),
  number: z.string().nullable().describe("The number the inbox shows"),
  title: z.string(),
  type: z.string().nullable(),
  state: z.string().nullable().describe("The state's label, as teammates see it"),
  state_category: z.string().nullable(),
  open: z.boolean(),
  customers: z.array(z.string()),
  assignee: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  snippet: z.string().describe("Matched words in **bold**"),
});

/** What was asked, resolved and run on the cache: the tool's answer without its freshness. */
export function findTickets(store: Store, args: TicketSearchArgs, now: Date) {
  const { query, nothing, ...parsed } = readQuery(args.query);
  const limit = args.limit ?? DEFAULT_TICKETS;
  const offset = args.offset ?? 0;
  const resolved = resolveFilters(store, now, {
    timeframe: args.timeframe,
    timezone: args.timezone,
    assignee: args.assignee,
    team: args.team,
  });
  let typeIds: string[] | null = null;
  if (args.ticket_type !== undefined) {
    typeIds = ticketTypesNamed(store, args.ticket_type);
    if (!typeIds.length) {
      throw new LookupError(
        `no ticket type is named "${args.ticket_type.slice(0, 100)}"; the types are: ${
          ticketTypeNames(store).join(", ") || "none cached"
        }`,
      );
    }
  }
  let contactIds: string[] | null = null;
  if (args.customer !== undefined) {
    const id = resolveContact(store, args.customer);
    if (id === null && args.customer.includes("@")) {
      throw new LookupError(`no cached contact has the email "${args.customer.slice(0, 200)}"`);
    }
    // An id of no cached profile may still be a ticket's contact: tickets name their own.
    contactIds = [id ?? args.customer.trim()];
  }
  let companyIds: string[] | null = null;
  if (args.company !== undefined) {
    companyIds = companiesNamed(store, args.company);
    if (!companyIds.length) {
      throw new LookupError(`no cached company is named "${args.company.slice(0, 100)}"`);
    }
  }
  const state = args.state;
  const { total, hits } = nothing
    ? { total: 0, hits: [] as TicketHit[] }
    : store.snapshot(() =>
      searchTickets(store, {
        match: parsed.match,
        terms: parsed.terms,
        stateCategories: state && state !== "open" && state !== "closed" ? [state] : null,
        open: state === "open" ? true : state === "closed" ? false : null,
        typeIds,
        contactIds,
        companyIds,
        range: resolved.range,
        assigneeIds: resolved.assigneeIds,
        unassigned: resolved.unassigned,
        teamIds: resolved.teamIds,
        limit,
        offset,
      })
    );
  const tickets = hits.map((h) => ({
    id: h.id,
    number: h.number,
    title: h.title,
    type: h.type,
    state: h.state,
    state_category: h.stateCategory,
    open: h.open,
    customers: h.customers,
    assignee: h.assignee,
    created_at: iso(h.createdAt),
    updated_at: iso(h.updatedAt),
    snippet: h.snippet,
  }));
  return {
    query,
    terms: parsed.terms,
    total,
    returned: tickets.length,
    offset,
    next_offset: offset + tickets.length < total ? offset + tickets.length : null,
    tickets,
    timeframe: resolved.timeframe?.meaning ?? null,
    note: missingNote(store, "tickets"),
  };
}

export function renderTicketSearch(r: ReturnType<typeof findTickets>): string {
  const head = `${r.total} ticket${r.total === 1 ? "" : "s"}${
    r.terms.length ? ` for ${r.terms.join(" ")}` : ""
  }${r.timeframe ? ` (${r.timeframe})` : ""}${
    r.returned < r.total ? `, showing ${r.offset + 1}-${r.offset + r.returned}` : ""
  }`;
  const lines = r.tickets.map((t, i) =>
    `${r.offset + i + 1}. [${t.id}]${t.number ? ` #${t.number}` : ""} ${t.title} (${
      [t.type, t.state, t.open ? "open" : "closed"].filter(Boolean).join(", ")
    })${t.customers.length ? `, ${t.customers.join(", ")}` : ""}; updated ${t.updated_at}${
      t.snippet ? `\n   ${t.snippet}` : ""
    }`
  );
  return [head, ...lines, ...(r.note ? [r.note] : [])].join("\n");
}

export const searchTicketsTool = defineTool({
  name: "search_tickets",
  title: "Search tickets",
  description:
    "Full-text search over the cached Intercom tickets (title, description, attributes and " +
    "every comment and note), ranked by relevance, with filters: state (open, closed or a " +
    "category such as waiting_on_customer), ticket type, customer, company, timeframe, " +
    "assignee and team. Leave query empty to list the most recently updated. Use get_ticket " +
    "to read one whole.",
  inputSchema,
  outputSchema: {
    ...pagedSearchSchema,
    tickets: z.array(hit),
    timeframe: z.string().nullable().describe("The timeframe as understood"),
    note: z.string().nullable().describe("Why tickets are missing from the cache, when they are"),
    freshness: freshnessSchema,
  },
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const freshness = await ctx.freshCache();
    const r = findTickets(ctx.store, args, new Date(ctx.now() * 1000));
    return { structured: { ...r, freshness }, text: renderTicketSearch(r) };
  },
});
