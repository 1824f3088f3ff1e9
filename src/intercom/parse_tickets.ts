// Turns Intercom's ticket JSON (`POST /tickets/search`, `GET /tickets/{id}`, `GET /ticket_types`)
// into the domain model, as defensively as conversations: a shape that cannot be one is a
// ResponseShapeError naming what was expected.

import type { Ticket, TicketPart, TicketState, TicketType } from "../model.ts";
import { htmlToText } from "./html.ts";
import {
  arr,
  author,
  isObject,
  obj,
  optionalId,
  requiredId,
  ResponseShapeError,
  seconds,
  str,
} from "./parse.ts";

type Json = Record<string, unknown>;

/** The default attributes every ticket type has; the rest are the type's own. */
export const TITLE_ATTRIBUTE = "_default_title_";
export const DESCRIPTION_ATTRIBUTE = "_default_description_";

/** Items of a list that Intercom sends as `{data: […]}` or, per the description, an array field. */
function listItems(v: unknown, field: string): Json[] {
  if (Array.isArray(v)) return v.filter(isObject);
  const o = obj(v);
  return arr(Array.isArray(o.data) ? o.data : o[field]).filter(isObject);
}

export function parseTicketState(v: unknown): TicketState | null {
  if (!isObject(v)) return null;
  const id = optionalId(v.id);
  if (id === null) return null;
  const category = str(v.category) ?? "submitted";
  return {
    id,
    category,
    internalLabel: str(v.internal_label) || category,
    externalLabel: str(v.external_label) || null,
  };
}

export function parseTicketType(v: unknown): TicketType | null {
  if (!isObject(v)) return null;
  const id = optionalId(v.id);
  if (id === null) return null;
  return {
    id,
    name: str(v.name) || id,
    description: str(v.description) ?? "",
    category: str(v.category) || null,
    icon: str(v.icon) || null,
    archived: v.archived === true,
    attributes: listItems(v.ticket_type_attributes, "ticket_type_attributes").flatMap((a) => {
      const aid = optionalId(a.id);
      const name = str(a.name);
      return aid === null || !name ? [] : [{
        id: aid,
        name,
        dataType: str(a.data_type) ?? "string",
        description: str(a.description) ?? "",
      }];
    }),
    states: listItems(v.ticket_states, "ticket_states").flatMap((s) => parseTicketState(s) ?? []),
    updatedAt: seconds(v.updated_at),
  };
}

/** `GET /ticket_types`: every type of the workspace, archived ones included. */
export function parseTicketTypes(v: unknown): TicketType[] {
  if (!isObject(v) || !Array.isArray(v.data)) {
    throw new ResponseShapeError("a list of ticket types with a data array was expected");
  }
  return v.data.flatMap((t) => parseTicketType(t) ?? []);
}

function part(v: Json, ticketId: string): TicketPart {
  const created = seconds(v.created_at) ?? 0;
  return {
    id: requiredId(v.id, `a part of ticket ${ticketId}`),
    partType: str(v.part_type) ?? "unknown",
    body: typeof v.body === "string" ? htmlToText(v.body) : null,
    createdAt: created,
    updatedAt: seconds(v.updated_at) ?? created,
    author: author(v.author),
    state: str(v.ticket_state) || null,
    previousState: str(v.previous_ticket_state) || null,
  };
}

/** An attribute's value as text: a string as it is, a file as its name, a list joined. */
function attributeText(v: unknown): string {
  if (typeof v === "string") return htmlToText(v);
  if (Array.isArray(v)) return v.map(attributeText).filter(Boolean).join(", ");
  if (isObject(v)) return str(v.name) ?? "";
  return v === null || v === undefined ? "" : String(v);
}

export function parseTicket(v: unknown): Ticket {
  if (!isObject(v)) throw new ResponseShapeError("a ticket was expected, got no object");
  const id = requiredId(v.id, "a ticket");
  const updatedAt = seconds(v.updated_at);
  if (updatedAt === null) throw new ResponseShapeError(`ticket ${id} has no updated_at`);
  const attributes: Record<string, unknown> = {};
  const given = obj(v.ticket_attributes);
  for (const [k, x] of Object.entries(given)) {
    // Kept as Intercom gives them but for text, made plain, and files, named.
    if (k === TITLE_ATTRIBUTE || k === DESCRIPTION_ATTRIBUTE) continue;
    attributes[k] = typeof x === "string" || Array.isArray(x) || isObject(x) ? attributeText(x) : x;
  }
  const partList = obj(v.ticket_parts);
  const parts = arr(partList.ticket_parts).filter(isObject).map((p) => part(p, id));
  const state = parseTicketState(v.ticket_state);
  return {
    id,
    number: optionalId(v.ticket_id),
    category: str(v.category) || null,
    title: attributeText(given[TITLE_ATTRIBUTE]),
    description: attributeText(given[DESCRIPTION_ATTRIBUTE]),
    attributes,
    type: parseTicketType(v.ticket_type),
    state,
    open: typeof v.open === "boolean" ? v.open : state?.category !== "resolved",
    isShared: v.is_shared === true,
    contactIds: arr(obj(v.contacts).contacts).flatMap((c) => optionalId(obj(c).id) ?? []),
    adminAssigneeId: optionalId(v.admin_assignee_id),
    teamAssigneeId: optionalId(v.team_assignee_id),
    createdAt: seconds(v.created_at) ?? updatedAt,
    updatedAt,
    snoozedUntil: seconds(v.snoozed_until),
    links: listItems(v.linked_objects, "data").flatMap((l) => {
      const lid = optionalId(l.id);
      const type = str(l.type);
      return lid === null || !type ? [] : [{ type, id: lid }];
    }),
    partsTotal: Math.max(parts.length, seconds(partList.total_count) ?? 0),
    parts,
  };
}

export interface TicketPage {
  tickets: Ticket[];
  totalCount: number | null;
  nextCursor: string | null;
}

/** `POST /tickets/search`: whole tickets of one page and the cursor of the next. */
export function parseTicketPage(v: unknown): TicketPage {
  if (!isObject(v) || !Array.isArray(v.tickets)) {
    throw new ResponseShapeError("a ticket.list with a tickets array was expected");
  }
  return {
    tickets: v.tickets.map(parseTicket),
    totalCount: seconds(v.total_count),
    nextCursor: str(obj(obj(v.pages).next).starting_after) || null,
  };
}
