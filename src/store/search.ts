// Search over the cache: ranked full-text matching over every message of a conversation, plus
// filters, in one parameterised statement. Filters on names are resolved to ids first.

import type { SQLInputValue } from "node:sqlite";
import type { Store } from "./store.ts";

export type SortOrder = "relevance" | "newest" | "oldest";

export interface SearchFilters {
  /** The FTS5 expression from parseQuery, or null for filters only. */
  match: string | null;
  /** Conversations active in [start, end): created before the end, updated since the start. */
  range: { start: number; end: number } | null;
  customerEmail: string | null;
  states: string[] | null;
  /** Admin ids; "unassigned" matches conversations with no admin assignee. */
  assigneeIds: string[] | null;
  unassigned: boolean;
  teamIds: string[] | null;
  tagIds: string[] | null;
  priorities: string[] | null;
  sort: SortOrder;
  limit: number;
  offset: number;
}

export interface SearchRow {
  id: string;
  title: string | null;
  subject: string;
  state: string;
  priority: string;
  createdAt: number;
  updatedAt: number;
  customerEmail: string | null;
  customerName: string | null;
  adminAssigneeId: string | null;
  adminAssigneeName: string | null;
  teamAssigneeId: string | null;
  teamAssigneeName: string | null;
  tags: string[];
  snippet: string;
  score: number | null;
  messages: number;
}

export interface SearchRows {
  total: number;
  rows: SearchRow[];
}

/** The customer's name: the opening author's when a customer wrote it, else the contact's. */
export const CUSTOMER_NAME =
  `CASE WHEN c.author_type IN ('user', 'lead', 'contact') THEN c.author_name
  ELSE (SELECT k.name FROM contacts k WHERE k.id = c.contact_id) END`;

/** Column weights for bm25: a word in the subject counts most, in the opening message next. */
const WEIGHTS = "4.0, 2.0, 1.0";

export function searchStore(store: Store, f: SearchFilters): SearchRows {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  if (f.match !== null) {
    where.push("search_index MATCH ?");
    params.push(f.match);
  }
  if (f.range) {
    where.push("c.created_at < ? AND c.updated_at >= ?");
    params.push(f.range.end, f.range.start);
  }
  if (f.customerEmail) {
    where.push("c.customer_email = ?");
    params.push(f.customerEmail.toLowerCase());
  }
  inList(where, params, "c.state", f.states);
  inList(where, params, "c.priority", f.priorities);
  inList(where, params, "c.team_assignee_id", f.teamIds);
  if (f.assigneeIds || f.unassigned) {
    const alternatives: string[] = [];
    if (f.unassigned) alternatives.push("c.admin_assignee_id IS NULL");
    if (f.assigneeIds?.length) {
      alternatives.push(`c.admin_assignee_id IN (${f.assigneeIds.map(() => "?").join(", ")})`);
      params.push(...f.assigneeIds);
    }
    where.push(`(${alternatives.join(" OR ") || "0"})`);
  }
  if (f.tagIds) {
    where.push(
      `EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_rowid = c.rowid
         AND ct.tag_id IN (${f.tagIds.map(() => "?").join(", ") || "NULL"}))`,
    );
    params.push(...f.tagIds);
  }
  const from = f.match !== null
    ? "search_index JOIN conversations c ON c.rowid = search_index.rowid"
    : "conversations c";
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = Number(
    (store.stmt(`SELECT count(*) AS n FROM ${from} ${whereSql}`).get(...params) as { n: number }).n,
  );
  const order = f.sort === "newest"
    ? "c.updated_at DESC, c.rowid DESC"
    : f.sort === "oldest"
    ? "c.updated_at ASC, c.rowid ASC"
    : f.match !== null
    ? "score ASC, c.updated_at DESC"
    : "c.updated_at DESC, c.rowid DESC";
  const score = f.match !== null ? `bm25(search_index, ${WEIGHTS})` : "NULL";
  const snippet = f.match !== null
    ? "snippet(search_index, -1, '**', '**', '…', 24)"
    : "substr(c.body, 1, 240)";
  const rows = store.stmt(
    `SELECT c.rowid AS rowid, c.id, c.title, c.subject, c.state, c.priority, c.created_at,
       c.updated_at, c.customer_email, ${CUSTOMER_NAME} AS customer_name, c.admin_assignee_id,
       c.team_assignee_id,
       ${score} AS score, ${snippet} AS snippet
     FROM ${from} ${whereSql}
     ORDER BY ${order} LIMIT ? OFFSET ?`,
  ).all(...params, f.limit, f.offset) as Record<string, SQLInputValue>[];
  return { total, rows: rows.map((r) => decorate(store, r)) };
}

function inList(where: string[], params: SQLInputValue[], column: string, values: string[] | null) {
  if (!values) return;
  where.push(`${column} IN (${values.map(() => "?").join(", ") || "NULL"})`);
  params.push(...values);
}

function decorate(store: Store, r: Record<string, SQLInputValue>): SearchRow {
  const rowid = Number(r.rowid);
  const name = (sql: string, id: SQLInputValue) =>
    id === null ? null : ((store.stmt(sql).get(id) as { name: string } | undefined)?.name ?? null);
  const tags = (store.stmt(
    `SELECT t.name FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
     WHERE ct.conversation_rowid = ? ORDER BY t.name`,
  ).all(rowid) as { name: string }[]).map((t) => t.name);
  const messages = 1 + Number(
    (store.stmt(
      "SELECT count(*) AS n FROM parts WHERE conversation_rowid = ? AND body IS NOT NULL",
    ).get(rowid) as { n: number }).n,
  );
  return {
    id: String(r.id),
    title: r.title === null ? null : String(r.title),
    subject: String(r.subject),
    state: String(r.state),
    priority: String(r.priority),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    customerEmail: r.customer_email === null ? null : String(r.customer_email),
    customerName: r.customer_name === null ? null : String(r.customer_name),
    adminAssigneeId: r.admin_assignee_id === null ? null : String(r.admin_assignee_id),
    adminAssigneeName: name("SELECT name FROM admins WHERE id = ?", r.admin_assignee_id),
    teamAssigneeId: r.team_assignee_id === null ? null : String(r.team_assignee_id),
    teamAssigneeName: name("SELECT name FROM teams WHERE id = ?", r.team_assignee_id),
    tags,
    snippet: String(r.snippet ?? "").replace(/\s+/g, " ").trim(),
    score: r.score === null ? null : Number(r.score),
    messages,
  };
}

export interface NamedThing {
  id: string;
  name: string;
  email?: string | null;
}

/** Admins, teams and tags as the cache knows them, for resolving names in filters. */
export function listNamed(store: Store, kind: "admins" | "teams" | "tags"): NamedThing[] {
  const sql = kind === "admins"
    ? "SELECT id, name, email FROM admins ORDER BY name"
    : `SELECT id, name FROM ${kind} ORDER BY name`;
  return store.stmt(sql).all() as unknown as NamedThing[];
}
