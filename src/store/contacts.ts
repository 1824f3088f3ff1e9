// Contact profiles and companies in the cache: the customers of cached conversations, found by
// name, email, company or any detail, each with their companies and their conversations.

import type { SQLInputValue } from "node:sqlite";
import type { Company, ContactProfile } from "../model.ts";
import { inTransaction } from "./db.ts";
import type { SaveResult, Store } from "./store.ts";

/** The conversations' contact ids that have no profile and were never found merged or gone. */
export function contactsWithoutProfile(store: Store, limit: number): string[] {
  return (store.stmt(
    `SELECT DISTINCT c.contact_id AS id FROM conversations c
     WHERE c.contact_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM contact_profiles p WHERE p.id = c.contact_id)
       AND NOT EXISTS (SELECT 1 FROM contact_aliases a WHERE a.alias = c.contact_id)
     LIMIT ?`,
  ).all(limit) as { id: string }[]).map((r) => r.id);
}

export function hasProfile(store: Store, id: string): boolean {
  return store.stmt("SELECT 1 FROM contact_profiles WHERE id = ?").get(id) !== undefined;
}

/** Records that a conversation's contact now lives on as `contactId` (null: gone). */
export function setAlias(store: Store, alias: string, contactId: string | null): void {
  store.stmt("INSERT OR REPLACE INTO contact_aliases (alias, contact_id) VALUES (?, ?)")
    .run(alias, contactId);
}

export function saveProfile(store: Store, p: ContactProfile, now: number): SaveResult {
  return inTransaction(store.db, () => {
    const existed = hasProfile(store, p.id);
    // An upsert keeps the row's rowid, which keys its index entry.
    store.stmt(
      `INSERT INTO contact_profiles (id, external_id, role, name, email, phone, country, region,
         city, created_at, updated_at, last_seen_at, custom_attributes, tag_ids, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET external_id = excluded.external_id, role = excluded.role,
         name = excluded.name, email = excluded.email, phone = excluded.phone,
         country = excluded.country, region = excluded.region, city = excluded.city,
         created_at = excluded.created_at, updated_at = excluded.updated_at,
         last_seen_at = excluded.last_seen_at, custom_attributes = excluded.custom_attributes,
         tag_ids = excluded.tag_ids, synced_at = excluded.synced_at`,
    ).run(
      p.id,
      p.externalId,
      p.role,
      p.name,
      p.email,
      p.phone,
      p.location.country,
      p.location.region,
      p.location.city,
      p.createdAt,
      p.updatedAt,
      p.lastSeenAt,
      JSON.stringify(p.customAttributes),
      JSON.stringify(p.tagIds),
      now,
    );
    store.stmt("DELETE FROM contact_companies WHERE contact_id = ?").run(p.id);
    const link = store.stmt("INSERT OR IGNORE INTO contact_companies VALUES (?, ?)");
    for (const c of p.companyIds) link.run(p.id, c);
    reindex(store, p.id);
    return existed ? "changed" : "new";
  });
}

/** Rewrites a contact's index entry from its row, its companies' names and its tags' names. */
function reindex(store: Store, id: string): void {
  const r = store.stmt(
    `SELECT p.rowid AS rowid, p.name, p.email,
       (SELECT group_concat(co.name, ' ') FROM contact_companies cc
          JOIN companies co ON co.id = cc.company_id WHERE cc.contact_id = p.id) AS companies,
       concat_ws(' ', p.external_id, p.phone, p.country, p.region, p.city, p.role,
         (SELECT group_concat(value, ' ') FROM json_each(p.custom_attributes)),
         (SELECT group_concat(t.name, ' ') FROM json_each(p.tag_ids) j JOIN tags t ON t.id = j.value))
         AS details
     FROM contact_profiles p WHERE p.id = ?`,
  ).get(id) as Record<string, SQLInputValue> | undefined;
  if (!r) return;
  store.stmt("DELETE FROM contact_index WHERE rowid = ?").run(r.rowid);
  store.stmt(
    "INSERT INTO contact_index (rowid, name, email, companies, details) VALUES (?, ?, ?, ?, ?)",
  ).run(r.rowid, r.name ?? "", r.email ?? "", r.companies ?? "", r.details ?? "");
}

