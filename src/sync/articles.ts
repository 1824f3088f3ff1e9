// The help center's sync. Intercom lists articles newest update first, with no updated-since
// filter: kept level as newest_first.ts does. Collections are few: listed whole every time.

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
import { syncNewestFirst } from "./newest_first.ts";

/** Intercom's default is 15 and it documents no maximum; 50 is a modest page. */
export const ARTICLES_PER_PAGE = 50;
const COLLECTIONS_PER_PAGE = 50;
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
  const found = await syncNewestFirst({
    store,
    markKey: ARTICLES_LISTED_AT,
    now,
    cached: articleUpdatedAt(store),
    pages: client.pages(ROUTES.articles, { page: 1, perPage: ARTICLES_PER_PAGE }, signal),
    save: (a) => saveArticle(store, a, now),
    reread: (id) => client.getOrNull(ROUTES.article, id, signal),
    drop: (ids) => deleteArticles(store, ids),
  });
  replaceCollections(store, collections);
  return { ...found, requests: client.counts.attempts - before };
}
