// Search over the cache: which conversations match (terms and filters, in one parameterised
// statement a term), ranked by ./ranking.ts, shaped into rows. Filters on names are resolved to
// ids by the caller.

import type { SQLInputValue } from "node:sqlite";
import type { Term } from "./fts_query.ts";
import { type Conditions, type Match, matchTerms, rankOneTerm, rankPage } from "./ranking.ts";
import { makeSnippet, snippetPattern } from "./snippet.ts";
import { CUSTOMER_NAME } from "./names.ts";
import { PARTS_OF_C } from "./parts.ts";
import type { Store } from "./store.ts";

export type SortOrder = "relevance" | "newest" | "oldest";

export interface SearchFilters {
  /** From parseQuery; empty for filters only. */
  terms: readonly Term[];
  /** Conversations with a message (the opening or any part with text) written in [start, end). */
  range: { start: number; end: number } | null;
  customerEmail: string | null;
  states: string[] | null;
  /** Admin ids; "unassigned" matches conversations with no admin assignee. */
  assigneeIds: string[] | null;
  unassigned: boolean;
  teamIds: string[] | null;
  tagIds: string[] | null;
  priorities: string[] | null;
  /** Conversation ids left out (the one a "more like this" search starts from). */
  excludeIds: string[];
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
  /** The query's terms this conversation holds, as shown back. */
  matched: string[];
}

export interface SearchRows {
  total: number;
  rows: SearchRow[];
}

export function searchStore(store: Store, f: SearchFilters): SearchRows {
  const where = conditions(store, f);
  let total: number;
  let page: Match[];
  if (!f.terms.length) {
    const whereSql = where.sql.length ? `WHERE ${where.sql.join(" AND ")}` : "";
    total = Number(
      (store.stmt(`SELECT count(*) AS n FROM conversations c ${whereSql}`)
        .get(...where.params) as { n: number }).n,
    );
    page = byTime(
      store,
      f,
      `SELECT c.rowid AS rowid FROM conversations c ${whereSql}`,
      where.params,
    );
  } else if (f.terms.length === 1 && !where.sql.length && f.sort === "relevance") {
    // One word, no filter: FTS5 counts and ranks it alone, without reading a row.
    ({ total, page } = rankOneTerm(store, f.terms[0], f));
  } else {
    const matches = matchTerms(store, f.terms, where);
    total = matches.length;
    if (f.sort === "relevance") page = rankPage(store, f.terms, matches, f);
    else {
      const masks = new Map(matches.map((m) => [m.rowid, m.mask]));
      page = byTime(
        store,
        f,
        "SELECT c.rowid AS rowid FROM conversations c WHERE c.rowid IN (SELECT value FROM json_each(?))",
        [JSON.stringify(matches.map((m) => m.rowid))],
      ).map((m) => ({ rowid: m.rowid, mask: masks.get(m.rowid) ?? 0 }));
    }
  }
  return { total, rows: page.length ? pageRows(store, f.terms, page) : [] };
}

/** The filters as SQL over `conversations c`. */
function conditions(store: Store, f: SearchFilters): Conditions {
  const sql: string[] = [];
  const params: SQLInputValue[] = [];
  if (f.range) {
    // A message written in the range means the conversation was updated since its start and
    // created before its end: those cheap checks come first, the messages are read last.
    sql.push(
      `c.updated_at >= ? AND c.created_at < ? AND (c.created_at >= ? OR EXISTS (
         SELECT 1 FROM parts p WHERE ${PARTS_OF_C} AND p.body IS NOT NULL
           AND p.created_at >= ? AND p.created_at < ?))`,
    );
    params.push(f.range.start, f.range.end, f.range.start, f.range.start, f.range.end);
    if (f.terms.length && !f.customerEmail) {
      // Rowids follow the order of last update, so every conversation updated since the start
      // has a rowid at least this: the index can skip the older part of each word's list.
      const floor = store.stmt(
        "SELECT min(rowid) AS r FROM conversations INDEXED BY conversations_updated_at WHERE updated_at >= ?",
      ).get(f.range.start) as { r: number | null };
      sql.push("search_index.rowid >= ?");
      params.push(floor.r ?? Number.MAX_SAFE_INTEGER);
    }
  }
  filterClauses(sql, params, f);
  if (f.excludeIds.length) {
    sql.push(`c.id NOT IN (${f.excludeIds.map(() => "?").join(", ")})`);
    params.push(...f.excludeIds);
  }
  return { sql, params, fromConversations: f.customerEmail !== null };
}

