// search_articles: ranked full-text search over the cached help-center articles.

import { z } from "zod";
import { iso } from "../time.ts";
import {
  type ArticleHit,
  collectionNames,
  listCollections,
  searchArticles,
} from "../store/articles.ts";
import type { Store } from "../store/store.ts";
import { missingNote } from "../sync/kinds.ts";
import { LookupError } from "./lookup_error.ts";
import { freshnessSchema } from "../sync/freshness.ts";
import { pageArgs, pagedSearchSchema, readQuery } from "./paged_search.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

export const MAX_ARTICLES = 50;
const DEFAULT_ARTICLES = 10;

const hit = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  collection: z.array(z.string()).describe("Collection and section, outermost first"),
  locale: z.string().describe(
    'The language that matched best ("" when the help center names none)',
  ),
  state: z.string().describe("published or draft"),
  updated_at: z.string(),
  url: z.string().nullable().describe("The article in the public help center"),
  snippet: z.string().describe("Matched words in **bold**"),
});

/** A collection by id or name (case-folded), with every section under it. */
export function collectionScope(store: Store, nameOrId: string): string[] {
  const all = listCollections(store);
  const wanted = nameOrId.trim().toLowerCase();
  const roots = all.filter((c) => c.id === nameOrId.trim() || c.name.toLowerCase() === wanted);
  if (!roots.length) {
    throw new LookupError(
      `no collection is named "${nameOrId}"; the collections are: ${
        all.filter((c) => !c.parentId).map((c) => c.name).join(", ") || "none cached"
      }`,
    );
  }
  const ids = new Set(roots.map((c) => c.id));
  // Sections nest a level or two; a few passes reach them all.
  for (let pass = 0; pass < 5; pass++) {
    for (const c of all) if (c.parentId && ids.has(c.parentId)) ids.add(c.id);
  }
  return [...ids];
}

export const searchArticlesTool = defineTool({
  name: "search_articles",
  title: "Search help-center articles",
  description:
    "Full-text search over the cached Intercom help-center articles (title, description and " +
    'body, in every language the help center has), ranked by relevance. Use "quotes" for a ' +
    "phrase and word* for a prefix; leave query empty to list the newest. Published articles " +
    "only unless include_drafts. Use get_article to read one whole.",
  inputSchema: {
    query: z.string().max(10_000).optional().describe(
      'Words to find, e.g. "refund card", "\\"single sign-on\\"", "invoice*"',
    ),
    collection: z.string().max(1000).optional().describe(
      "Only articles in this collection or section (name or id), its sections included",
    ),
    locale: z.string().max(20).optional().describe('Only this language, e.g. "en", "fr"'),
    include_drafts: z.boolean().optional().describe("Search draft articles too (default false)"),
    ...pageArgs(MAX_ARTICLES, DEFAULT_ARTICLES),
  },
  outputSchema: {
    ...pagedSearchSchema,
    articles: z.array(hit),
    note: z.string().nullable().describe("Why articles are missing from the cache, when they are"),
    freshness: freshnessSchema,
  },
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const freshness = await ctx.freshCache();
    const store = ctx.store;
    const { query, nothing, ...parsed } = readQuery(args.query);
    const limit = args.limit ?? DEFAULT_ARTICLES;
    const offset = args.offset ?? 0;
    const { total, hits } = store.snapshot(() =>
      nothing ? { total: 0, hits: [] as ArticleHit[] } : searchArticles(
        store,
        {
          match: parsed.match,
          terms: parsed.terms,
          collectionIds: args.collection ? collectionScope(store, args.collection) : null,
          locale: args.locale?.trim() ?? null,
          includeDrafts: args.include_drafts === true,
          limit,
          offset,
        },
      )
    );
    const articles = hits.map((h) => ({
      id: h.id,
      title: h.title,
      description: h.description,
      collection: collectionNames(store, h.parentIds),
      locale: h.locale,
      state: h.state,
      updated_at: iso(h.updatedAt),
      url: h.url,
      snippet: h.snippet,
    }));
    const next = offset + articles.length < total ? offset + articles.length : null;
    const note = missingNote(store, "articles");
    const lines = articles.map((a, i) =>
      `${offset + i + 1}. [${a.id}] ${a.title}${
        a.collection.length ? ` (${a.collection.join(" › ")})` : ""
      }${a.state === "published" ? "" : ` [${a.state}]`}${
        a.locale ? ` {${a.locale}}` : ""
      }\n   ${a.snippet}${a.url ? `\n   ${a.url}` : ""}`
    );
    const head = `${total} article${total === 1 ? "" : "s"}${
      parsed.terms.length ? ` for ${parsed.terms.join(" ")}` : ""
    }${articles.length < total ? `, showing ${offset + 1}-${offset + articles.length}` : ""}`;
    return {
      structured: {
        query,
        terms: parsed.terms,
        total,
        returned: articles.length,
        offset,
        next_offset: next,
        articles,
        note,
        freshness,
      },
      text: [head, ...lines, ...(note ? [note] : [])].join("\n"),
    };
  },
});
