// The tickets behind the test double, in Intercom's JSON shapes (API 2.16): tickets of the
// workspace's contacts, of the types and states of ticket_types.ts, many linked to their
// conversations, some trackers linked to other tickets; plus the edits tests make. Kept beside
// a Workspace, made from its seed the first time it is asked for.

import {
  between,
  customerFollowUp,
  customerMessage,
  internalNote,
  makeRng,
  pick,
  pickTopic,
  type Rng,
  subjectLine,
  teammateReply,
} from "./text.ts";
import {
  makeTicketTypes,
  type StateCategory,
  type TicketCategory,
  type TicketStateRecord,
  type TicketTypeAttributeRecord,
  type TicketTypeRecord,
} from "./ticket_types.ts";
import type { Workspace } from "./workspace.ts";

export type { StateCategory, TicketCategory, TicketStateRecord, TicketTypeRecord };

const DAY = 86400;
const TICKET_ID_BASE = 7700000;

export interface TicketPartRecord {
  type: "ticket_part";
  id: string;
  part_type: string;
  /** HTML; null for state changes. */
  body: string | null;
  ticket_state: StateCategory;
  previous_ticket_state: StateCategory;
  created_at: number;
  updated_at: number;
  author: { id: string; type: "admin" | "user"; name: string | null; email: string };
  attachments: never[];
  redacted: boolean;
}

/** A ticket as the workspace holds it; rendered with its type and state by renderTicket. */
export interface TicketRecord {
  id: string;
  ticket_id: string;
  category: TicketCategory;
  typeId: string;
  stateId: string;
  ticket_attributes: Record<string, string | number | boolean | null>;
  contacts: { id: string; external_id: string | null }[];
  admin_assignee_id: number;
  team_assignee_id: number;
  created_at: number;
  updated_at: number;
  parts: TicketPartRecord[];
  links: { type: "conversation" | "ticket"; id: string; category: TicketCategory | null }[];
  is_shared: boolean;
}

export interface TicketDesk {
  types: Map<string, TicketTypeRecord>;
  states: Map<string, TicketStateRecord>;
  tickets: Map<string, TicketRecord>;
  nextTicketId: number;
  nextPartId: number;
}

export interface TicketDeskOptions {
  /** Default 60. */
  tickets?: number;
}

const desks = new WeakMap<Workspace, TicketDesk>();

/** The tickets of a workspace: made from its seed on first use, then kept. */
export function ticketsOf(ws: Workspace, opts: TicketDeskOptions = {}): TicketDesk {
  let desk = desks.get(ws);
  if (!desk) {
    desk = generateDesk(ws, opts);
    desks.set(ws, desk);
  }
  return desk;
}

function generateDesk(ws: Workspace, opts: TicketDeskOptions): TicketDesk {
  const rng = makeRng((ws.app.created_at % 7919) + 3);
  const now = ws.clock();
  const { states, types } = makeTicketTypes(ws, rng, now);
  const desk: TicketDesk = {
    types,
    states,
    tickets: new Map(),
    nextTicketId: TICKET_ID_BASE,
    nextPartId: 880000,
  };
  const conversations = [...ws.conversations.values()];
  const count = opts.tickets ?? 60;
  // The customers' tickets so far, newest last: trackers link the latest (kept as they come, so
  // tens of thousands of tickets are made in one pass).
  const customer: TicketRecord[] = [];
  for (let i = 0; i < count; i++) {
    const type = [...types.values()][i % 7 === 6 ? 3 : i % 3];
    const conversation = conversations.length ? pick(rng, conversations) : null;
    const contactId = conversation?.contacts.contacts[0]?.id ?? null;
    const created = now - between(rng, 1, 50) * DAY - between(rng, 0, DAY - 1);
    const t = makeTicket(ws, desk, rng, {
      type,
      contactId: type.category === "Customer" ? contactId : null,
      createdAt: created,
      title: null,
    });
    if (conversation && type.category === "Customer" && rng() < 0.7) {
      t.links.push({ type: "conversation", id: conversation.id, category: null });
    }
    if (t.category === "Customer") customer.push(t);
    if (type.category === "Tracker") {
      for (const o of customer.slice(-between(rng, 1, 3))) {
        t.links.push({ type: "ticket", id: o.id, category: "Customer" });
        o.links.push({ type: "ticket", id: t.id, category: "Tracker" });
      }
    }
    // A thread of comments, notes and state changes, ending in the ticket's state.
    let at = created;
    for (let p = between(rng, 1, 5); p > 0 && at < now - 3600; p--) {
      at = Math.min(now - 60, at + between(rng, 600, 4 * DAY));
      const u = rng();
      if (u < 0.35) changeState(ws, desk, t, pick(rng, [...states.keys()]), at);
      else {
        const kind = u < 0.6 ? "comment" : u < 0.8 ? "customer" : "note";
        addPart(desk, t, partBody(ws, rng, t, kind), at);
      }
    }
  }
  return desk;
}

