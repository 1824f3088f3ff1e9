// The ticket types and states behind the test double, in Intercom's JSON shapes (API 2.16):
// four types (Customer, Back-office, Tracker) with their attributes, and five states covering
// the four categories, one category twice as a workspace customises them.

import { between, type Rng } from "./text.ts";
import type { Workspace } from "./workspace.ts";

const DAY = 86400;

export type StateCategory = "submitted" | "in_progress" | "waiting_on_customer" | "resolved";
export type TicketCategory = "Customer" | "Back-office" | "Tracker";

/** The description's `ticket_state`. */
export interface TicketStateRecord {
  type: "ticket_state";
  id: string;
  category: StateCategory;
  internal_label: string;
  external_label: string;
}

export interface TicketTypeAttributeRecord {
  type: "ticket_type_attribute";
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  data_type: "string" | "list" | "integer" | "decimal" | "boolean" | "datetime" | "files";
  input_options: Record<string, unknown> | null;
  order: number;
  required_to_create: boolean;
  required_to_create_for_contacts: boolean;
  visible_on_create: boolean;
  visible_to_contacts: boolean;
  default: boolean;
  ticket_type_id: number;
  archived: boolean;
  created_at: number;
  updated_at: number;
}

/** A ticket type as `GET /ticket_types` lists it: its attributes and its states. */
export interface TicketTypeRecord {
  type: "ticket_type";
  id: string;
  name: string;
  description: string;
  icon: string;
  workspace_id: string;
  archived: boolean;
  created_at: number;
  updated_at: number;
  is_internal: boolean;
  ticket_type_attributes: { type: "list"; data: TicketTypeAttributeRecord[] };
  category: TicketCategory;
  ticket_states: { type: "list"; data: TicketStateRecord[] };
}

const STATES: ReadonlyArray<[string, StateCategory, string, string]> = [
  ["9100", "submitted", "Submitted", "Submitted"],
  ["9101", "in_progress", "In progress", "In progress"],
  ["9102", "in_progress", "With engineering", "In progress"],
  ["9103", "waiting_on_customer", "Waiting on customer", "Waiting on you"],
  ["9104", "resolved", "Resolved", "Resolved"],
];

type ExtraAttribute = [string, TicketTypeAttributeRecord["data_type"], string];
const TYPES: ReadonlyArray<[string, string, TicketCategory, string, ExtraAttribute[]]> = [
  ["310", "Bug report", "Customer", "🐞", [["severity", "list", "How bad it is"], [
    "browser",
    "string",
    "Where it happens",
  ]]],
  ["311", "Billing request", "Customer", "💳", [["refund_amount", "decimal", "In dollars"], [
    "invoice_number",
    "string",
    "As printed on the invoice",
  ]]],
  ["312", "Account change", "Back-office", "🔑", [["needs_approval", "boolean", "By a manager"]]],
  ["313", "Known issue", "Tracker", "📌", [["affected_area", "string", "The part of the product"]]],
];

/** The workspace's states and its types, each type with its attributes and every state. */
export function makeTicketTypes(
  ws: Workspace,
  rng: Rng,
  now: number,
): { states: Map<string, TicketStateRecord>; types: Map<string, TicketTypeRecord> } {
  const states = new Map<string, TicketStateRecord>();
  for (const [id, category, internal, external] of STATES) {
    states.set(id, {
      type: "ticket_state",
      id,
      category,
      internal_label: internal,
      external_label: external,
    });
  }
  const types = new Map<string, TicketTypeRecord>();
  let attributeId = 4100;
  for (const [id, name, category, icon, extra] of TYPES) {
    const created = now - between(rng, 300, 700) * DAY;
    const attribute = (
      n: string,
      dataType: TicketTypeAttributeRecord["data_type"],
      description: string,
      order: number,
    ): TicketTypeAttributeRecord => ({
      type: "ticket_type_attribute",
      id: String(attributeId++),
      workspace_id: ws.app.id_code,
      name: n,
      description,
      data_type: dataType,
      input_options: dataType === "string" ? { multiline: n === "_default_description_" } : null,
      order,
      required_to_create: n === "_default_title_",
      required_to_create_for_contacts: false,
      visible_on_create: true,
      visible_to_contacts: !n.startsWith("needs_"),
      default: n.startsWith("_default_"),
      ticket_type_id: Number(id),
      archived: false,
      created_at: created,
      updated_at: created,
    });
    types.set(id, {
      type: "ticket_type",
      id,
      name,
      description: `${name} tickets`,
      icon,
      workspace_id: ws.app.id_code,
      archived: false,
      created_at: created,
      updated_at: created + between(rng, 0, 100) * DAY,
      is_internal: category !== "Customer",
      ticket_type_attributes: {
        type: "list",
        data: [
          attribute("_default_title_", "string", "", 0),
          attribute("_default_description_", "string", "", 1),
          ...extra.map(([n, t, d], i) => attribute(n, t, d, i + 2)),
        ],
      },
      category,
      ticket_states: { type: "list", data: [...states.values()] },
    });
  }
  return { states, types };
}
