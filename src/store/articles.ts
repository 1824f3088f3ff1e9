// Help-center articles in the cache: saved whole (every language) or not at all, found by
// ranked full-text search over title, description and body, one result per article.

import type { SQLInputValue } from "node:sqlite";
import type { Article, ArticleText, Collection } from "../model.ts";
import { inTransaction } from "./db.ts";
import { makeSnippet, snippetPattern } from "./snippet.ts";
import type { SaveResult, Store } from "./store.ts";

/** bm25 weights: a word in the title counts most, in the description next, then the body. */
const WEIGHTS = "6.0, 3.0, 1.0";

export interface CachedArticle extends Omit<Article, "texts"> {
  texts: ArticleText[];
  /** The names of its collection and section, outermost first. */
  collection: string[];
  authorName: string | null;
  syncedAt: number;
}

export interface ArticleFilters {
  /** The FTS5 expression from parseQuery, or null to list newest first. */
  match: string | null;
  terms: readonly string[];
  /** Only articles in these collections or sections (ids, descendants included by the caller). */
  collectionIds: string[] | null;
  locale: string | null;
  includeDrafts: boolean;
  limit: number;
  offset: number;
}

export interface ArticleHit {
  id: string;
  locale: string;
  title: string;
  description: string;
  state: string;
  url: string | null;
  updatedAt: number;
  parentIds: string[];
  snippet: string;
}

/** The cached `updated_at` of every article. */
export function articleUpdatedAt(store: Store): Map<string, number> {
  const rows = store.stmt("SELECT id, updated_at FROM articles").all() as {
    id: string;
    updated_at: number;
  }[];
  return new Map(rows.map((r) => [r.id, Number(r.updated_at)]));
}

