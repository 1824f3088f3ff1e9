// Tickets as one kind of the connector pair (documents.ts): found as search_tickets finds them,
// read as get_ticket reads them. Intercom's inbox has no known URL for a ticket, so its URL is
// its resource, intercom://ticket/{id}.

import { parseQuery } from "../store/fts_query.ts";
import { ticketsHolding } from "../store/ticket_lookup.ts";
import type { DocumentKind, KindHit } from "./documents.ts";
import { getTicketTool, MAX_PARTS, renderTicket, viewTicket } from "./get_ticket.ts";
import { findTickets, searchTicketsTool } from "./search_tickets.ts";
import type { Tool } from "./tool.ts";

/** A question naming tickets ("open tickets about exports") is answered by tickets first. */
const namesTickets = (query: string) => /\btickets?\b/i.test(query);

const resource = (id: string) => `intercom://ticket/${encodeURIComponent(id)}`;

export const tickets: DocumentKind = {
  name: "ticket",
  plural: "tickets",
  leads: (_ctx, query, hits) => hits.length > 0 && namesTickets(query),
  search(ctx, q) {
    // The question as every kind reads it (function words left out), less the words naming
    // tickets: those are held by every ticket.
    const all = parseQuery(q.query).terms;
    const terms = all.filter((t) => !/^tickets?$/i.test(t.text));
    if (!terms.length) return [];
    const named = all.length - terms.length;
    const query = terms.map((t) => `${t.required ? "+" : ""}${t.text}`).join(" ");
    const store = ctx.store;
    return store.snapshot(() => {
      const found = findTickets(store, { query, limit: q.limit }, new Date(ctx.now() * 1000));
      const ids = found.tickets.map((t) => t.id);
      const holding = terms.map((t) => ticketsHolding(store, t.fts, ids));
      return found.tickets.map((t): KindHit => {
        const what = [t.type ?? "Ticket", t.state, t.open ? "open" : "closed"].filter(Boolean);
        const whose = t.customers.length ? ` for ${t.customers.join(", ")}` : "";
        const snippet = t.snippet.replaceAll("**", "");
        return {
          id: t.id,
          title: t.number ? `#${t.number} ${t.title}` : t.title,
          url: resource(t.id),
          text: `${what.join(", ")}${whose}${snippet ? `: ${snippet}` : ""}`,
          held: named + holding.filter((s) => s.has(t.id)).length,
        };
      });
    });
  },
  fetch(ctx, raw) {
    const v = viewTicket(ctx.store, raw, MAX_PARTS, (id) => ctx.conversationUrl(id));
    const metadata: Record<string, string> = {
      open: String(v.open),
      created_at: v.created_at,
      updated_at: v.updated_at,
      parts: String(v.parts_total),
    };
    const facts = {
      number: v.number,
      type: v.type,
      category: v.category,
      state: v.state,
      state_category: v.state_category,
      assignee: v.assignee,
      team: v.team,
      customers: v.customers.map((c) => [c.name, c.email].filter(Boolean).join(" ") || c.id)
        .join(", ") || null,
      conversations: v.conversations.map((c) => c.id).join(", ") || null,
      linked_tickets: v.linked_tickets.map((t) => t.id).join(", ") || null,
    };
    for (const [key, value] of Object.entries(facts)) if (value) metadata[key] = value;
    return Promise.resolve({
      id: v.id,
      title: v.title,
      text: renderTicket(v),
      url: resource(v.id),
      metadata,
    });
  },
  cli: {
    search: (page) => ({ tool: searchTicketsTool as unknown as Tool, args: page }),
    show: (id) => ({ tool: getTicketTool as unknown as Tool, args: { ticket_id: id } }),
  },
};
