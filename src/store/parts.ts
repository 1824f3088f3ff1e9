// A conversation's parts: rows whose rowids are the conversation's own range (its rowid times
// PART_SLOTS, and up), so they are read, moved and dropped without an index and no row repeats
// the conversation's rowid. Kept by id: parts cached before survive a read that returns only the
// newest 500.

import type { SQLInputValue } from "node:sqlite";
import type { Part } from "../model.ts";
import type { Sql } from "./db.ts";

/** Rowids a conversation's parts may take; the search index's view holds the same number. */
export const PART_SLOTS = 65_536;

/** SQL: the part `p` belongs to the conversation `c`. */
export const PARTS_OF_C = `p.rowid BETWEEN c.rowid * ${PART_SLOTS} AND c.rowid * ${PART_SLOTS} + ${
  PART_SLOTS - 1
}`;

/** The first and last rowid of the parts of the conversation at `rowid`. */
export function partRange(rowid: number): [number, number] {
  return [rowid * PART_SLOTS, rowid * PART_SLOTS + PART_SLOTS - 1];
}

const COLUMNS = [
  "id",
  "part_type",
  "body",
  "created_at",
  "updated_at",
  "author",
  "assigned_to_type",
  "assigned_to_id",
  "redacted",
  "attachments",
] as const;

type PartValues = Record<(typeof COLUMNS)[number], SQLInputValue>;

/**
 * Writes the parts of the conversation now at `rowid`: `parts` replace those of the same id that
 * were cached under `oldRowid`, the others are kept. Ordered by time; past PART_SLOTS the oldest
 * are dropped.
 */
export function writeParts(
  s: Sql,
  rowid: number,
  oldRowid: number | null,
  parts: readonly Part[],
  authorKey: (author: Part["author"]) => number,
): void {
  const typeKey = (name: string): number => {
    const found = s.stmt("SELECT rowid FROM part_types WHERE name = ?").get(name) as
      | { rowid: number }
      | undefined;
    if (found) return Number(found.rowid);
    return Number(s.stmt("INSERT INTO part_types (name) VALUES (?)").run(name).lastInsertRowid);
  };
  const byId = new Map<string, PartValues>();
  if (oldRowid !== null) {
    const old = s.stmt(`SELECT ${COLUMNS.join(", ")} FROM parts WHERE rowid BETWEEN ? AND ?`)
      .all(...partRange(oldRowid)) as PartValues[];
    for (const p of old) byId.set(String(p.id), p);
    deleteParts(s, oldRowid);
  }
  for (const p of parts) {
    byId.set(p.id, {
      id: storedId(p.id),
      part_type: typeKey(p.partType),
      body: p.body,
      created_at: p.createdAt,
      updated_at: p.updatedAt === p.createdAt ? null : p.updatedAt,
      author: authorKey(p.author),
      assigned_to_type: p.assignedTo?.type ?? null,
      assigned_to_id: p.assignedTo?.id ?? null,
      redacted: p.redacted ? 1 : 0,
      attachments: p.attachments.length ? JSON.stringify(p.attachments) : null,
    });
  }
  const ordered = [...byId.values()].sort((a, b) =>
    Number(a.created_at) - Number(b.created_at) ||
    String(a.id).length - String(b.id).length ||
    (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0)
  ).slice(-PART_SLOTS);
  const put = s.stmt(
    `INSERT INTO parts (rowid, ${COLUMNS.join(", ")})
     VALUES (?, ${COLUMNS.map(() => "?").join(", ")})`,
  );
  const [first] = partRange(rowid);
  ordered.forEach((p, i) => put.run(first + i, ...COLUMNS.map((c) => p[c])));
}

/**
 * Intercom's part ids are decimal numbers: stored as an integer (6 bytes) instead of text (12),
 * in a column with no type, so SQLite keeps each value as given. Read back with String().
 */
function storedId(id: string): string | number {
  return /^[1-9][0-9]{0,14}$/.test(id) ? Number(id) : id;
}

export function deleteParts(s: Sql, rowid: number): void {
  s.stmt("DELETE FROM parts WHERE rowid BETWEEN ? AND ?").run(...partRange(rowid));
}
