// Reading contacts from the cache: ranked search over name, email, companies and details, and
// one contact whole with its companies and its conversations (through merges too).

import type { SQLInputValue } from "node:sqlite";
import type { Company } from "../model.ts";
import type { Store } from "./store.ts";

/** bm25 weights: name and email count most, then company names, then the other details. */
const WEIGHTS = "4.0, 4.0, 2.0, 1.0";

export interface ContactFilters {
  /** The FTS5 expression from parseQuery, or null for filters only (most recently updated first). */
  match: string | null;
  /**
   * The expression that requires every term of the query (the same as `match` when it already
   * does): the middle tier when more matches than are scored are ranked by where the words are.
   */
  every: string | null;
  email: string | null;
  /** Only contacts of these companies (ids). */
  companyIds: string[] | null;
  limit: number;
  offset: number;
}

export interface ContactRow {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  companies: string[];
  location: string | null;
  lastSeenAt: number | null;
  conversations: number;
}

/** The conversations of a contact: its own id, and ids of contacts merged into it. */
const CONVERSATIONS_OF = `(c.contact_id = p.id OR c.contact_id IN
  (SELECT a.alias FROM contact_aliases a WHERE a.contact_id = p.id))`;

/**
 * At most this many matches are scored by bm25 for a page. More (a common word, a big
 * company's name, a city) are listed those holding every word first, then those holding some,
 * each newest first (scored when it is few enough). Scoring 20,000 matches costs 40 ms;
 * counting them a few.
 */
export const SCORED = 2000;

/**
 * Contacts by words, by email, by company, or newest first, with the total. Words alone and a
 * company alone take the ways above that stay fast however many contacts match.
 */
export function searchContacts(
  store: Store,
  f: ContactFilters,
): { total: number; rows: ContactRow[] } {
  const page = { limit: f.limit, offset: f.offset };
  const { total, rowids } = f.match !== null && f.email === null && f.companyIds === null
    ? byWords(store, f.match, f.every ?? f.match, page)
    : f.match === null && f.email === null && f.companyIds !== null
    ? byCompanies(store, f.companyIds, page)
    : filtered(store, f);
  const read = store.stmt(
    `SELECT p.*,
       (SELECT json_group_array(co.name) FROM contact_companies cc JOIN companies co
          ON co.id = cc.company_id WHERE cc.contact_id = p.id) AS company_names,
       (SELECT count(*) FROM conversations c WHERE ${CONVERSATIONS_OF}) AS conversations
     FROM contact_profiles p WHERE p.rowid = ?`,
  );
  const rows = rowids.map((rowid) => {
    const r = read.get(rowid) as Record<string, SQLInputValue>;
    return {
      id: String(r.id),
      name: text(r.name),
      email: text(r.email),
      role: text(r.role),
      companies: (JSON.parse(String(r.company_names)) as string[]).sort(),
      location: placeOf(r),
      lastSeenAt: r.last_seen_at === null ? null : Number(r.last_seen_at),
      conversations: Number(r.conversations),
    };
  });
  return { total, rows };
}

type Page = { limit: number; offset: number };

/** Words alone: counted and ranked in the index, without reading a profile until the page. */
function byWords(
  store: Store,
  match: string,
  every: string,
  page: Page,
): { total: number; rowids: number[] } {
  /** How many contacts `expr` matches, or SCORED + 1 when more: the cap saves reading them. */
  const count = (expr: string, cap = -1) =>
    Number(
      (store.stmt(
        "SELECT count(*) AS n FROM (SELECT rowid FROM contact_index WHERE contact_index MATCH ? LIMIT ?)",
      ).get(expr, cap) as { n: number }).n,
    );
  const scored = (expr: string, limit: number, offset: number) =>
    rowidsOf(
      store.stmt(
        `SELECT rowid FROM contact_index WHERE contact_index MATCH ?
       ORDER BY bm25(contact_index, ${WEIGHTS}), rowid DESC LIMIT ? OFFSET ?`,
      ).all(expr, limit, offset),
    );
  const newest = (expr: string, limit: number, offset: number) =>
    rowidsOf(
      store.stmt(
        `SELECT rowid FROM contact_index WHERE contact_index MATCH ?
       ORDER BY rowid DESC LIMIT ? OFFSET ?`,
      ).all(expr, limit, offset),
    );
  const total = count(match);
  if (total <= SCORED) return { total, rowids: scored(match, page.limit, page.offset) };
  // Those holding every word, then the others (for a query of one word, or of required words
  // only, that is one tier): the second holds the first, so its own matches are it NOT the first.
  const tiers = every === match ? [match] : [every, match];
  const rowids: number[] = [];
  let before = 0;
  for (const [i, tier] of tiers.entries()) {
    const expr = i === 0 ? tier : `(${tier}) NOT (${tiers[i - 1]})`;
    const last = i === tiers.length - 1;
    // Where the page goes on inside this tier, and how much of it is left to fill.
    const from = page.offset + rowids.length - before;
    const want = page.limit - rowids.length;
    let n = last ? total - before : count(expr, SCORED + 1);
    if (n <= SCORED) {
      if (from < n) rowids.push(...scored(expr, want, from));
    } else {
      const got = newest(expr, want, from);
      rowids.push(...got);
      // The page runs on past this tier: now its size matters.
      if (!last && rowids.length < page.limit) n = got.length ? from + got.length : count(expr);
    }
    before += n;
    if (rowids.length >= page.limit) break;
  }
  return { total, rowids };
}

