// The cache: conversations, their parts and the search index, written so that a conversation
// and everything the index knows of it change together or not at all.

import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type { Admin, Contact, Conversation, Part, Tag, Team } from "../model.ts";
import { inTransaction, openDatabase, type Sql } from "./db.ts";
import { HANDLING_COLUMNS, handlingValues, writeHandling } from "./handling.ts";
import { deleteParts, writeParts } from "./parts.ts";
import { type CacheStats, stats } from "./cache_stats.ts";
import { conversationCount } from "./ranking.ts";
import { type CachedConversation, getConversation } from "./conversation_read.ts";
import {
  cachedContactEmail,
  contactsToLookUp,
  mergeTags,
  replaceAdmins,
  replaceTeams,
  saveContact,
} from "./names.ts";
import {
  clearState,
  finishRun,
  getState,
  lastRuns,
  setState,
  startRun,
  type SyncRun,
} from "./runs.ts";

export type { CachedConversation, CacheStats, SyncRun };

export type SaveResult = "new" | "changed";

const CUSTOMER_TYPES = new Set(["user", "lead", "contact"]);

export class Store implements Sql {
  readonly db: DatabaseSync;
  readonly path: string;
  readonly #now: () => number;
  readonly #stmts = new Map<string, StatementSync>();

  constructor(path: string, opts: { now?: () => number } = {}) {
    this.path = path;
    this.db = openDatabase(path);
    this.#now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Unix seconds, by the clock the cache was opened with. */
  now(): number {
    return this.#now();
  }

  close(): void {
    this.#stmts.clear();
    if (this.db.isOpen) this.db.close();
  }

  /**
   * Runs `fn`'s reads on one snapshot of the cache. Each statement otherwise sees the commits
   * made before it, so a sync in another process committing between a count and the page it
   * counts would make the two disagree.
   */
  snapshot<T>(fn: () => T): T {
    if (this.db.isTransaction) return fn();
    this.db.exec("BEGIN");
    try {
      return fn();
    } finally {
      if (this.db.isTransaction) this.db.exec("COMMIT");
    }
  }

  /** Prepared once per connection: the hot paths run the same statements thousands of times. */
  stmt(sql: string): StatementSync {
    let s = this.#stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.#stmts.set(sql, s);
    }
    return s;
  }

  // --- writing ---------------------------------------------------------------------------

  /**
   * Stores a conversation read whole from Intercom: its row, its parts (merged by id with those
   * cached before), its tags, and its index entry, in one transaction.
   */
  saveConversation(c: Conversation): SaveResult {
    return inTransaction(this.db, () => {
      const existing = this.stmt("SELECT rowid FROM conversations WHERE id = ?").get(c.id) as
        | { rowid: number }
        | undefined;
      if (existing) this.#unindex(existing.rowid);
      const contactId = c.contactIds[0] ?? null;
      const authorEmail = CUSTOMER_TYPES.has(c.source.author.type) ? c.source.author.email : null;
      const customerEmail =
        (authorEmail ?? (contactId ? cachedContactEmail(this, contactId) : null))
          ?.toLowerCase() ?? null;
      const values: SQLInputValue[] = [
        c.id,
        c.createdAt,
        c.updatedAt,
        c.title,
        c.state,
        c.read ? 1 : 0,
        c.priority,
        c.adminAssigneeId,
        c.teamAssigneeId,
        c.source.type,
        c.source.subject,
        c.source.url,
        this.#authorKey(c.source.author),
        contactId,
        customerEmail,
        c.partsTotal,
        this.#now(),
        ...handlingValues(c),
      ];
      // Every save takes a new, highest rowid, so rowid order follows the order of last update:
      // search can then take the newest matches of a broad query straight from the index.
      if (existing) this.stmt("DELETE FROM conversations WHERE rowid = ?").run(existing.rowid);
      const r = this.stmt(
        `INSERT INTO conversations (id, created_at, updated_at, title, state, read, priority,
           admin_assignee_id, team_assignee_id, source_type, subject, source_url,
           author, contact_id, customer_email,
           parts_total, synced_at, ${HANDLING_COLUMNS.join(", ")})
         VALUES (${values.map(() => "?").join(", ")})`,
      ).run(...values);
      const rowid = Number(r.lastInsertRowid);
      if (existing && existing.rowid !== rowid) {
        this.stmt("DELETE FROM openings WHERE conversation_rowid = ?").run(existing.rowid);
      }
      this.stmt("INSERT OR REPLACE INTO openings (conversation_rowid, body) VALUES (?, ?)")
        .run(rowid, c.source.body);
      writeParts(this, rowid, existing?.rowid ?? null, c.parts, (a) => this.#authorKey(a));
      this.stmt("DELETE FROM conversation_tags WHERE conversation_rowid IN (?, ?)")
        .run(rowid, existing?.rowid ?? rowid);
      const putTag = this.stmt("INSERT OR IGNORE INTO conversation_tags VALUES (?, ?)");
      const nameTag = this.stmt(
        "INSERT INTO tags (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
      );
      for (const t of c.tags) {
        putTag.run(rowid, t.id);
        nameTag.run(t.id, t.name);
      }
      writeHandling(this, rowid, existing?.rowid ?? null, c);
      this.stmt(
        `INSERT INTO search_index (rowid, subject, body, parts)
         SELECT rowid, subject, body, parts FROM search_source WHERE rowid = ?`,
      ).run(rowid);
      return existing ? "changed" : "new";
    });
  }

  /** Removes a conversation Intercom no longer has. True when it was cached. */
  deleteConversation(id: string): boolean {
    return inTransaction(this.db, () => {
      const row = this.stmt("SELECT rowid FROM conversations WHERE id = ?").get(id) as
        | { rowid: number }
        | undefined;
      if (!row) return false;
      this.#unindex(row.rowid);
      deleteParts(this, row.rowid);
      this.stmt("DELETE FROM openings WHERE conversation_rowid = ?").run(row.rowid);
      this.stmt("DELETE FROM conversation_tags WHERE conversation_rowid = ?").run(row.rowid);
      this.stmt("DELETE FROM handling WHERE conversation_rowid = ?").run(row.rowid);
      this.stmt("DELETE FROM conversations WHERE rowid = ?").run(row.rowid);
      return true;
    });
  }

  /** The index holds no text of its own: removing an entry needs the text it was built from. */
  #unindex(rowid: number): void {
    this.stmt(
      `INSERT INTO search_index (search_index, rowid, subject, body, parts)
       SELECT 'delete', rowid, subject, body, parts FROM search_source WHERE rowid = ?`,
    ).run(rowid);
  }

