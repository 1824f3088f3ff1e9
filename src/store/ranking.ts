// Which conversations a query's terms match, and in what order: every match is ranked, those
// holding the most terms first, then by BM25 over the terms they hold. FTS5's BM25 for an OR of
// terms is the sum of each term's own score, so one pass over the index gives both.

import type { SQLInputValue } from "node:sqlite";
import type { Term } from "./fts_query.ts";
import type { Store } from "./store.ts";

/**
 * Column weights for bm25, in the index's order (parts, opening message, subject): a word in the
 * subject counts most, in the opening message next.
 */
const WEIGHTS = "1.0, 2.0, 4.0";

/** A filter over `conversations c`, as SQL conditions and their parameters. */
export interface Conditions {
  sql: string[];
  params: SQLInputValue[];
  /** Start from the conversations (a customer's few), not from the index. */
  fromConversations: boolean;
}

export interface Match {
  rowid: number;
  /** Bit i set: the match holds terms[i]. */
  mask: number;
}

/**
 * Every conversation that holds at least one term (and every required one) and passes the
 * conditions, with the terms it holds, in rowid order.
 */
export function matchTerms(store: Store, terms: readonly Term[], where: Conditions): Match[] {
  const from = where.fromConversations
    ? "conversations c CROSS JOIN search_index ON search_index.rowid = c.rowid"
    : "search_index JOIN conversations c ON c.rowid = search_index.rowid";
  const conditions = ["search_index MATCH ?", ...where.sql].join(" AND ");
  const filtered = where.sql.length > 0;
  // One list of rowids a term, made by SQLite, in rowid order; then one merge of the lists.
  const lists = terms.map((term) => {
    const sql = filtered
      ? `SELECT json_group_array(rowid) AS ids FROM (SELECT c.rowid AS rowid FROM ${from}
         WHERE ${conditions} ORDER BY c.rowid)`
      : "SELECT json_group_array(rowid) AS ids FROM search_index WHERE search_index MATCH ?";
    const row = store.stmt(sql).get(term.fts, ...(filtered ? where.params : [])) as {
      ids: string;
    };
    const ids = JSON.parse(row.ids) as number[];
    // FTS5 hands rowids over in ascending order; the merge relies on it, so make sure.
    for (let k = 1; k < ids.length; k++) if (ids[k] < ids[k - 1]) return ids.sort((x, y) => x - y);
    return ids;
  });
  const required = terms.reduce((m, t, i) => (t.required ? m | (1 << i) : m), 0);
  const heads = new Array<number>(lists.length).fill(0);
  const out: Match[] = [];
  for (;;) {
    let rowid = Infinity;
    for (let i = 0; i < lists.length; i++) {
      if (heads[i] < lists[i].length && lists[i][heads[i]] < rowid) rowid = lists[i][heads[i]];
    }
    if (rowid === Infinity) return out;
    let mask = 0;
    for (let i = 0; i < lists.length; i++) {
      if (heads[i] < lists[i].length && lists[i][heads[i]] === rowid) {
        mask |= 1 << i;
        heads[i]++;
      }
    }
    if ((mask & required) === required) out.push({ rowid, mask });
  }
}

export function popcount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}

/**
 * The matches at positions [offset, offset + limit) of the ranking: most terms held first,
 * then BM25 (best first), then the most recently saved. Only the tiers of equal term count that
 * reach into the page are scored; every tier above it is wholly before the page.
 */
export function rankPage(
  store: Store,
  terms: readonly Term[],
  matches: readonly Match[],
  page: { offset: number; limit: number },
): Match[] {
  const tiers = new Map<number, Match[]>();
  for (const m of matches) {
    const n = popcount(m.mask);
    const tier = tiers.get(n);
    if (tier) tier.push(m);
    else tiers.set(n, [m]);
  }
  const out: Match[] = [];
  let before = 0;
  const end = page.offset + page.limit;
  for (const n of [...tiers.keys()].sort((a, b) => b - a)) {
    const tier = tiers.get(n)!;
    if (before + tier.length > page.offset && before < end) {
      const ranked = rankTier(store, terms, tier, end - before);
      out.push(...ranked.slice(Math.max(0, page.offset - before)));
    }
    before += tier.length;
    if (before >= end) break;
  }
  return out;
}

/** The best `count` of a tier by BM25 for the OR of the terms, then the most recently saved. */
function rankTier(store: Store, terms: readonly Term[], tier: readonly Match[], count: number) {
  const masks = new Map(tier.map((m) => [m.rowid, m.mask]));
  // The "+" keeps the rowid list out of the index's plan: FTS5 reads each term's list once
  // and scores only the rows in the list, instead of starting the whole query once a row.
  const rows = store.stmt(
    `SELECT rowid FROM search_index
     WHERE search_index MATCH ? AND +rowid IN (SELECT value FROM json_each(?))
     ORDER BY bm25(search_index, ${WEIGHTS}), rowid DESC LIMIT ?`,
  ).all(
    terms.map((t) => t.fts).join(" OR "),
    JSON.stringify(tier.map((m) => m.rowid)),
    count,
  ) as { rowid: number }[];
  return rows.map((r) => ({ rowid: Number(r.rowid), mask: masks.get(Number(r.rowid)) ?? 0 }));
}

/** The page of a single term's matches, best first, ranked inside the index. */
export function rankOneTerm(
  store: Store,
  term: Term,
  page: { offset: number; limit: number },
): { total: number; page: Match[] } {
  const total = documentFrequency(store, term.fts);
  const rows = store.stmt(
    `SELECT rowid FROM search_index WHERE search_index MATCH ?
     ORDER BY bm25(search_index, ${WEIGHTS}), rowid DESC LIMIT ? OFFSET ?`,
  ).all(term.fts, page.limit, page.offset) as { rowid: number }[];
  return { total, page: rows.map((r) => ({ rowid: Number(r.rowid), mask: 1 })) };
}

/** How many conversations hold `fts`. */
export function documentFrequency(store: Store, fts: string): number {
  const row = store.stmt("SELECT count(*) AS n FROM search_index WHERE search_index MATCH ?")
    .get(fts) as { n: number };
  return Number(row.n);
}

/** How many conversations the cache holds. */
export function conversationCount(store: Store): number {
  return Number((store.stmt("SELECT count(*) AS n FROM conversations").get() as { n: number }).n);
}

/** Every text the index holds of a conversation, or null when it is not cached. */
export function indexedText(store: Store, id: string): string | null {
  const r = store.stmt(
    `SELECT s.subject, s.body, s.parts FROM conversations c JOIN search_source s ON s.rowid = c.rowid
     WHERE c.id = ?`,
  ).get(id) as { subject: string | null; body: string | null; parts: string | null } | undefined;
  return r ? [r.subject, r.body, r.parts].filter(Boolean).join("\n") : null;
}
