// Turns Intercom's help-center JSON (`GET /articles`, `GET /help_center/collections`) into the
// domain model, as defensively as conversations: a shape that cannot be one is a
// ResponseShapeError.

import type { Article, ArticleText, Collection } from "../model.ts";
import { htmlToText, plain } from "./html.ts";
import {
  arr,
  isObject,
  obj,
  optionalId,
  requiredId,
  ResponseShapeError,
  seconds,
  str,
  tags,
} from "./parse.ts";

type Json = Record<string, unknown>;

/** One page of a page-numbered list (`GET /articles`, `GET /help_center/collections`). */
export interface NumberedPage<T> {
  items: T[];
  totalCount: number | null;
  /** More pages follow: `page` is below `total_pages`, or a `next` link is given. */
  hasNext: boolean;
}

function numberedPage<T>(v: unknown, what: string, item: (x: Json) => T): NumberedPage<T> {
  if (!isObject(v) || !Array.isArray(v.data)) {
    throw new ResponseShapeError(`a list of ${what} with a data array was expected`);
  }
  const pages = obj(v.pages);
  const page = seconds(pages.page);
  const total = seconds(pages.total_pages);
  const next = pages.next;
  const linked = (typeof next === "string" && next !== "") || isObject(next);
  return {
    items: v.data.filter(isObject).map(item),
    totalCount: seconds(v.total_count),
    hasNext: v.data.length > 0 &&
      (page !== null && total !== null ? page < total : linked),
  };
}

function articleText(c: Json, fallback: { locale: string; updatedAt: number }): ArticleText {
  return {
    locale: fallback.locale,
    title: htmlToText(str(c.title) ?? ""),
    description: htmlToText(str(c.description) ?? ""),
    body: htmlToText(str(c.body) ?? ""),
    state: str(c.state) ?? "draft",
    url: str(c.url) || null,
    updatedAt: seconds(c.updated_at) ?? fallback.updatedAt,
  };
}

export function parseArticle(v: unknown): Article {
  if (!isObject(v)) throw new ResponseShapeError("an article was expected, got no object");
  const a = v;
  const id = requiredId(a.id, "an article");
  const updatedAt = seconds(a.updated_at);
  if (updatedAt === null) throw new ResponseShapeError(`article ${id} has no updated_at`);
  const locale = str(a.default_locale) ?? "";
  const texts = [articleText(a, { locale, updatedAt })];
  for (const [key, value] of Object.entries(obj(a.translated_content))) {
    // Keys are locales, beside a `type`; the default language is the article's own fields.
    if (key === "type" || key === locale || !isObject(value)) continue;
    texts.push(articleText(value, { locale: key, updatedAt }));
  }
  return {
    id,
    state: str(a.state) ?? "draft",
    parentIds: arr(a.parent_ids).flatMap((p) => optionalId(p) ?? []),
    authorId: optionalId(a.author_id),
    createdAt: seconds(a.created_at) ?? updatedAt,
    updatedAt,
    tags: tags(a.tags).map((t) => t.name),
    texts,
  };
}

export function parseArticlePage(v: unknown): NumberedPage<Article> {
  return numberedPage(v, "articles", parseArticle);
}

export function parseCollectionPage(v: unknown): NumberedPage<Collection> {
  return numberedPage(v, "collections", (c) => ({
    id: requiredId(c.id, "a collection"),
    name: plain(str(c.name) ?? ""),
    parentId: optionalId(c.parent_id),
    url: str(c.url) || null,
    updatedAt: seconds(c.updated_at) ?? 0,
  }));
}
