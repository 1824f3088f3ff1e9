// The double's ticket endpoints: `GET /ticket_types`, `GET /ticket_states`, `GET /tickets/{id}`
// and `POST /tickets/search`, the search paged by a stateless cursor (an offset, as Intercom's
// behaves: a ticket updated while a listing pages shifts the rest) and sortable by updated_at.

import { renderTicket, type TicketRecord, ticketsOf } from "./tickets.ts";
import type { Workspace } from "./workspace.ts";

/** What the server turns into a response: a body, or an error code and message. */
export type TicketAnswer =
  | { status: 200; body: unknown }
  | { status: 400 | 404; code: string; message: string; field?: string };

export const TICKET_ROUTES: ReadonlyArray<[string, RegExp, string]> = [
  ["GET", /^\/ticket_types$/, "GET /ticket_types"],
  ["GET", /^\/ticket_states$/, "GET /ticket_states"],
  ["POST", /^\/tickets\/search$/, "POST /tickets/search"],
  ["GET", /^\/tickets\/[^/]+$/, "GET /tickets/{id}"],
];

const MAX_PER_PAGE = 150;

type Filter = { field: string; operator: string; value: unknown };

function invalid(message: string, field?: string): TicketAnswer {
  return { status: 400, code: "parameter_invalid", message, field };
}

/** The searchable value of a field, or undefined for a field this double does not search. */
function valueOf(ws: Workspace, t: TicketRecord, field: string): unknown {
  switch (field) {
    case "id":
      return t.id;
    case "created_at":
      return t.created_at;
    case "updated_at":
      return t.updated_at;
    case "ticket_type_id":
      return t.typeId;
    case "state":
      return ticketsOf(ws).states.get(t.stateId)!.category;
    case "open":
      return ticketsOf(ws).states.get(t.stateId)!.category !== "resolved";
    case "contact_ids":
      return t.contacts.map((c) => c.id);
  }
  return undefined;
}

function test(ws: Workspace, t: TicketRecord, f: Filter): boolean {
  const have = valueOf(ws, t, f.field);
  const values = Array.isArray(have) ? have : [have];
  const wanted = Array.isArray(f.value) ? f.value.map(String) : [String(f.value)];
  switch (f.operator) {
    case "=":
      return values.some((v) => String(v) === String(f.value));
    case "!=":
      return values.every((v) => String(v) !== String(f.value));
    case "IN":
      return values.some((v) => wanted.includes(String(v)));
    case "NIN":
      return values.every((v) => !wanted.includes(String(v)));
    case ">":
      return Number(have) > Number(f.value);
    default:
      return Number(have) < Number(f.value);
  }
}

function checkFilter(f: unknown): string | null {
  const { field, operator, value } = (f ?? {}) as Partial<Filter>;
  if (typeof field !== "string" || typeof operator !== "string") {
    return "a filter needs a field and an operator";
  }
  if (
    !["id", "created_at", "updated_at", "ticket_type_id", "state", "open", "contact_ids"].includes(
      field,
    )
  ) {
    return `unsupported field ${field}`;
  }
  if (!["=", "!=", "IN", "NIN", ">", "<"].includes(operator)) {
    return `unsupported operator ${operator}`;
  }
  if ((operator === "IN" || operator === "NIN") !== Array.isArray(value)) {
    return `${operator} takes ${Array.isArray(value) ? "one value" : "an array"}`;
  }
  if ((operator === ">" || operator === "<") && !Number.isFinite(Number(value))) {
    return `${operator} compares numbers and dates`;
  }
  return null;
}

function search(ws: Workspace, body: unknown): TicketAnswer {
  if (typeof body !== "object" || body === null) {
    return invalid("the request body is not valid JSON");
  }
  const { query, pagination, sort } = body as {
    query?: { field?: unknown; operator?: unknown; value?: unknown };
    pagination?: { per_page?: unknown; starting_after?: unknown };
    sort?: { field?: unknown; order?: unknown };
  };
  const group = query?.operator === "AND" || query?.operator === "OR";
  const filters = group ? query!.value : [query];
  if (!Array.isArray(filters) || filters.length === 0 || filters.length > 15) {
    return invalid("query must be a filter or an AND/OR group of 1 to 15 filters", "query");
  }
  for (const f of filters) {
    const problem = checkFilter(f);
    if (problem) return invalid(problem, "query");
  }
  const perPage = pagination?.per_page === undefined ? 20 : Number(pagination.per_page);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    return invalid(`per_page must be from 1 to ${MAX_PER_PAGE}`, "per_page");
  }
  let offset = 0;
  if (pagination?.starting_after !== undefined) {
    const m = typeof pagination.starting_after === "string"
      ? /^tickets:(\d+)$/.exec(atob(pagination.starting_after))
      : null;
    if (!m) return invalid("starting_after is not a cursor this API gave", "starting_after");
    offset = Number(m[1]);
  }
  const any = query?.operator === "OR";
  const list = [...ticketsOf(ws).tickets.values()].filter((t) =>
    any
      ? (filters as Filter[]).some((f) => test(ws, t, f))
      : (filters as Filter[]).every((f) => test(ws, t, f))
  );
  if (sort?.field === "updated_at") {
    const sign = sort.order === "ascending" ? 1 : -1;
    list.sort((a, b) => sign * (a.updated_at - b.updated_at || Number(a.id) - Number(b.id)));
  } else list.sort((a, b) => Number(a.id) - Number(b.id));
  const end = offset + perPage;
  const pages: Record<string, unknown> = {
    type: "pages",
    page: Math.floor(offset / perPage) + 1,
    per_page: perPage,
    total_pages: Math.ceil(list.length / perPage),
  };
  if (end < list.length) pages.next = { per_page: perPage, starting_after: btoa(`tickets:${end}`) };
  return {
    status: 200,
    body: {
      type: "ticket.list",
      pages,
      total_count: list.length,
      tickets: list.slice(offset, end).map((t) => renderTicket(ws, t)),
    },
  };
}

export function ticketAnswer(
  ws: Workspace,
  routeKey: string,
  id: string,
  body: unknown,
): TicketAnswer {
  const desk = ticketsOf(ws);
  switch (routeKey) {
    case "GET /ticket_types":
      return { status: 200, body: { type: "list", data: [...desk.types.values()] } };
    case "GET /ticket_states":
      return {
        status: 200,
        body: {
          type: "list",
          data: [...desk.states.values()].map((s) => ({
            ...s,
            ticket_types: {
              type: "list",
              data: [...desk.types.values()].filter((t) =>
                t.ticket_states.data.some((x) => x.id === s.id)
              ).map((t) => ({
                type: "ticket_type",
                id: t.id,
                name: t.name,
                description: t.description,
                icon: t.icon,
                archived: t.archived,
                is_internal: t.is_internal,
                category: t.category,
              })),
            },
            archived: false,
          })),
        },
      };
    case "POST /tickets/search":
      return search(ws, body);
    default: {
      const t = desk.tickets.get(id);
      if (!t) return { status: 404, code: "not_found", message: "Ticket not found" };
      return { status: 200, body: renderTicket(ws, t) };
    }
  }
}
