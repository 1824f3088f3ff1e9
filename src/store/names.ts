// The names answers show and the contacts behind them: teammates, teams, tags, and the email
// of each conversation's customer, looked up once a contact.

import type { Admin, Contact, Tag, Team } from "../model.ts";
import { inTransaction, type Sql } from "./db.ts";

/** The customer's name: the opening author's when a customer wrote it, else the contact's. */
export const CUSTOMER_NAME = `(SELECT CASE WHEN a.type IN ('user', 'lead', 'contact') THEN a.name
  ELSE (SELECT k.name FROM contacts k WHERE k.id = c.contact_id) END
  FROM authors a WHERE a.rowid = c.author)`;

export function replaceAdmins(s: Sql, admins: readonly Admin[]): void {
  inTransaction(s.db, () => {
    s.stmt("DELETE FROM admins").run();
    const put = s.stmt("INSERT OR REPLACE INTO admins (id, name, email) VALUES (?, ?, ?)");
    for (const a of admins) put.run(a.id, a.name, a.email);
  });
}

export function replaceTeams(s: Sql, teams: readonly Team[]): void {
  inTransaction(s.db, () => {
    s.stmt("DELETE FROM teams").run();
    const put = s.stmt("INSERT OR REPLACE INTO teams (id, name) VALUES (?, ?)");
    for (const t of teams) put.run(t.id, t.name);
  });
}

/** Tags named by conversations stay even when the workspace list no longer has them. */
export function mergeTags(s: Sql, tags: readonly Tag[]): void {
  inTransaction(s.db, () => {
    const put = s.stmt(
      "INSERT INTO tags (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
    );
    for (const t of tags) put.run(t.id, t.name);
  });
}

/** Contacts whose email some cached conversation lacks and that were never looked up. */
export function contactsToLookUp(s: Sql, limit: number): string[] {
  const rows = s.stmt(
    `SELECT DISTINCT c.contact_id AS id FROM conversations c
     LEFT JOIN contacts k ON k.id = c.contact_id
     WHERE c.customer_email IS NULL AND c.contact_id IS NOT NULL AND k.id IS NULL
     LIMIT ?`,
  ).all(limit) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Records a looked-up contact (null: gone or merged) and fills in its conversations' email. */
export function saveContact(s: Sql, id: string, contact: Contact | null): void {
  inTransaction(s.db, () => {
    const email = contact?.email?.toLowerCase() ?? null;
    s.stmt(
      `INSERT OR REPLACE INTO contacts (id, email, name, role, fetched_at) VALUES (?, ?, ?, ?, ?)`,
    ).run(id, email, contact?.name ?? null, contact?.role ?? null, s.now());
    if (email) {
      s.stmt(
        "UPDATE conversations SET customer_email = ? WHERE contact_id = ? AND customer_email IS NULL",
      ).run(email, id);
    }
  });
}

/** The email a looked-up contact had, if any. */
export function cachedContactEmail(s: Sql, contactId: string): string | null {
  const row = s.stmt("SELECT email FROM contacts WHERE id = ?").get(contactId) as
    | { email: string | null }
    | undefined;
  return row?.email ?? null;
}
