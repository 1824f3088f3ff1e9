// What the paged searches of the cache beside conversations (search_articles,
// search_contacts) share: their page arguments, the head of their answer, and reading a query.

import { z } from "zod";
import { parseQuery } from "../store/fts_query.ts";

/** The head of a paged search answer (search_articles, search_contacts). */
export const pagedSearchSchema = {
  query: z.string().nullable(),
  terms: z.array(z.string()).describe("The search terms as understood"),
  total: z.number().int().describe("All matches, not only this page"),
  returned: z.number().int(),
  offset: z.number().int(),
  next_offset: z.number().int().nullable().describe("Pass as offset for the next page"),
};

/**
 * What was typed, trimmed (null when blank), as one FTS5 expression: every required term, and
 * any of the others, so a question of several words finds what holds most of them (BM25 sums
 * the score of each term a match holds, which ranks those first).
 */
export function readQuery(
  text: string | undefined,
): {
  query: string | null;
  match: string | null;
  /** The expression that requires every term: those holding all come first. */
  every: string | null;
  terms: string[];
  nothing: boolean;
} {
  const query = text?.trim() ? text.trim() : null;
  const terms = query ? parseQuery(query).terms : [];
  const required = terms.filter((t) => t.required).map((t) => t.fts);
  const optional = terms.filter((t) => !t.required).map((t) => t.fts);
  const parts = [...required, ...(optional.length ? [`(${optional.join(" OR ")})`] : [])];
  const match = parts.length ? parts.join(" AND ") : null;
  const every = match === null ? null : terms.map((t) => t.fts).join(" AND ");
  // Typed, but with no word to search: matches nothing, rather than listing everything.
  return {
    query,
    match,
    every,
    terms: terms.map((t) => t.text),
    nothing: query !== null && !match,
  };
}

/** The limit and offset arguments of a paged search. */
export function pageArgs(max: number, byDefault: number) {
  return {
    limit: z.number().int().min(1).max(max).optional().describe(
      `Results to return, default ${byDefault}, at most ${max}`,
    ),
    offset: z.number().int().min(0).max(1_000_000).optional().describe(
      "Results to skip, for the next page (default 0)",
    ),
  };
}
