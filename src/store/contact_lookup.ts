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

export function searchContacts(
  store: Store,
  f: ContactFilters,
): { total: number; rows: ContactRow[] } {
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
    : "p.updated_at DESC, p.id";
  const page = store.stmt(`SELECT p.id FROM ${from} ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, f.limit, f.offset);
  const read = store.stmt(
    `SELECT p.*,
       (SELECT json_group_array(co.name) FROM contact_companies cc JOIN companies co
          ON co.id = cc.company_id WHERE cc.contact_id = p.id) AS company_names,
       (SELECT count(*) FROM conversations c WHERE ${CONVERSATIONS_OF}) AS conversations
     FROM contact_profiles p WHERE p.id = ?`,
  );
  const rows = (page as { id: string }[]).map(({ id }) => {
    const r = read.get(id) as Record<string, SQLInputValue>;
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