  /** The cached `updated_at` of each of these ids that is cached. */
  updatedAtOf(ids: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    const q = this.stmt("SELECT updated_at FROM conversations WHERE id = ?");
    for (const id of ids) {
      const row = q.get(id) as { updated_at: number } | undefined;
      if (row) out.set(id, row.updated_at);
    }
    return out;
  }

  // --- names, contacts, runs and state: see names.ts and runs.ts --------------------------

  replaceAdmins(admins: readonly Admin[]): void {
    replaceAdmins(this, admins);
  }

  replaceTeams(teams: readonly Team[]): void {
    replaceTeams(this, teams);
  }

  /** Tags named by conversations stay even when the workspace list no longer has them. */
  mergeTags(tags: readonly Tag[]): void {
    mergeTags(this, tags);
  }

  /** Contacts whose email some cached conversation lacks and that were never looked up. */
  contactsToLookUp(limit: number): string[] {
    return contactsToLookUp(this, limit);
  }

  /** Records a looked-up contact (null: gone or merged) and fills in its conversations' email. */
  saveContact(id: string, contact: Contact | null): void {
    saveContact(this, id, contact);
  }

  getState(key: string): string | null {
    return getState(this, key);
  }

  setState(key: string, value: string): void {
    setState(this, key, value);
  }

  clearState(key: string): void {
    clearState(this, key);
  }

  startRun(kind: string): number {
    return startRun(this, kind);
  }

  finishRun(
    id: number,
    outcome: "ok" | "failed" | "cancelled",
    counts: { newCount: number; changedCount: number; deletedCount: number; requests: number },
    error: string | null,
  ): void {
    finishRun(this, id, outcome, counts, error);
  }

  /** The newest run, and the newest that finished well. */
  lastRuns(): { last: SyncRun | null; lastOk: SyncRun | null } {
    return lastRuns(this);
  }

  /** How many conversations are cached: a count, without reading their text as stats() does. */
  conversationCount(): number {
    return conversationCount(this);
  }

  stats(): CacheStats {
    return stats(this);
  }

  /** The row of this author as written, added the first time it is seen. */
  #authorKey(author: Part["author"]): number {
    const found = this.stmt(
      "SELECT rowid FROM authors WHERE type IS ? AND id IS ? AND name IS ? AND email IS ?",
    ).get(author.type, author.id, author.name, author.email) as { rowid: number } | undefined;
    if (found) return found.rowid;
    return Number(
      this.stmt("INSERT INTO authors (type, id, name, email) VALUES (?, ?, ?, ?)")
        .run(author.type, author.id, author.name, author.email).lastInsertRowid,
    );
  }

  // --- reading: see conversation_read.ts ---------------------------------------------------

  getConversation(id: string): CachedConversation | null {
    return getConversation(this, id);
  }

  /** Every cached conversation id with its `updated_at`: for comparing the cache with a workspace. */
  allUpdatedAt(): Map<string, number> {
    const rows = this.stmt("SELECT id, updated_at FROM conversations").all() as {
      id: string;
      updated_at: number;
    }[];
    return new Map(rows.map((r) => [r.id, r.updated_at]));
  }

  /** SQLite's own check of the file and of the index against the tables. */
  integrityCheck(): string {
    const row = this.db.prepare("PRAGMA integrity_check").get() as { integrity_check: string };
    this.db.exec("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)");
    return row.integrity_check;
  }
}
