// The help center's sync. Intercom lists articles newest update first, with no updated-since
// filter, so an incremental sync reads pages only until it reaches articles older than the last
// listing (less an overlap) and the listing's count shows that nothing was added or deleted
// further down; otherwise it reads the whole listing, and cached articles absent from it are
// read once more to confirm they are gone. Collections are few: listed whole every time.

import type { IntercomClient } from "../intercom/client.ts";
import { ROUTES } from "../intercom/routes.ts";
import {
  articleUpdatedAt,
  deleteArticles,
  replaceCollections,
  saveArticle,
} from "../store/articles.ts";
import type { Store } from "../store/store.ts";
import type { Collection } from "../model.ts";
import type { KindCounts } from "./kinds.ts";

/** Intercom's default is 15 and it documents no maximum; 50 is a modest page. */
export const ARTICLES_PER_PAGE = 50;
const COLLECTIONS_PER_PAGE = 50;
/** Covers clock skew between here and Intercom, and edits landing while a listing pages. */
const OVERLAP_SECONDS = 300;
/** Unix seconds when the last listing that left the cache whole started. */
export const ARTICLES_LISTED_AT = "articles_listed_at";

export async function syncArticles(
  store: Store,
  client: IntercomClient,
  now: number,
  signal: AbortSignal,
): Promise<KindCounts> {
  const before = client.counts.attempts;
  const collections: Collection[] = [];
  const first = { page: 1, perPage: COLLECTIONS_PER_PAGE };
  for await (const page of client.pages(ROUTES.collections, first, signal)) {
    collections.push(...page.items);
  }
  const counts: KindCounts = { newCount: 0, changedCount: 0, deletedCount: 0, requests: 0 };
  const cached = articleUpdatedAt(store);
  const listedAt = store.getState(ARTICLES_LISTED_AT);
  const settled = listedAt === null ? null : Number(listedAt) - OVERLAP_SECONDS;
  const seen = new Set<string>();
  let sorted = true;
  let previous = Infinity;
  let complete = false;
  let consistent = true;
  const pages = client.pages(ROUTES.articles, { page: 1, perPage: ARTICLES_PER_PAGE }, signal);
  for await (const result of pages) {
    for (const a of result.items) {
      if (a.updatedAt > previous) sorted = false;
      previous = a.updatedAt;
      // Page numbers shift when an article moves while we page: seen twice means one may be missed.
      if (seen.has(a.id)) consistent = false;
      seen.add(a.id);
      if (cached.get(a.id) === a.updatedAt) continue;
      if (saveArticle(store, a, now) === "new") counts.newCount++;
      else counts.changedCount++;
    }
    if (!result.hasNext) {
      complete = true;
      if (result.totalCount !== null && result.totalCount !== seen.size) consistent = false;
      break;
    }
    // Everything further down is older than the last whole listing, so unchanged since; and
    // when the count adds up, nothing there was added or deleted either.
    const known = new Set([...cached.keys(), ...seen]).size;
    if (
      sorted && settled !== null && previous < settled && result.totalCount === known
    ) break;
  }
  if (complete) {
    const absent = [...cached.keys()].filter((id) => !seen.has(id));
    const gone: string[] = [];
    for (const id of absent) {
      const a = await client.getOrNull(ROUTES.article, id, signal);
      if (a === null) gone.push(id);
      else if (saveArticle(store, a, now) === "changed") counts.changedCount++;
    }
    counts.deletedCount = deleteArticles(store, gone);
  }
  replaceCollections(store, collections);
  if (consistent) store.setState(ARTICLES_LISTED_AT, String(now));
  counts.requests = client.counts.attempts - before;
  return counts;
}
