// Opens the SQLite cache: a private file, WAL so readers never wait for the syncer, a busy
// timeout so writers from two processes queue instead of failing, and the migrations.

import { DatabaseSync, type StatementSync } from "node:sqlite";
import { MIGRATIONS } from "./migrations.ts";

/** What the store's modules need of an open cache: its statements, transactions and clock. */
export interface Sql {
  readonly db: DatabaseSync;
  /** A prepared statement, cached for the connection. */
  stmt(sql: string): StatementSync;
  /** Unix seconds. */
  now(): number;
}

/** The cache file cannot be used as it is (corrupt, not a database, or from a newer version). */
export class CacheError extends Error {
  override name = "CacheError";
}

export const BUSY_TIMEOUT_MS = 15_000;

/**
 * SQLite's messages for a file it cannot reach or write, as opposed to a damaged one. node:sqlite
 * gives no result code, only the message.
 */
const UNREACHABLE =
  /disk I\/O error|database or disk is full|unable to open database file|readonly database|access permission denied|database is locked/;

export function openDatabase(path: string): DatabaseSync {
  if (path !== ":memory:") ensurePrivateFile(path);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (e) {
    throw new CacheError(`cannot open the cache ${path}: ${(e as Error).message}`);
  }
  try {
    // Taken by a new file only (an existing one keeps the size it was made with): rows of a
    // message or two and the search index's pages fill 8 KB pages closer than 4 KB ones.
    db.exec("PRAGMA page_size = 8192");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA temp_store = MEMORY");
    migrate(db);
  } catch (e) {
    db.close();
    if (e instanceof CacheError) throw e;
    const message = (e as Error).message;
    // A full disk or a read-only folder is no reason to delete the cache; only a damaged file is.
    if (UNREACHABLE.test(message)) {
      throw new CacheError(
        `cannot use the cache ${path} (${message}); check the free disk space and that the folder is writable`,
      );
    }
    throw new CacheError(
      `the cache ${path} cannot be read (${message}); run \`fast-intercom-mcp reset\` to start a new one`,
    );
  }
  return db;
}

/** SQLite creates files with the process umask; the cache holds customer data, so 0600 from the start. */
function ensurePrivateFile(path: string): void {
  try {
    const f = Deno.openSync(path, { create: true, write: true, mode: 0o600 });
    f.close();
  } catch (e) {
    throw new CacheError(`cannot create the cache ${path}: ${(e as Error).message}`);
  }
}

function migrate(db: DatabaseSync): void {
  const current = Number(
    (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version,
  );
  if (current > MIGRATIONS.length) {
    throw new CacheError(
      `the cache is at schema version ${current}, newer than this program knows (${MIGRATIONS.length}); upgrade fast-intercom-mcp or run \`reset\``,
    );
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.exec("BEGIN IMMEDIATE");
    try {
      // Another process may have migrated while we waited for the write lock.
      const now = Number(
        (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version,
      );
      if (now < version) {
        db.exec(MIGRATIONS[version - 1]);
        db.exec(`PRAGMA user_version = ${version}`);
      }
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
  }
}

/** Runs `fn` in a write transaction, taken at once so two writers queue on the busy timeout. */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (e) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw e;
  }
}
