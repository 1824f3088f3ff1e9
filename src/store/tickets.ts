// Tickets in the cache, with their types and states: a ticket is saved whole (row, contacts,
// links, parts kept by id, index entry) in one transaction, or not at all.

import type { Ticket, TicketState, TicketType } from "../model.ts";
import { inTransaction } from "./db.ts";
import type { SaveResult, Store } from "./store.ts";

/** The cached `updated_at` of every ticket. */
export function ticketUpdatedAt(store: Store): Map<string, number> {
  const rows = store.stmt("SELECT id, updated_at FROM tickets").all() as {
    id: string;
    updated_at: number;
  }[];
  return new Map(rows.map((r) => [r.id, Number(r.updated_at)]));
}

function saveState(store: Store, s: TicketState): void {
  store.stmt(
    `INSERT OR REPLACE INTO ticket_states (id, category, internal_label, external_label)
     VALUES (?, ?, ?, ?)`,
  ).run(s.id, s.category, s.internalLabel, s.externalLabel);
}

function saveType(store: Store, t: TicketType): void {
  store.stmt(
    `INSERT OR REPLACE INTO ticket_types (id, name, description,
       category, icon, archived, attributes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    t.id,
    t.name,
    t.description,
    t.category,
    t.icon,
    t.archived ? 1 : 0,
    JSON.stringify(t.attributes),
    t.updatedAt,
  );
  for (const s of t.states) saveState(store, s);
}

/**
 * The workspace's ticket types as Intercom lists them, and their states. States are kept once
 * seen: a ticket may still be in one no type lists any more.
 */
export function replaceTicketTypes(store: Store, types: readonly TicketType[]): void {
  inTransaction(store.db, () => {
    store.stmt("DELETE FROM ticket_types").run();
    for (const t of types) saveType(store, t);
  });
}

export function saveTicket(store: Store, t: Ticket, now: number): SaveResult {
  return inTransaction(store.db, () => {
    const existed = store.stmt("SELECT 1 FROM tickets WHERE id = ?").get(t.id) !== undefined;
    // A type or state the listing of types has not given (yet) comes from the ticket itself.
    const typeKnown = t.type !== null &&
      store.stmt("SELECT 1 FROM ticket_types WHERE id = ?").get(t.type.id) !== undefined;
    if (t.type && !typeKnown) saveType(store, { ...t.type, states: [] });
    if (t.state) saveState(store, t.state);
    // An upsert keeps the row's rowid, which keys its parts and its index entry.
    store.stmt(
      `INSERT INTO tickets (id, number, category, type_id, state_id, state_category, open,
         is_shared, title, description, attributes, admin_assignee_id, team_assignee_id,
         created_at, updated_at, snoozed_until, parts_total, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET number = excluded.number, category = excluded.category,
         type_id = excluded.type_id, state_id = excluded.state_id,
         state_category = excluded.state_category, open = excluded.open,
         is_shared = excluded.is_shared, title = excluded.title,
         description = excluded.description, attributes = excluded.attributes,
         admin_assignee_id = excluded.admin_assignee_id,
         team_assignee_id = excluded.team_assignee_id, created_at = excluded.created_at,
         updated_at = excluded.updated_at, snoozed_until = excluded.snoozed_until,
         parts_total = excluded.parts_total, synced_at = excluded.synced_at`,
    ).run(
      t.id,
      t.number,
      t.category,
      t.type?.id ?? null,
      t.state?.id ?? null,
      t.state?.category ?? null,
      t.open ? 1 : 0,
      t.isShared ? 1 : 0,
      t.title,
      t.description,
      JSON.stringify(t.attributes),
      t.adminAssigneeId,
      t.teamAssigneeId,
      t.createdAt,
      t.updatedAt,
      t.snoozedUntil,
      t.partsTotal,
      now,
    );
    const { rowid } = store.stmt("SELECT rowid FROM tickets WHERE id = ?").get(t.id) as {
      rowid: number;
    };
    store.stmt("DELETE FROM ticket_contacts WHERE ticket_rowid = ?").run(rowid);
    const contact = store.stmt("INSERT OR IGNORE INTO ticket_contacts VALUES (?, ?)");
    for (const c of t.contactIds) contact.run(rowid, c);
    store.stmt("DELETE FROM ticket_links WHERE ticket_rowid = ?").run(rowid);
    const link = store.stmt("INSERT OR IGNORE INTO ticket_links VALUES (?, ?, ?)");
    for (const l of t.links) link.run(rowid, l.type, l.id);
    const part = store.stmt(
      `INSERT OR REPLACE INTO ticket_parts (ticket_rowid, id, part_type, body, created_at,
         updated_at, author_type, author_id, author_name, state, previous_state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of t.parts) {
      part.run(
        rowid,
        p.id,
        p.partType,
        p.body,
        p.createdAt,
        p.updatedAt,
        p.author.type,
        p.author.id,
        p.author.name,
        p.state,
        p.previousState,
      );
    }
    reindex(store, rowid);
    return existed ? "changed" : "new";
  });
}

/** Rewrites a ticket's index entry: title, description with its attributes, and its parts. */
function reindex(store: Store, rowid: number): void {
  const r = store.stmt(
    `SELECT t.title,
       concat_ws(' ', t.description,
         (SELECT group_concat(value, ' ') FROM json_each(t.attributes))) AS description,
       (SELECT group_concat(body, char(10)) FROM (SELECT p.body AS body FROM ticket_parts p
          WHERE p.ticket_rowid = t.rowid AND p.body IS NOT NULL ORDER BY p.created_at, p.id))
         AS body
     FROM tickets t WHERE t.rowid = ?`,
  ).get(rowid) as { title: string; description: string | null; body: string | null };
  store.stmt("DELETE FROM ticket_index WHERE rowid = ?").run(rowid);
  store.stmt("INSERT INTO ticket_index (rowid, title, description, body) VALUES (?, ?, ?, ?)")
    .run(rowid, r.title, r.description ?? "", r.body ?? "");
}

/** Removes tickets Intercom no longer has; returns how many were cached. */
export function deleteTickets(store: Store, ids: readonly string[]): number {
  return inTransaction(store.db, () => {
    let n = 0;
    for (const id of ids) {
      const row = store.stmt("SELECT rowid FROM tickets WHERE id = ?").get(id) as
        | { rowid: number }
        | undefined;
      if (!row) continue;
      store.stmt("DELETE FROM ticket_parts WHERE ticket_rowid = ?").run(row.rowid);
      store.stmt("DELETE FROM ticket_contacts WHERE ticket_rowid = ?").run(row.rowid);
      store.stmt("DELETE FROM ticket_links WHERE ticket_rowid = ?").run(row.rowid);
      store.stmt("DELETE FROM ticket_index WHERE rowid = ?").run(row.rowid);
      n += Number(store.stmt("DELETE FROM tickets WHERE rowid = ?").run(row.rowid).changes);
    }
    return n;
  });
}

export function ticketStats(
  store: Store,
): { tickets: number; open: number; types: number; states: number } {
  const r = store.stmt(
    `SELECT (SELECT count(*) FROM tickets) AS tickets,
       (SELECT count(*) FROM tickets WHERE open = 1) AS open,
       (SELECT count(*) FROM ticket_types) AS types,
       (SELECT count(*) FROM ticket_states) AS states`,
  ).get() as Record<string, number>;
  return {
    tickets: Number(r.tickets),
    open: Number(r.open),
    types: Number(r.types),
    states: Number(r.states),
  };
}
