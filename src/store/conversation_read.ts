// One cached conversation read back whole: its row, its parts with their authors, its tags,
// and the names of the teammates and teams it mentions.

import type { Conversation, Part, Tag } from "../model.ts";
import type { Sql } from "./db.ts";
import { CUSTOMER_NAME } from "./names.ts";
import { partRange } from "./parts.ts";

/** A cached conversation with what the cache adds: the customer's email, names, freshness. */
export interface CachedConversation {
  conversation: Conversation;
  customerEmail: string | null;
  customerName: string | null;
  syncedAt: number;
  /** Parts stored here; may exceed what Intercom returns now (it returns the newest 500). */
  partsStored: number;
  /** Intercom holds parts that neither it returned nor this cache ever saw. */
  cut: boolean;
  adminNames: Record<string, string>;
  teamNames: Record<string, string>;
}

interface ConversationRow {
  rowid: number;
  id: string;
  created_at: number;
  updated_at: number;
  title: string | null;
  state: string;
  read: number;
  priority: string;
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  source_type: string | null;
  subject: string;
  body: string;
  source_url: string | null;
  author_type: string;
  author_id: string | null;
  author_name: string | null;
  author_email: string | null;
  contact_id: string | null;
  customer_email: string | null;
  parts_total: number;
  synced_at: number;
}

interface PartRow {
  /** A number when stored as one (src/store/parts.ts). */
  id: string | number;
  part_type: string;
  body: string | null;
  created_at: number;
  updated_at: number | null;
  author_type: string;
  author_id: string | null;
  author_name: string | null;
  author_email: string | null;
  assigned_to_type: string | null;
  assigned_to_id: string | null;
  redacted: number;
  attachments: string | null;
}

export function getConversation(s: Sql, id: string): CachedConversation | null {
  const row = s.stmt(
    `SELECT c.*, ${CUSTOMER_NAME} AS customer_name, a.type AS author_type, a.id AS author_id,
       a.name AS author_name, a.email AS author_email,
       (SELECT o.body FROM openings o WHERE o.conversation_rowid = c.rowid) AS body
     FROM conversations c JOIN authors a ON a.rowid = c.author WHERE c.id = ?`,
  ).get(id) as (ConversationRow & { customer_name: string | null }) | undefined;
  if (!row) return null;
  const parts = (s.stmt(
    `SELECT p.id, t.name AS part_type, p.body, p.created_at, p.updated_at, p.assigned_to_type,
       p.assigned_to_id, p.redacted, p.attachments, a.type AS author_type, a.id AS author_id,
       a.name AS author_name, a.email AS author_email
     FROM parts p JOIN authors a ON a.rowid = p.author JOIN part_types t ON t.rowid = p.part_type
     WHERE p.rowid BETWEEN ? AND ?
     ORDER BY p.created_at, length(p.id), p.id`,
  ).all(...partRange(row.rowid)) as unknown as PartRow[]).map(partFromRow);
  const tags = s.stmt(
    `SELECT t.id, t.name FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
     WHERE ct.conversation_rowid = ? ORDER BY t.name`,
  ).all(row.rowid) as unknown as Tag[];
  const adminIds = new Set<string>();
  const teamIds = new Set<string>();
  if (row.admin_assignee_id) adminIds.add(row.admin_assignee_id);
  if (row.team_assignee_id) teamIds.add(row.team_assignee_id);
  for (const p of parts) {
    if (p.assignedTo?.type === "team") teamIds.add(p.assignedTo.id);
    else if (p.assignedTo) adminIds.add(p.assignedTo.id);
  }
  const adminNames: Record<string, string> = {};
  const teamNames: Record<string, string> = {};
  for (const a of adminIds) {
    const r = s.stmt("SELECT name FROM admins WHERE id = ?").get(a) as
      | { name: string }
      | undefined;
    if (r) adminNames[a] = r.name;
  }
  for (const t of teamIds) {
    const r = s.stmt("SELECT name FROM teams WHERE id = ?").get(t) as
      | { name: string }
      | undefined;
    if (r) teamNames[t] = r.name;
  }
  return {
    conversation: {
      id: row.id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      title: row.title,
      state: row.state,
      read: row.read === 1,
      priority: row.priority,
      adminAssigneeId: row.admin_assignee_id,
      teamAssigneeId: row.team_assignee_id,
      tags,
      source: {
        type: row.source_type,
        subject: row.subject,
        body: row.body,
        url: row.source_url,
        author: {
          type: row.author_type,
          id: row.author_id,
          name: row.author_name,
          email: row.author_email,
        },
      },
      contactIds: row.contact_id ? [row.contact_id] : [],
      partsTotal: row.parts_total,
      parts,
    },
    customerEmail: row.customer_email,
    customerName: row.customer_name,
    syncedAt: row.synced_at,
    partsStored: parts.length,
    cut: row.parts_total > parts.length,
    adminNames,
    teamNames,
  };
}

function partFromRow(r: PartRow): Part {
  return {
    id: String(r.id),
    partType: r.part_type,
    body: r.body,
    createdAt: r.created_at,
    updatedAt: r.updated_at ?? r.created_at,
    author: { type: r.author_type, id: r.author_id, name: r.author_name, email: r.author_email },
    assignedTo: r.assigned_to_type && r.assigned_to_id
      ? { type: r.assigned_to_type, id: r.assigned_to_id }
      : null,
    redacted: r.redacted === 1,
    attachments: r.attachments ? JSON.parse(r.attachments) : [],
  };
}
