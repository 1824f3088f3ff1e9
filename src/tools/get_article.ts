// get_article: one help-center article, whole, in the language asked for, from the cache.

import { z } from "zod";
import { iso } from "../time.ts";
import { type CachedArticle, getArticle } from "../store/articles.ts";
import type { Store } from "../store/store.ts";
import { missingNote } from "../sync/kinds.ts";
import { LookupError } from "./lookup_error.ts";
import { freshnessSchema } from "../sync/freshness.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

/** An id, or a help-center URL (…/articles/8100004-how-refunds-work). */
export function articleIdFrom(input: string): string {
  const text = input.trim();
  const fromUrl = text.match(/\/articles\/(\d+)(?:-[^/?#]*)?(?:[/?#]|$)/);
  const id = fromUrl ? fromUrl[1] : text;
  if (!/^\d{1,20}$/.test(id)) {
    throw new LookupError(
      `"${text.slice(0, 100)}" is not an article id (digits) or a help-center article URL`,
    );
  }
  return id;
}

export interface ArticleView {
  id: string;
  title: string;
  description: string;
  body: string;
  collection: string[];
  state: string;
  locale: string;
  author: string | null;
  tags: string[];
  created_at: string;
  updated_at: string;
  url: string | null;
  translations: { locale: string; title: string; state: string; url: string | null }[];
  synced_at: string;
}

/** The article in `locale` (default: its default language); an error names the languages it has. */
export function viewArticle(store: Store, id: string, locale?: string): ArticleView {
  const a: CachedArticle | null = getArticle(store, id);
  if (!a) {
    const note = missingNote(store, "articles");
    throw new LookupError(`article ${id} is not in the cache${note ? `; ${note}` : ""}`);
  }
  const text = locale === undefined ? a.texts[0] : a.texts.find((t) => t.locale === locale);
  if (!text) {
    throw new LookupError(
      `article ${id} has no "${locale}" content; it has: ${
        a.texts.map((t) => t.locale).join(", ")
      }`,
    );
  }
  return {
    id: a.id,
    title: text.title,
    description: text.description,
    body: text.body,
    collection: a.collection,
    state: text.state,
    locale: text.locale,
    author: a.authorName ?? a.authorId,
    tags: a.tags,
    created_at: iso(a.createdAt),
    updated_at: iso(text.updatedAt),
    url: text.url,
    translations: a.texts.filter((t) => t !== text).map((t) => ({
      locale: t.locale,
      title: t.title,
      state: t.state,
      url: t.url,
    })),
    synced_at: iso(a.syncedAt),
  };
}

export function renderArticle(v: ArticleView): string {
  const about = [
    v.collection.length ? v.collection.join(" › ") : "no collection",
    v.state,
    v.locale || null,
    `updated ${v.updated_at}`,
    v.author ? `by ${v.author}` : null,
  ].filter(Boolean).join(", ");
  return [
    `# ${v.title} [article ${v.id}]`,
    about,
    ...(v.url ? [v.url] : []),
    ...(v.description ? ["", v.description] : []),
    "",
    v.body,
    ...(v.translations.length
      ? ["", `Also in: ${v.translations.map((t) => `${t.locale} (${t.title})`).join("; ")}`]
      : []),
  ].join("\n");
}

export const getArticleTool = defineTool({
  name: "get_article",
  title: "Read a help-center article",
  description:
    "One Intercom help-center article from the cache, whole: title, description, body as " +
    "plain text, collection, state, author, times, its public URL and the other languages it " +
    "is written in. Takes an id or a help-center article URL; locale picks a translation.",
  inputSchema: {
    article_id: z.union([z.string().max(2000), z.number().int().nonnegative()]).describe(
      "The article id (e.g. 8100004) or its help-center URL",
    ),
    locale: z.string().max(20).optional().describe(
      'The language to read, e.g. "fr"; default the help center\'s default language',
    ),
  },
  outputSchema: {
    id: z.string(),
    title: z.string(),
    description: z.string(),
    body: z.string().describe("Plain text; links as label (url)"),
    collection: z.array(z.string()).describe("Collection and section, outermost first"),
    state: z.string().describe("published or draft"),
    locale: z.string(),
    author: z.string().nullable(),
    tags: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
    url: z.string().nullable(),
    translations: z.array(z.object({
      locale: z.string(),
      title: z.string(),
      state: z.string(),
      url: z.string().nullable(),
    })).describe("The other languages of this article"),
    synced_at: z.string(),
    freshness: freshnessSchema,
  },
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const freshness = await ctx.freshCache();
    const id = articleIdFrom(String(args.article_id));
    const view = viewArticle(ctx.store, id, args.locale?.trim() || undefined);
    return { structured: { ...view, freshness }, text: renderArticle(view) };
  },
});