function rowidsOf(rows: unknown[]): number[] {
  return (rows as { rowid: number }[]).map((r) => Number(r.rowid));
}

/** A company alone: counted from its links; a big one's newest found by walking the newest. */
function byCompanies(
  store: Store,
  companyIds: string[],
  page: Page,
): { total: number; rowids: number[] } {
  const ids = JSON.stringify(companyIds);
  // One company lists each contact once; several may share one, and sorting them out costs.
  const total = Number(
    (store.stmt(
      companyIds.length === 1
        ? "SELECT count(*) AS n FROM contact_companies WHERE company_id = ?"
        : `SELECT count(DISTINCT contact_id) AS n FROM contact_companies
           WHERE company_id IN (SELECT value FROM json_each(?))`,
    ).get(companyIds.length === 1 ? companyIds[0] : ids) as { n: number }).n,
  );
  // A few: read them and sort. Many: the newest contacts are soon theirs.
  const rows = store.stmt(
    total <= SCORED
      ? `SELECT p.rowid AS rowid FROM contact_profiles p WHERE p.id IN
           (SELECT cc.contact_id FROM contact_companies cc
            WHERE cc.company_id IN (SELECT value FROM json_each(?)))
         ORDER BY p.updated_at DESC, p.rowid DESC LIMIT ? OFFSET ?`
      : `SELECT p.rowid AS rowid FROM contact_profiles p INDEXED BY contact_profiles_updated_at
         WHERE EXISTS (SELECT 1 FROM contact_companies cc WHERE cc.contact_id = p.id
           AND cc.company_id IN (SELECT value FROM json_each(?)))
         ORDER BY p.updated_at DESC, p.rowid DESC LIMIT ? OFFSET ?`,
  ).all(ids, page.limit, page.offset);
  return { total, rowids: rowidsOf(rows) };
}

/** Any other mix of words, email and company, and no filter at all (newest first). */
function filtered(store: Store, f: ContactFilters): { total: number; rowids: number[] } {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  if (f.match !== null) {
    where.push("contact_index MATCH ?");
    params.push(f.match);
  }
  if (f.email !== null) {
    where.push("p.email = ?");
    params.push(f.email.trim().toLowerCase());
  }
  if (f.companyIds) {
    // From the company's few contacts (an index), not a test of every contact.
    where.push(
      `p.id IN (SELECT cc.contact_id FROM contact_companies cc
         WHERE cc.company_id IN (SELECT value FROM json_each(?)))`,
    );
    params.push(JSON.stringify(f.companyIds));
  }
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const from = f.match !== null
    ? "contact_index JOIN contact_profiles p ON p.rowid = contact_index.rowid"
    : "contact_profiles p";
  const total = Number(
    (store.stmt(`SELECT count(*) AS n FROM ${from} ${whereSql}`).get(...params) as { n: number })
      .n,
  );
  const order = f.match !== null
    ? `bm25(contact_index, ${WEIGHTS}), p.updated_at DESC`
    : "p.updated_at DESC, p.rowid DESC";
  const rows = store.stmt(
    `SELECT p.rowid AS rowid FROM ${from} ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`,
  ).all(...params, f.limit, f.offset) as { rowid: number }[];
  return { total, rowids: rows.map((r) => Number(r.rowid)) };
}

function text(v: SQLInputValue): string | null {
  return v === null || v === undefined ? null : String(v);
}