function admin(ws: Workspace, rng: Rng) {
  return pick(rng, ws.admins);
}

function partBody(
  ws: Workspace,
  rng: Rng,
  t: TicketRecord,
  kind: "comment" | "note" | "customer",
): { partType: string; html: string; author: TicketPartRecord["author"] } {
  const topic = pickTopic(rng);
  const a = admin(ws, rng);
  const adminAuthor = { id: a.id, type: "admin" as const, name: a.name, email: a.email };
  const contact = t.contacts[0] ? ws.contacts.get(t.contacts[0].id) : undefined;
  if (kind === "customer" && contact) {
    return {
      partType: "comment",
      html: customerFollowUp(rng, topic),
      author: { id: contact.id, type: "user", name: contact.name, email: contact.email },
    };
  }
  if (kind === "note") {
    return {
      partType: "note",
      html: internalNote(rng, topic, a.name.split(" ")[0]),
      author: adminAuthor,
    };
  }
  const first = contact?.name?.split(" ")[0] ?? "there";
  return {
    partType: "comment",
    html: teammateReply(rng, topic, first, a.name.split(" ")[0]),
    author: adminAuthor,
  };
}

function attributeValue(rng: Rng, a: TicketTypeAttributeRecord): string | number | boolean {
  switch (a.data_type) {
    case "list":
      return pick(rng, ["Low", "Medium", "High", "Critical"]);
    case "decimal":
      return between(rng, 5, 500) + 0.5;
    case "boolean":
      return rng() < 0.5;
    default:
      return a.name === "browser"
        ? pick(rng, ["Chrome 120", "Safari 17", "Firefox 121"])
        : a.name === "invoice_number"
        ? `INV-${between(rng, 10000, 99999)}`
        : pick(rng, ["Checkout", "Dashboard", "Mobile app", "Exports"]);
  }
}

function makeTicket(
  ws: Workspace,
  desk: TicketDesk,
  rng: Rng,
  o: {
    type: TicketTypeRecord;
    contactId: string | null;
    createdAt: number;
    title: string | null;
    description?: string;
  },
): TicketRecord {
  const id = String(desk.nextTicketId++);
  const topic = pickTopic(rng);
  let contact = o.contactId ? ws.contacts.get(o.contactId) : undefined;
  while (contact?.merged_into) contact = ws.contacts.get(contact.merged_into);
  const attributes: TicketRecord["ticket_attributes"] = {
    _default_title_: o.title ?? subjectLine(rng, topic),
    _default_description_: o.description ??
      customerMessage(rng, topic, contact?.name?.split(" ")[0] ?? "Sam"),
  };
  for (const a of o.type.ticket_type_attributes.data) {
    if (!a.default) attributes[a.name] = attributeValue(rng, a);
  }
  const assigned = rng() < 0.8;
  const t: TicketRecord = {
    id,
    ticket_id: String(1000 + Number(id) - TICKET_ID_BASE),
    category: o.type.category,
    typeId: o.type.id,
    stateId: "9100",
    ticket_attributes: attributes,
    contacts: contact ? [{ id: contact.id, external_id: contact.external_id }] : [],
    admin_assignee_id: assigned ? Number(admin(ws, rng).id) : 0,
    team_assignee_id: assigned && rng() < 0.5 ? Number(pick(rng, ws.teams).id) : 0,
    created_at: o.createdAt,
    updated_at: o.createdAt,
    parts: [],
    links: [],
    is_shared: o.type.category === "Customer",
  };
  desk.tickets.set(id, t);
  return t;
}