/** Stores a company and re-indexes its contacts, whose entries carry its name. */
export function saveCompany(store: Store, c: Company, now: number): void {
  inTransaction(store.db, () => {
    store.stmt(
      `INSERT OR REPLACE INTO companies (id, company_id, name, plan, size, monthly_spend, industry,
         website, user_count, custom_attributes, updated_at, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      c.id,
      c.companyId,
      c.name,
      c.plan,
      c.size,
      c.monthlySpend,
      c.industry,
      c.website,
      c.userCount,
      JSON.stringify(c.customAttributes),
      c.updatedAt,
      now,
    );
    for (const id of contactsOfCompany(store, c.id)) reindex(store, id);
  });
}

function contactsOfCompany(store: Store, companyId: string): string[] {
  return (store.stmt("SELECT contact_id FROM contact_companies WHERE company_id = ?")
    .all(companyId) as { contact_id: string }[]).map((r) => r.contact_id);
}

/** A company Intercom no longer has: dropped, and its contacts no longer name it. */
export function dropCompany(store: Store, companyId: string): void {
  inTransaction(store.db, () => {
    const contacts = contactsOfCompany(store, companyId);
    store.stmt("DELETE FROM contact_companies WHERE company_id = ?").run(companyId);
    store.stmt("DELETE FROM companies WHERE id = ?").run(companyId);
    for (const id of contacts) reindex(store, id);
  });
}

/** Companies named by cached contacts but never read, plus those of `contactIds`. */
export function companiesToRead(store: Store, contactIds: readonly string[]): string[] {
  const out = new Set(
    (store.stmt(
      `SELECT DISTINCT cc.company_id AS id FROM contact_companies cc
       WHERE NOT EXISTS (SELECT 1 FROM companies co WHERE co.id = cc.company_id)`,
    ).all() as { id: string }[]).map((r) => r.id),
  );
  const q = store.stmt("SELECT company_id FROM contact_companies WHERE contact_id = ?");
  for (const id of contactIds) {
    for (const r of q.all(id) as { company_id: string }[]) out.add(r.company_id);
  }
  return [...out];
}

/**
 * Drops profiles no cached conversation points to (directly or through a merge), and companies
 * no cached contact belongs to. Returns the profiles dropped.
 */
export function dropUnreferenced(store: Store): number {
  return inTransaction(store.db, () => {
    const orphans = store.stmt(
      `SELECT p.rowid AS rowid, p.id FROM contact_profiles p
       WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.contact_id = p.id)
         AND NOT EXISTS (SELECT 1 FROM contact_aliases a JOIN conversations c
           ON c.contact_id = a.alias WHERE a.contact_id = p.id)`,
    ).all() as { rowid: number; id: string }[];
    for (const o of orphans) {
      store.stmt("DELETE FROM contact_index WHERE rowid = ?").run(o.rowid);
      store.stmt("DELETE FROM contact_companies WHERE contact_id = ?").run(o.id);
      store.stmt("DELETE FROM contact_profiles WHERE rowid = ?").run(o.rowid);
    }
    store.stmt(
      `DELETE FROM companies WHERE NOT EXISTS
         (SELECT 1 FROM contact_companies cc WHERE cc.company_id = companies.id)`,
    ).run();
    return orphans.length;
  });
}

/** Profile ids with their cached `updated_at`, for comparing with a workspace. */
export function profileUpdatedAt(store: Store): Map<string, number> {
  const rows = store.stmt("SELECT id, updated_at FROM contact_profiles").all() as {
    id: string;
    updated_at: number;
  }[];
  return new Map(rows.map((r) => [r.id, Number(r.updated_at)]));
}

export function contactStats(store: Store): { contacts: number; companies: number } {
  const r = store.stmt(
    `SELECT (SELECT count(*) FROM contact_profiles) AS contacts,
       (SELECT count(*) FROM companies) AS companies`,
  ).get() as { contacts: number; companies: number };
  return { contacts: Number(r.contacts), companies: Number(r.companies) };
}
