// Reading tickets from the cache: ranked full-text search with filters, and one ticket whole
// with its type, state, parts, customers and the conversations and tickets it links to.

import type { SQLInputValue } from "node:sqlite";
import type { TicketTypeAttribute } from "../model.ts";
import { makeSnippet, snippetPattern } from "./snippet.ts";
import type { Store } from "./store.ts";

/** bm25 weights, as for articles: the title counts most, the description next, then the parts. */
const WEIGHTS = "6.0, 3.0, 1.0";

export interface TicketFilters {
  /** The FTS5 expression from readQuery, or null to list the most recently updated first. */
  match: string | null;
  terms: readonly string[];
  /** State categories (submitted, in_progress, waiting_on_customer, resolved). */
  stateCategories: string[] | null;
  /** true: open tickets only; false: closed only. */
  open: boolean | null;
  typeIds: string[] | null;
  /** Tickets of any of these contacts. */
  contactIds: string[] | null;
  /** Tickets of a contact of any of these companies. */
  companyIds: string[] | null;
  /** Tickets created before `end` and updated at or after `start`. */
  range: { start: number; end: number } | null;
  assigneeIds: string[] | null;
  unassigned: boolean;
  teamIds: string[] | null;
  limit: number;
  offset: number;
}

export interface TicketHit {
  id: string;
  number: string | null;
  title: string;
  type: string | null;
  state: string | null;
  stateCategory: string | null;
  open: boolean;
  createdAt: number;
  updatedAt: number;
  customers: string[];
  assignee: string | null;
  snippet: string;
}