/** A page of `select`'s rows by last update, newest or oldest first. */
function byTime(store: Store, f: SearchFilters, select: string, params: SQLInputValue[]): Match[] {
  const order = f.sort === "oldest"
    ? "c.updated_at ASC, c.rowid ASC"
    : "c.updated_at DESC, c.rowid DESC";
  return (store.stmt(`${select} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, f.limit, f.offset) as { rowid: number }[])
    .map((r) => ({ rowid: Number(r.rowid), mask: 0 }));
}

/** The rows of a page, in its order, with snippets around the terms each holds. */
function pageRows(store: Store, terms: readonly Term[], page: readonly Match[]): SearchRow[] {
  const ids = JSON.stringify(page.map((m) => m.rowid));
  const snippets = new Map<number, string>();
  if (terms.length) {
    for (
      const r of store.stmt(
        `SELECT rowid, subject, body, parts FROM search_source
         WHERE rowid IN (SELECT value FROM json_each(?))`,
      ).all(ids) as { rowid: number; subject: string; body: string; parts: string | null }[]
    ) {
      const held = heldTerms(terms, page.find((m) => m.rowid === Number(r.rowid))?.mask ?? 0);
      snippets.set(
        Number(r.rowid),
        makeSnippet([r.subject, r.body, r.parts], snippetPattern(held.map((t) => t.text))),
      );
    }
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
       1 + (SELECT count(*) FROM parts p WHERE ${PARTS_OF_C} AND p.body IS NOT NULL)
         AS messages
     FROM conversations c WHERE c.rowid IN (SELECT value FROM json_each(?))`,
  ).all(ids) as Record<string, SQLInputValue>[];
  const byRowid = new Map(rows.map((r) => [Number(r.rowid), r]));
  return page.flatMap((m) => {
    const r = byRowid.get(m.rowid);
    if (!r) return [];
    const held = heldTerms(terms, m.mask).map((t) => t.text);
    return [toRow(r, snippets.get(m.rowid) ?? String(r.opening ?? ""), held)];
  });
}

function heldTerms(terms: readonly Term[], mask: number): Term[] {
  return terms.filter((_, i) => mask & (1 << i));
}

/** The filters on a conversation's own fields (`c`), as search and stats both apply them. */
export type FieldFilters = Pick<
  SearchFilters,
  "customerEmail" | "states" | "priorities" | "teamIds" | "assigneeIds" | "unassigned" | "tagIds"
>;

export function filterClauses(sql: string[], params: SQLInputValue[], f: FieldFilters): void {
  if (f.customerEmail) {
    sql.push("c.customer_email = ?");
    params.push(f.customerEmail.toLowerCase());
  }
  inList(sql, params, "c.state", f.states);
  inList(sql, params, "c.priority", f.priorities);
  inList(sql, params, "c.team_assignee_id", f.teamIds);
  if (f.assigneeIds || f.unassigned) {
    const alternatives: string[] = [];
    if (f.unassigned) alternatives.push("c.admin_assignee_id IS NULL");
    if (f.assigneeIds?.length) {
      alternatives.push(`c.admin_assignee_id IN (${f.assigneeIds.map(() => "?").join(", ")})`);
      params.push(...f.assigneeIds);
    }
    sql.push(`(${alternatives.join(" OR ") || "0"})`);
  }
  if (f.tagIds) {
    sql.push(
      `EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_rowid = c.rowid
         AND ct.tag_id IN (${f.tagIds.map(() => "?").join(", ") || "NULL"}))`,
    );
    params.push(...f.tagIds);
  }
}

export function inList(
  sql: string[],
  params: SQLInputValue[],
  column: string,
  values: string[] | null,
) {
  if (!values) return;
  sql.push(`${column} IN (${values.map(() => "?").join(", ") || "NULL"})`);
  params.push(...values);
}

function toRow(r: Record<string, SQLInputValue>, snippet: string, matched: string[]): SearchRow {
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
    matched,
  };
}

/** The most recently updated conversations, newest first: id and a title to list them by. */
export function recentConversations(store: Store, limit: number): { id: string; title: string }[] {
  return store.stmt(
    `SELECT id, coalesce(nullif(title, ''), nullif(subject, ''), '(no subject)') AS title
     FROM conversations ORDER BY updated_at DESC LIMIT ?`,
  ).all(limit) as { id: string; title: string }[];
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