function placeOf(r: Record<string, SQLInputValue>): string | null {
  return [r.city, r.region, r.country].filter((x) => x).filter((x, i, all) => all.indexOf(x) === i)
    .join(", ") || null;
}

/** A contact's id from its id, the id of a contact merged into it, or its email. */
export function resolveContact(store: Store, idOrEmail: string): string | null {
  const key = idOrEmail.trim();
  const direct = store.stmt("SELECT id FROM contact_profiles WHERE id = ? OR email = ? LIMIT 1")
    .get(key, key.toLowerCase()) as { id: string } | undefined;
  if (direct) return direct.id;
  const alias = store.stmt("SELECT contact_id FROM contact_aliases WHERE alias = ?").get(key) as
    | { contact_id: string | null }
    | undefined;
  return alias?.contact_id ?? null;
}

export interface ContactDetail {
  id: string;
  externalId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  role: string | null;
  location: string | null;
  createdAt: number | null;
  updatedAt: number;
  lastSeenAt: number | null;
  customAttributes: Record<string, unknown>;
  tags: string[];
  companies: Company[];
  syncedAt: number;
  conversationsTotal: number;
  byState: Record<string, number>;
  conversations: { id: string; title: string; state: string; updatedAt: number }[];
}

export function contactDetail(store: Store, id: string, limit: number): ContactDetail | null {
  const r = store.stmt("SELECT * FROM contact_profiles WHERE id = ?").get(id) as
    | Record<string, SQLInputValue>
    | undefined;
  if (!r) return null;
  const companies = (store.stmt(
    `SELECT co.* FROM contact_companies cc JOIN companies co ON co.id = cc.company_id
     WHERE cc.contact_id = ? ORDER BY co.name`,
  ).all(id) as Record<string, SQLInputValue>[]).map((c) => ({
    id: String(c.id),
    companyId: text(c.company_id),
    name: String(c.name),
    plan: text(c.plan),
    size: c.size === null ? null : Number(c.size),
    monthlySpend: c.monthly_spend === null ? null : Number(c.monthly_spend),
    industry: text(c.industry),
    website: text(c.website),
    userCount: c.user_count === null ? null : Number(c.user_count),
    customAttributes: JSON.parse(String(c.custom_attributes)),
    updatedAt: c.updated_at === null ? null : Number(c.updated_at),
  }));
  const tags = (store.stmt(
    "SELECT t.name FROM json_each(?) j JOIN tags t ON t.id = j.value ORDER BY t.name",
  ).all(String(r.tag_ids)) as { name: string }[]).map((t) => t.name);
  const p = { id };
  const byState: Record<string, number> = {};
  let total = 0;
  for (
    const s of store.stmt(
      `SELECT c.state, count(*) AS n FROM conversations c, (SELECT ? AS id) p
       WHERE ${CONVERSATIONS_OF} GROUP BY c.state`,
    ).all(p.id) as { state: string; n: number }[]
  ) {
    byState[s.state] = Number(s.n);
    total += Number(s.n);
  }
  const conversations = (store.stmt(
    `SELECT c.id, coalesce(nullif(c.title, ''), nullif(c.subject, ''), '(no subject)') AS title,
       c.state, c.updated_at FROM conversations c, (SELECT ? AS id) p
     WHERE ${CONVERSATIONS_OF} ORDER BY c.updated_at DESC, c.rowid DESC LIMIT ?`,
  ).all(p.id, limit) as Record<string, SQLInputValue>[]).map((c) => ({
    id: String(c.id),
    title: String(c.title),
    state: String(c.state),
    updatedAt: Number(c.updated_at),
  }));
  return {
    id,
    externalId: text(r.external_id),
    name: text(r.name),
    email: text(r.email),
    phone: text(r.phone),
    role: text(r.role),
    location: placeOf(r),
    createdAt: r.created_at === null ? null : Number(r.created_at),
    updatedAt: Number(r.updated_at),
    lastSeenAt: r.last_seen_at === null ? null : Number(r.last_seen_at),
    customAttributes: JSON.parse(String(r.custom_attributes)),
    tags,
    companies,
    syncedAt: Number(r.synced_at),
    conversationsTotal: total,
    byState,
    conversations,
  };
}

/** Companies by id or name (case-folded), for the company filter. */
export function companiesNamed(store: Store, nameOrId: string): string[] {
  return (store.stmt("SELECT id FROM companies WHERE id = ? OR lower(name) = lower(?)")
    .all(nameOrId.trim(), nameOrId.trim()) as { id: string }[]).map((r) => r.id);
}
