// Search over the cache: ranked full-text matching over every message of a conversation, plus
// filters, in one parameterised statement. Filters on names are resolved to ids first.

import type { SQLInputValue } from "node:sqlite";
import { makeSnippet, snippetPattern } from "./snippet.ts";
import type { Store } from "./store.ts";

export type SortOrder = "relevance" | "newest" | "oldest";

export interface SearchFilters {
  /** The FTS5 expression from parseQuery, or null for filters only. */
  match: string | null;
  /** The terms from parseQuery, for the snippets. */
  terms: readonly string[];
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
  messages: number;
}

export interface SearchRows {
  total: number;
  /** Set when the query matched more than RANK_WINDOW: relevance ranked only the newest. */
  rankedAmong: number | null;
  rows: SearchRow[];
}

/** The customer's name: the opening author's when a customer wrote it, else the contact's. */
export const CUSTOMER_NAME =
  `CASE WHEN c.author_type IN ('user', 'lead', 'contact') THEN c.author_name
  ELSE (SELECT k.name FROM contacts k WHERE k.id = c.contact_id) END`;

/** Matches ranked by relevance at most; see searchStore. */
export const RANK_WINDOW = 2000;

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
    if (f.match !== null && !f.customerEmail) {
      // Rowids follow the order of last update, so every conversation updated since the start
      // has a rowid at least this: the index can skip the older part of each word's list.
      const floor = store.stmt(
        "SELECT min(rowid) AS r FROM conversations INDEXED BY conversations_updated_at WHERE updated_at >= ?",
      )
        .get(f.range.start) as { r: number | null };
      where.push("search_index.rowid >= ?");
      params.push(floor.r ?? Number.MAX_SAFE_INTEGER);
    }
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
  const filtered = where.length > (f.match !== null ? 1 : 0);
  // A customer has few conversations: start from them, then ask the index about each.
  const from = f.match === null
    ? "conversations c"
    : f.customerEmail
    ? "conversations c CROSS JOIN search_index ON search_index.rowid = c.rowid"
    : "search_index JOIN conversations c ON c.rowid = search_index.rowid";
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  // FTS5 counts its own matches without reading a row; only filters need the join.
  const countSql = f.match !== null && !filtered
    ? "SELECT count(*) AS n FROM search_index WHERE search_index MATCH ?"
    : `SELECT count(*) AS n FROM ${from} ${whereSql}`;
  const total = Number((store.stmt(countSql).get(...params) as { n: number }).n);
  const order = f.sort === "newest"
    ? "c.updated_at DESC, c.rowid DESC"
    : f.sort === "oldest"
    ? "c.updated_at ASC, c.rowid ASC"
    : f.match !== null
    ? `bm25(search_index, ${WEIGHTS}) ASC, c.updated_at DESC`
    : "c.updated_at DESC, c.rowid DESC";
  // Two steps: rank every match but carry only rowids through the sort, then build the page.
  // Ranking every match of a word most conversations hold costs time in proportion to the
  // cache; past RANK_WINDOW matches, rank the most recently updated ones (rowids follow the
  // order of last update), which the index hands over without reading the rest.
  let rankedAmong: number | null = null;
  let window = "";
  const windowParams: SQLInputValue[] = [];
  if (f.match !== null && f.sort === "relevance" && total > RANK_WINDOW) {
    const threshold = store.stmt(
      filtered
        ? `SELECT search_index.rowid AS rowid FROM ${from} ${whereSql}
           ORDER BY search_index.rowid DESC LIMIT 1 OFFSET ?`
        : `SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`,
    ).get(...params, RANK_WINDOW - 1) as { rowid: number } | undefined;
    if (threshold) {
      rankedAmong = RANK_WINDOW;
      window = " AND search_index.rowid >= ?";
      windowParams.push(Number(threshold.rowid));
    }
  }
  const pageSql = f.match !== null && !filtered && f.sort === "relevance"
    ? `SELECT rowid FROM search_index WHERE search_index MATCH ?${
      window.replace("search_index.", "")
    }
       ORDER BY bm25(search_index, ${WEIGHTS}), rowid DESC LIMIT ? OFFSET ?`
    : `SELECT c.rowid AS rowid FROM ${from} ${whereSql}${window} ORDER BY ${order} LIMIT ? OFFSET ?`;
  const page = (store.stmt(pageSql).all(...params, ...windowParams, f.limit, f.offset) as {
    rowid: number;
  }[]).map((r) => Number(r.rowid));
  if (!page.length) return { total, rankedAmong, rows: [] };
  const snippets = new Map<number, string>();
  if (f.match !== null) {
    const pattern = snippetPattern(f.terms);
    for (
      const r of store.stmt(
        `SELECT rowid, subject, body, parts FROM search_source
         WHERE rowid IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(page)) as {
        rowid: number;
        subject: string;
        body: string;
        parts: string | null;
      }[]
    ) snippets.set(Number(r.rowid), makeSnippet([r.subject, r.body, r.parts], pattern));
  }
  const rows = store.stmt(
    `SELECT c.rowid AS rowid, c.id, c.title, c.subject, c.state, c.priority, c.created_at,
       c.updated_at, c.customer_email, ${CUSTOMER_NAME} AS customer_name, c.admin_assignee_id,
       c.team_assignee_id,
       (SELECT substr(o.body, 1, 240) FROM openings o WHERE o.conversation_rowid = c.rowid) AS opening,
       (SELECT a.name FROM admins a WHERE a.id = c.admin_assignee_id) AS admin_name,
       (SELECT t.name FROM teams t WHERE t.id = c.team_assignee_id) AS team_name,
       (SELECT json_group_array(t.name) FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
          WHERE ct.conversation_rowid = c.rowid) AS tag_names,
       1 + (SELECT count(*) FROM parts p WHERE p.conversation_rowid = c.rowid AND p.body IS NOT NULL)
         AS messages
     FROM conversations c WHERE c.rowid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(page)) as Record<string, SQLInputValue>[];
  const byRowid = new Map(rows.map((r) => [Number(r.rowid), r]));
  return {
    total,
    rankedAmong,
    rows: page.flatMap((rowid) => {
      const r = byRowid.get(rowid);
      return r ? [toRow(r, snippets.get(rowid) ?? String(r.opening ?? ""))] : [];
    }),
  };
}

function inList(where: string[], params: SQLInputValue[], column: string, values: string[] | null) {
  if (!values) return;
  where.push(`${column} IN (${values.map(() => "?").join(", ") || "NULL"})`);
  params.push(...values);
}

function toRow(r: Record<string, SQLInputValue>, snippet: string): SearchRow {
  const text = (v: SQLInputValue) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(r.id),
    title: text(r.title),
    subject: String(r.subject),
    state: String(r.state),
    priority: String(r.priority),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    customerEmail: text(r.customer_email),
    customerName: text(r.customer_name),
    adminAssigneeId: text(r.admin_assignee_id),
    adminAssigneeName: text(r.admin_name),
    teamAssigneeId: text(r.team_assignee_id),
    teamAssigneeName: text(r.team_name),
    tags: (JSON.parse(String(r.tag_names ?? "[]")) as string[]).sort(),
    snippet: snippet.replace(/\s+/g, " ").trim(),
    messages: Number(r.messages),
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