function addPart(
  desk: TicketDesk,
  t: TicketRecord,
  p: { partType: string; html: string | null; author: TicketPartRecord["author"] },
  at: number,
): void {
  const state = desk.states.get(t.stateId)!.category;
  t.parts.push({
    type: "ticket_part",
    id: String(desk.nextPartId++),
    part_type: p.partType,
    body: p.html,
    ticket_state: state,
    previous_ticket_state: state,
    created_at: at,
    updated_at: at,
    author: p.author,
    attachments: [],
    redacted: false,
  });
  t.updated_at = Math.max(t.updated_at, at);
}

function changeState(
  ws: Workspace,
  desk: TicketDesk,
  t: TicketRecord,
  stateId: string,
  at: number,
): void {
  const before = desk.states.get(t.stateId)!.category;
  t.stateId = stateId;
  const a = ws.admins[Number(t.id) % ws.admins.length];
  addPart(desk, t, {
    partType: "ticket_state_updated_by_admin",
    html: null,
    author: { id: a.id, type: "admin", name: a.name, email: a.email },
  }, at);
  t.parts[t.parts.length - 1].previous_ticket_state = before;
}

/** A ticket as `GET /tickets/{id}` and the search return it (the description's `ticket`). */
export function renderTicket(ws: Workspace, t: TicketRecord): Record<string, unknown> {
  const desk = ticketsOf(ws);
  const { ticket_states: _states, ...type } = desk.types.get(t.typeId)!;
  const state = desk.states.get(t.stateId)!;
  return {
    type: "ticket",
    id: t.id,
    ticket_id: t.ticket_id,
    ticket_attributes: t.ticket_attributes,
    ticket_state: state,
    ticket_type: type,
    contacts: {
      type: "contact.list",
      contacts: t.contacts.map((c) => ({ type: "contact", ...c })),
    },
    admin_assignee_id: t.admin_assignee_id,
    team_assignee_id: t.team_assignee_id,
    created_at: t.created_at,
    updated_at: t.updated_at,
    ticket_parts: { type: "ticket_part.list", ticket_parts: t.parts, total_count: t.parts.length },
    open: state.category !== "resolved",
    linked_objects: {
      type: "list",
      data: t.links,
      total_count: t.links.length,
      has_more: false,
    },
    category: t.category,
    is_shared: t.is_shared,
  };
}

/** Tickets newest update first (ties by id, descending), as a sorted search returns them. */
export function ticketsInOrder(ws: Workspace): TicketRecord[] {
  return [...ticketsOf(ws).tickets.values()].sort((a, b) =>
    b.updated_at - a.updated_at || Number(b.id) - Number(a.id)
  );
}

// --- edits tests make -------------------------------------------------------------------

function mustGet(ws: Workspace, id: string): TicketRecord {
  const t = ticketsOf(ws).tickets.get(id);
  if (!t) throw new Error(`no ticket ${id} in the workspace`);
  return t;
}

/** Moves a ticket to another state (by id), as a teammate would. */
export function setTicketState(ws: Workspace, id: string, stateId: string): void {
  const desk = ticketsOf(ws);
  if (!desk.states.has(stateId)) throw new Error(`no ticket state ${stateId}`);
  changeState(ws, desk, mustGet(ws, id), stateId, ws.clock());
  ws.revision++;
}

/** A teammate's comment on a ticket. */
export function commentOnTicket(ws: Workspace, id: string, html: string): void {
  const a = ws.admins[0];
  addPart(ticketsOf(ws), mustGet(ws, id), {
    partType: "comment",
    html,
    author: { id: a.id, type: "admin", name: a.name, email: a.email },
  }, ws.clock());
  ws.revision++;
}

/** A new Customer ticket of the first type for a contact; returns its id. */
export function createTicket(
  ws: Workspace,
  o: { title: string; description: string; contactId: string | null; conversationId?: string },
): string {
  const desk = ticketsOf(ws);
  const t = makeTicket(ws, desk, makeRng(desk.nextTicketId), {
    type: [...desk.types.values()][0],
    contactId: o.contactId,
    createdAt: ws.clock(),
    title: o.title,
    description: o.description,
  });
  if (o.conversationId) {
    t.links.push({ type: "conversation", id: o.conversationId, category: null });
  }
  ws.revision++;
  return t.id;
}

export function deleteTicket(ws: Workspace, id: string): void {
  mustGet(ws, id);
  ticketsOf(ws).tickets.delete(id);
  ws.revision++;
}