function text(v: SQLInputValue): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function searchTickets(
  store: Store,
  f: TicketFilters,
): { total: number; hits: TicketHit[] } {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  const add = (sql: string, ...values: SQLInputValue[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (f.stateCategories) {
    add("t.state_category IN (SELECT value FROM json_each(?))", JSON.stringify(f.stateCategories));
  }
  if (f.open !== null) add("t.open = ?", f.open ? 1 : 0);
  if (f.typeIds) add("t.type_id IN (SELECT value FROM json_each(?))", JSON.stringify(f.typeIds));
  if (f.contactIds) {
    add(
      `t.rowid IN (SELECT tc.ticket_rowid FROM ticket_contacts tc WHERE tc.contact_id IN (SELECT value FROM json_each(?)))`,
      JSON.stringify(f.contactIds),
    );
  }
  if (f.companyIds) {
    add(
      `t.rowid IN (SELECT tc.ticket_rowid FROM ticket_contacts tc JOIN contact_companies cc
         ON cc.contact_id = tc.contact_id WHERE cc.company_id IN (SELECT value FROM json_each(?)))`,
      JSON.stringify(f.companyIds),
    );
  }
  if (f.range) add("t.created_at < ? AND t.updated_at >= ?", f.range.end, f.range.start);
  if (f.unassigned) add("t.admin_assignee_id IS NULL AND t.team_assignee_id IS NULL");
  else if (f.assigneeIds) {
    add("t.admin_assignee_id IN (SELECT value FROM json_each(?))", JSON.stringify(f.assigneeIds));
  }
  if (f.teamIds) {
    add("t.team_assignee_id IN (SELECT value FROM json_each(?))", JSON.stringify(f.teamIds));
  }
  const whereSql = where.length ? `AND ${where.join(" AND ")}` : "";
  let total: number;
  let page: { id: string }[];
  // Matches and filters are read from tickets_facets (migration 9): the few columns they need,
  // keyed by rowid, a fraction of the pages of the tickets' rows.
  if (f.match !== null) {
    const from = `FROM ticket_index CROSS JOIN tickets t INDEXED BY tickets_facets
        ON t.rowid = ticket_index.rowid
      WHERE ticket_index MATCH ? ${whereSql}`;
    // Every ticket has its entry in the index: without filters, the index alone counts.
    const counted = where.length
      ? store.stmt(`SELECT count(*) AS n ${from}`).get(f.match, ...params)
      : store.stmt("SELECT count(*) AS n FROM ticket_index WHERE ticket_index MATCH ?").get(
        f.match,
      );
    total = Number((counted as { n: number }).n);
    page = store.stmt(
      `SELECT t.id ${from} ORDER BY bm25(ticket_index, ${WEIGHTS}), t.updated_at DESC, t.id
       LIMIT ? OFFSET ?`,
    ).all(f.match, ...params, f.limit, f.offset) as { id: string }[];
  } else {
    const counted = where.length
      ? store.stmt(
        `SELECT count(*) AS n FROM tickets t INDEXED BY tickets_facets WHERE 1 ${whereSql}`,
      )
        .get(...params)
      : store.stmt("SELECT count(*) AS n FROM tickets").get();
    total = Number((counted as { n: number }).n);
    // Newest first down tickets_updated_at (updated_at, id), reading rows until a page passes.
    page = store.stmt(
      `SELECT t.id FROM tickets t WHERE 1 ${whereSql}
       ORDER BY t.updated_at DESC, t.id DESC LIMIT ? OFFSET ?`,
    ).all(...params, f.limit, f.offset) as { id: string }[];
  }
  const pattern = f.match === null ? null : snippetPattern(f.terms);
  const read = store.stmt(
    `SELECT t.*, ty.name AS type_name, st.internal_label AS state_label,
       coalesce(ad.name, tm.name) AS assignee,
       (SELECT json_group_array(coalesce(cp.name, cp.email, co.email, tc.contact_id))
          FROM ticket_contacts tc LEFT JOIN contact_profiles cp ON cp.id = tc.contact_id
          LEFT JOIN contacts co ON co.id = tc.contact_id WHERE tc.ticket_rowid = t.rowid)
         AS customers,
       (SELECT group_concat(body, char(10)) FROM (SELECT p.body AS body FROM ticket_parts p
          WHERE p.ticket_rowid = t.rowid AND p.body IS NOT NULL ORDER BY p.created_at, p.id))
         AS body
     FROM tickets t LEFT JOIN ticket_types ty ON ty.id = t.type_id
       LEFT JOIN ticket_states st ON st.id = t.state_id
       LEFT JOIN admins ad ON ad.id = t.admin_assignee_id
       LEFT JOIN teams tm ON tm.id = t.team_assignee_id
     WHERE t.id = ?`,
  );
  const hits = page.map(({ id }) => {
    const r = read.get(id) as Record<string, SQLInputValue>;
    return {
      id: String(r.id),
      number: text(r.number),
      title: String(r.title),
      type: text(r.type_name),
      state: text(r.state_label) ?? text(r.state_category),
      stateCategory: text(r.state_category),
      open: Number(r.open) === 1,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
      customers: JSON.parse(String(r.customers)) as string[],
      assignee: text(r.assignee),
      snippet: makeSnippet([String(r.description), String(r.body ?? "")], pattern)
        .replace(/\s+/g, " ").trim(),
    };
  });
  return { total, hits };
}

/** Which of these tickets hold an FTS5 term: the connector's search counts a question's words. */
export function ticketsHolding(store: Store, fts: string, ids: readonly string[]): Set<string> {
  // One index seek a ticket (its rowid with the term), not the term's whole list of tickets.
  const rows = store.stmt(
    `SELECT t.id FROM tickets t WHERE t.id IN (SELECT value FROM json_each(?))
       AND EXISTS (SELECT 1 FROM ticket_index WHERE ticket_index MATCH ? AND rowid = t.rowid)`,
  ).all(JSON.stringify(ids), fts) as { id: string }[];
  return new Set(rows.map((r) => String(r.id)));
}

export interface TicketDetail {
  id: string;
  number: string | null;
  category: string | null;
  title: string;
  description: string;
  attributes: Record<string, unknown>;
  type: { id: string; name: string; attributes: TicketTypeAttribute[] } | null;
  state: { id: string; category: string; label: string; externalLabel: string | null } | null;
  open: boolean;
  isShared: boolean;
  adminAssignee: string | null;
  teamAssignee: string | null;
  createdAt: number;
  updatedAt: number;
  snoozedUntil: number | null;
  customers: { id: string; name: string | null; email: string | null }[];
  conversations: { id: string; title: string | null; state: string | null }[];
  linkedTickets: { id: string; title: string | null; state: string | null }[];
  partsTotal: number;
  parts: {
    id: string;
    partType: string;
    body: string | null;
    createdAt: number;
    author: string;
    state: string | null;
  }[];
  syncedAt: number;
}

export function ticketDetail(store: Store, id: string, partsLimit: number): TicketDetail | null {
  const r = store.stmt(
    `SELECT t.*, ad.name AS admin_name, tm.name AS team_name FROM tickets t
     LEFT JOIN admins ad ON ad.id = t.admin_assignee_id
     LEFT JOIN teams tm ON tm.id = t.team_assignee_id WHERE t.id = ? OR t.number = ?
     ORDER BY t.id = ? DESC LIMIT 1`,
  ).get(id, id, id) as Record<string, SQLInputValue> | undefined;
  if (!r) return null;
  const rowid = Number(r.rowid);
  const type = r.type_id === null ? null : store.stmt("SELECT * FROM ticket_types WHERE id = ?")
    .get(r.type_id) as Record<string, SQLInputValue> | undefined;
  const state = r.state_id === null
    ? null
    : store.stmt("SELECT * FROM ticket_states WHERE id = ?").get(r.state_id) as
      | Record<string, SQLInputValue>
      | undefined;
  const customers = (store.stmt(
    `SELECT tc.contact_id AS id, coalesce(cp.name, co.name) AS name,
       coalesce(cp.email, co.email) AS email
     FROM ticket_contacts tc LEFT JOIN contact_profiles cp ON cp.id = tc.contact_id
     LEFT JOIN contacts co ON co.id = tc.contact_id WHERE tc.ticket_rowid = ?`,
  ).all(rowid) as Record<string, SQLInputValue>[]).map((c) => ({
    id: String(c.id),
    name: text(c.name),
    email: text(c.email),
  }));
  const links = store.stmt(
    `SELECT l.type, l.linked_id AS id,
       CASE l.type WHEN 'conversation'
         THEN (SELECT coalesce(nullif(c.title, ''), nullif(c.subject, ''), '(no subject)')
               FROM conversations c WHERE c.id = l.linked_id)
         ELSE (SELECT o.title FROM tickets o WHERE o.id = l.linked_id) END AS title,
       CASE l.type WHEN 'conversation'
         THEN (SELECT c.state FROM conversations c WHERE c.id = l.linked_id)
         ELSE (SELECT o.state_category FROM tickets o WHERE o.id = l.linked_id) END AS state
     FROM ticket_links l WHERE l.ticket_rowid = ? ORDER BY l.type, l.linked_id`,
  ).all(rowid) as Record<string, SQLInputValue>[];
  const linked = (type: string) =>
    links.filter((l) => l.type === type).map((l) => ({
      id: String(l.id),
      title: text(l.title),
      state: text(l.state),
    }));
  // The newest parts when there are more than asked for, shown oldest first.
  const parts = (store.stmt(
    `SELECT * FROM (SELECT * FROM ticket_parts WHERE ticket_rowid = ?
       ORDER BY created_at DESC, id DESC LIMIT ?) ORDER BY created_at, id`,
  ).all(rowid, partsLimit) as Record<string, SQLInputValue>[]).map((p) => ({
    id: String(p.id),
    partType: String(p.part_type),
    body: text(p.body),
    createdAt: Number(p.created_at),
    author: text(p.author_name) ?? String(p.author_type),
    state: text(p.state),
  }));
  return {
    id: String(r.id),
    number: text(r.number),
    category: text(r.category),
    title: String(r.title),
    description: String(r.description),
    attributes: JSON.parse(String(r.attributes)),
    type: type
      ? {
        id: String(type.id),
        name: String(type.name),
        attributes: JSON.parse(String(type.attributes)),
      }
      : null,
    state: state
      ? {
        id: String(state.id),
        category: String(state.category),
        label: String(state.internal_label),
        externalLabel: text(state.external_label),
      }
      : null,
    open: Number(r.open) === 1,
    isShared: Number(r.is_shared) === 1,
    adminAssignee: text(r.admin_name) ?? text(r.admin_assignee_id),
    teamAssignee: text(r.team_name) ?? text(r.team_assignee_id),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    snoozedUntil: r.snoozed_until === null ? null : Number(r.snoozed_until),
    customers,
    conversations: linked("conversation"),
    linkedTickets: linked("ticket"),
    partsTotal: Number(r.parts_total),
    parts,
    syncedAt: Number(r.synced_at),
  };
}

/** Ticket types by id or name (case-folded). */
export function ticketTypesNamed(store: Store, nameOrId: string): string[] {
  return (store.stmt("SELECT id FROM ticket_types WHERE id = ? OR lower(name) = lower(?)")
    .all(nameOrId.trim(), nameOrId.trim()) as { id: string }[]).map((r) => r.id);
}

export function ticketTypeNames(store: Store): string[] {
  return (store.stmt("SELECT name FROM ticket_types ORDER BY name").all() as { name: string }[])
    .map((r) => r.name);
}
