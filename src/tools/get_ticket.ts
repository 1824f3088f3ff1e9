// get_ticket: one ticket whole from the cache: attributes, type, state, customers, the
// conversations and tickets it links to, and its thread.

import { z } from "zod";
import type { Store } from "../store/store.ts";
import { ticketDetail } from "../store/ticket_lookup.ts";
import { freshnessSchema } from "../sync/freshness.ts";
import { missingNote } from "../sync/kinds.ts";
import { iso } from "../time.ts";
import { LookupError } from "./lookup_error.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

const DEFAULT_PARTS = 30;
export const MAX_PARTS = 500;

const linked = z.object({
  id: z.string(),
  title: z.string().nullable().describe("null when it is not in the cache"),
  state: z.string().nullable(),
});

const outputSchema = {
  id: z.string(),
  number: z.string().nullable().describe("The number the inbox shows"),
  category: z.string().nullable().describe("Customer, Back-office or Tracker"),
  title: z.string(),
  description: z.string(),
  attributes: z.record(z.string(), z.unknown()).describe("The type's own fields, by name"),
  type: z.string().nullable(),
  state: z.string().nullable().describe("The state's label, as teammates see it"),
  state_category: z.string().nullable().describe(
    "submitted, in_progress, waiting_on_customer or resolved",
  ),
  customer_state: z.string().nullable().describe("The state's label, as the customer sees it"),
  open: z.boolean(),
  shared_with_customer: z.boolean(),
  assignee: z.string().nullable(),
  team: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  customers: z.array(z.object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
  })),
  conversations: z.array(linked.extend({ url: z.string().nullable() })).describe(
    "Linked conversations, from the cache",
  ),
  linked_tickets: z.array(linked),
  parts_total: z.number().int(),
  parts: z.array(z.object({
    id: z.string(),
    type: z.string().describe("comment, note, ticket_state_updated_by_admin, …"),
    author: z.string(),
    created_at: z.string(),
    body: z.string().nullable(),
    state: z.string().nullable().describe("The state category once this part was added"),
  })).describe("The newest parts, oldest first"),
  synced_at: z.string(),
};

/** An id, a ticket number (#1042 or 1042), as the tool and the resource take it. */
export function ticketIdFrom(input: string): string {
  const id = input.trim().replace(/^#/, "");
  if (!/^[\w-]{1,64}$/.test(id)) {
    throw new LookupError(`"${input.slice(0, 100)}" is not a ticket id or number`);
  }
  return id;
}

/** The ticket as the tool and the resource show it; a LookupError when not cached. */
export function viewTicket(
  store: Store,
  idOrNumber: string,
  partsLimit: number,
  conversationUrl: (id: string) => string | null,
) {
  const d = ticketDetail(store, ticketIdFrom(idOrNumber), partsLimit);
  if (!d) {
    const note = missingNote(store, "tickets");
    throw new LookupError(
      `ticket ${idOrNumber.slice(0, 100)} is not in the cache${note ? `; ${note}` : ""}`,
    );
  }
  return {
    id: d.id,
    number: d.number,
    category: d.category,
    title: d.title,
    description: d.description,
    attributes: d.attributes,
    type: d.type?.name ?? null,
    state: d.state?.label ?? null,
    state_category: d.state?.category ?? null,
    customer_state: d.state?.externalLabel ?? null,
    open: d.open,
    shared_with_customer: d.isShared,
    assignee: d.adminAssignee,
    team: d.teamAssignee,
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
    customers: d.customers,
    conversations: d.conversations.map((c) => ({ ...c, url: conversationUrl(c.id) })),
    linked_tickets: d.linkedTickets,
    parts_total: d.partsTotal,
    parts: d.parts.map((p) => ({
      id: p.id,
      type: p.partType,
      author: p.author,
      created_at: iso(p.createdAt),
      body: p.body,
      state: p.state,
    })),
    synced_at: iso(d.syncedAt),
  };
}

export function renderTicket(v: ReturnType<typeof viewTicket>): string {
  const link = (l: { id: string; title: string | null; state: string | null }) =>
    `[${l.id}] ${l.title ?? "(not cached)"}${l.state ? ` (${l.state})` : ""}`;
  const attributes = Object.entries(v.attributes).filter(([, x]) => x !== null && x !== "");
  return [
    `# ${v.title} [ticket ${v.id}${v.number ? `, #${v.number}` : ""}]`,
    [
      v.type ? `${v.type}${v.category ? ` (${v.category})` : ""}` : v.category,
      v.state ? `${v.state}${v.state_category ? ` (${v.state_category})` : ""}` : null,
      v.open ? "open" : "closed",
      v.assignee ? `assigned to ${v.assignee}` : "unassigned",
      v.team ? `team ${v.team}` : null,
      `created ${v.created_at}`,
      `updated ${v.updated_at}`,
    ].filter(Boolean).join(", "),
    ...(v.customers.length
      ? [
        `Customers: ${
          v.customers.map((c) => `${c.name ?? "(no name)"} <${c.email ?? "no email"}> [${c.id}]`)
            .join("; ")
        }`,
      ]
      : []),
    ...(attributes.length
      ? [`Attributes: ${attributes.map(([k, x]) => `${k}: ${String(x)}`).join("; ")}`]
      : []),
    ...(v.conversations.length
      ? [`Linked conversations: ${v.conversations.map(link).join("; ")}`]
      : []),
    ...(v.linked_tickets.length
      ? [`Linked tickets: ${v.linked_tickets.map(link).join("; ")}`]
      : []),
    "",
    v.description || "(no description)",
    "",
    `${v.parts_total} part${v.parts_total === 1 ? "" : "s"}${
      v.parts.length < v.parts_total ? `, the newest ${v.parts.length}` : ""
    }:`,
    ...v.parts.map((p) =>
      `- ${p.created_at} ${p.author} (${p.type})${
        p.body ? `: ${p.body.replace(/\s+/g, " ").trim()}` : p.state ? `: now ${p.state}` : ""
      }`
    ),
  ].join("\n");
}

export const getTicketTool = defineTool({
  name: "get_ticket",
  title: "Read a ticket",
  description:
    "One Intercom ticket from the cache, whole: title, description, the type's attributes, " +
    "type, state (as teammates and as the customer see it), assignee, customers, the " +
    "conversations and tickets it is linked to, and its thread of comments, notes and state " +
    "changes. Takes the ticket id or its inbox number (#1042).",
  inputSchema: {
    ticket_id: z.union([z.string().min(1).max(100), z.number().int().nonnegative()]).describe(
      "The ticket id (e.g. 7700012) or its inbox number (#1012)",
    ),
    parts_limit: z.number().int().min(0).max(MAX_PARTS).optional().describe(
      `Newest parts to show, default ${DEFAULT_PARTS}`,
    ),
  },
  outputSchema: { ...outputSchema, freshness: freshnessSchema },
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const freshness = await ctx.freshCache();
    const view = viewTicket(
      ctx.store,
      String(args.ticket_id),
      args.parts_limit ?? DEFAULT_PARTS,
      (id) => ctx.conversationUrl(id),
    );
    return { structured: { ...view, freshness }, text: renderTicket(view) };
  },
});