/** Stores an article and every language of it, replacing what was cached, in one transaction. */
export function saveArticle(store: Store, a: Article, now: number): SaveResult {
  return inTransaction(store.db, () => {
    const existed = store.stmt("SELECT 1 FROM articles WHERE id = ?").get(a.id) !== undefined;
    store.stmt(
      `INSERT OR REPLACE INTO articles (id, state, parent_ids, author_id, created_at, updated_at,
         tags, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      a.id,
      a.state,
      JSON.stringify(a.parentIds),
      a.authorId,
      a.createdAt,
      a.updatedAt,
      JSON.stringify(a.tags),
      now,
    );
    store.stmt("DELETE FROM article_texts WHERE article_id = ?").run(a.id);
    const put = store.stmt(
      `INSERT OR IGNORE INTO article_texts (article_id, position, locale, title, description, body,
         state, url, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    a.texts.forEach((t, i) =>
      put.run(a.id, i, t.locale, t.title, t.description, t.body, t.state, t.url, t.updatedAt)
    );
    return existed ? "changed" : "new";
  });
}

/** Removes articles Intercom no longer has; returns how many were cached. */
export function deleteArticles(store: Store, ids: readonly string[]): number {
  return inTransaction(store.db, () => {
    let n = 0;
    for (const id of ids) {
      store.stmt("DELETE FROM article_texts WHERE article_id = ?").run(id);
      n += Number(store.stmt("DELETE FROM articles WHERE id = ?").run(id).changes);
    }
    return n;
  });
}

export function replaceCollections(store: Store, collections: readonly Collection[]): void {
  inTransaction(store.db, () => {
    store.stmt("DELETE FROM collections").run();
    const put = store.stmt(
      "INSERT OR REPLACE INTO collections (id, name, parent_id, url, updated_at) VALUES (?, ?, ?, ?, ?)",
    );
    for (const c of collections) put.run(c.id, c.name, c.parentId, c.url, c.updatedAt);
  });
}

export function listCollections(store: Store): Collection[] {
  return (store.stmt("SELECT * FROM collections ORDER BY name").all() as Record<
    string,
    SQLInputValue
  >[]).map((r) => ({
    id: String(r.id),
    name: String(r.name),
    parentId: r.parent_id === null ? null : String(r.parent_id),
    url: r.url === null ? null : String(r.url),
    updatedAt: Number(r.updated_at),
  }));
}

/** Names of the collections an article sits in, outermost first; unknown ids are left out. */
export function collectionNames(store: Store, parentIds: readonly string[]): string[] {
  const q = store.stmt("SELECT name FROM collections WHERE id = ?");
  return parentIds.flatMap((id) => {
    const row = q.get(id) as { name: string } | undefined;
    return row ? [row.name] : [];
  });
}

export function searchArticles(
  store: Store,
  f: ArticleFilters,
): { total: number; hits: ArticleHit[] } {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  if (!f.includeDrafts) where.push("t.state = 'published'");
  if (f.locale !== null) {
    where.push("t.locale = ?");
    params.push(f.locale);
  } else if (f.match === null) where.push("t.position = 0");
  if (f.collectionIds) {
    where.push(
      `EXISTS (SELECT 1 FROM json_each(a.parent_ids) p WHERE CAST(p.value AS TEXT) IN
         (SELECT value FROM json_each(?)))`,
    );
    params.push(JSON.stringify(f.collectionIds));
  }
  const whereSql = where.length ? `AND ${where.join(" AND ")}` : "";
  let total: number;
  // Each article once, in the default language when that matched, else its first language that did.
  let page: { id: string; pos: number }[];
  if (f.match !== null) {
    // Rank every language's text, then keep each article's best score.
    const hits = `WITH hits AS MATERIALIZED (
        SELECT rowid, bm25(article_index, ${WEIGHTS}) AS score FROM article_index
        WHERE article_index MATCH ?)`;
    const from = `FROM hits h JOIN article_texts t ON t.rowid = h.rowid
      JOIN articles a ON a.id = t.article_id WHERE 1 ${whereSql}`;
    total = Number(
      (store.stmt(`${hits} SELECT count(DISTINCT t.article_id) AS n ${from}`)
        .get(f.match, ...params) as { n: number }).n,
    );
    page = store.stmt(
      `${hits} SELECT t.article_id AS id, min(t.position) AS pos, min(h.score) AS best,
         a.updated_at AS updated ${from}
       GROUP BY t.article_id ORDER BY best, updated DESC, t.article_id LIMIT ? OFFSET ?`,
    ).all(f.match, ...params, f.limit, f.offset) as { id: string; pos: number }[];
  } else {
    const from = `FROM article_texts t JOIN articles a ON a.id = t.article_id WHERE 1 ${whereSql}`;
    total = Number(
      (store.stmt(`SELECT count(DISTINCT t.article_id) AS n ${from}`).get(...params) as {
        n: number;
      }).n,
    );
    page = store.stmt(
      `SELECT t.article_id AS id, min(t.position) AS pos, a.updated_at AS updated ${from}
       GROUP BY t.article_id ORDER BY updated DESC, t.article_id DESC LIMIT ? OFFSET ?`,
    ).all(...params, f.limit, f.offset) as { id: string; pos: number }[];
  }
  const pattern = f.match === null ? null : snippetPattern(f.terms);
  const read = store.stmt(
    `SELECT t.*, a.parent_ids FROM article_texts t JOIN articles a ON a.id = t.article_id
     WHERE t.article_id = ? AND t.position = ?`,
  );
  const hits = page.map(({ id, pos }) => {
    const r = read.get(id, pos) as Record<string, SQLInputValue>;
    return {
      id: String(r.article_id),
      locale: String(r.locale),
      title: String(r.title),
      description: String(r.description),
      state: String(r.state),
      url: r.url === null ? null : String(r.url),
      updatedAt: Number(r.updated_at),
      parentIds: JSON.parse(String(r.parent_ids)) as string[],
      // The title is shown apart: the snippet is the passage of the body that matched.
      snippet: makeSnippet([String(r.body)], pattern)
        .replace(/\s+/g, " ").trim(),
    };
  });
  return { total, hits };
}

/**
 * Which of the articles `ids` hold `fts` (one term of a question), in any language: with one
 * call a term, how many of a question's words each article of a page holds.
 */
export function articlesHolding(store: Store, fts: string, ids: readonly string[]): Set<string> {
  const rows = store.stmt(
    `SELECT DISTINCT t.article_id AS id FROM article_index
       JOIN article_texts t ON t.rowid = article_index.rowid
     WHERE article_index MATCH ? AND t.article_id IN (SELECT value FROM json_each(?))`,
  ).all(fts, JSON.stringify(ids)) as { id: string }[];
  return new Set(rows.map((r) => String(r.id)));
}

export function getArticle(store: Store, id: string): CachedArticle | null {
  const a = store.stmt(
    "SELECT a.*, (SELECT name FROM admins WHERE id = a.author_id) AS author_name FROM articles a WHERE a.id = ?",
  ).get(id) as
    | Record<string, SQLInputValue>
    | undefined;
  if (!a) return null;
  const texts = (store.stmt("SELECT * FROM article_texts WHERE article_id = ? ORDER BY position")
    .all(id) as Record<string, SQLInputValue>[]).map((t) => ({
      locale: String(t.locale),
      title: String(t.title),
      description: String(t.description),
      body: String(t.body),
      state: String(t.state),
      url: t.url === null ? null : String(t.url),
      updatedAt: Number(t.updated_at),
    }));
  const parentIds = JSON.parse(String(a.parent_ids)) as string[];
  return {
    id: String(a.id),
    state: String(a.state),
    parentIds,
    authorId: a.author_id === null ? null : String(a.author_id),
    createdAt: Number(a.created_at),
    updatedAt: Number(a.updated_at),
    tags: JSON.parse(String(a.tags)) as string[],
    texts,
    collection: collectionNames(store, parentIds),
    authorName: a.author_name === null ? null : String(a.author_name),
    syncedAt: Number(a.synced_at),
  };
}

export function articleStats(
  store: Store,
): { articles: number; published: number; collections: number; languages: number } {
  const r = store.stmt(
    `SELECT (SELECT count(*) FROM articles) AS articles,
       (SELECT count(*) FROM articles WHERE state = 'published') AS published,
       (SELECT count(*) FROM collections) AS collections,
       (SELECT count(DISTINCT locale) FROM article_texts) AS languages`,
  ).get() as Record<string, number>;
  return {
    articles: Number(r.articles),
    published: Number(r.published),
    collections: Number(r.collections),
    languages: Number(r.languages),
  };
}
