// search: the tool ChatGPT connectors and deep-research clients call, in the shape they
// document (a results list of id, title, url and text), over every kind of record the cache
// keeps (documents.ts): conversations, help-center articles, customers, tickets.
//
// How kinds are merged: each kind ranks its own records as its own search tool does. Results
// holding more of the question's words come first, whatever their kind; among those holding
// as many, the kinds take turns by their own rank (the first of each, then the second of
// each…). The kind that speaks to the question goes first in each turn: articles for a how-to
// question, customers for a short query a customer's name, email or company holds whole,
// tickets for a question naming tickets ("open tickets about exports", where every ticket holds
// the word "tickets"); otherwise conversations, then articles, then customers, then tickets.

import { z } from "zod";
import { DOCUMENT_KINDS, type DocumentKind, type KindHit } from "./documents.ts";
import { defineTool, READS_CACHE, type ToolContext } from "./tool.ts";

/** Results a search returns: enough to choose from, few enough to read. */
const RESULTS = 10;

const result = z.object({
  id: z.string().describe('Pass to fetch; the kind, a colon and its id, e.g. "article:8100004"'),
  kind: z.string().describe(`What it is: ${DOCUMENT_KINDS.map((k) => k.name).join(", ")}`),
  title: z.string(),
  url: z.string().describe(
    "Where it is in Intercom or the help center, or its intercom:// resource",
  ),
  text: z.string().describe("The best-matching passage, or what the record is"),
});

/** The kinds in the order they take turns for this question. */
function turnOrder(
  ctx: ToolContext,
  query: string,
  found: Map<DocumentKind, KindHit[]>,
): DocumentKind[] {
  const leading = DOCUMENT_KINDS.filter((k) => k.leads?.(ctx, query, found.get(k) ?? []) === true);
  return [...leading, ...DOCUMENT_KINDS.filter((k) => !leading.includes(k))];
}

/** Every kind's hits as one list, best first (see the top of this file). */
export function mergeHits(
  ctx: ToolContext,
  query: string,
  found: Map<DocumentKind, KindHit[]>,
): { kind: DocumentKind; hit: KindHit }[] {
  const order = turnOrder(ctx, query, found);
  const all = order.flatMap((kind, turn) =>
    (found.get(kind) ?? []).map((hit, rank) => ({ kind, hit, rank, turn }))
  );
  all.sort((a, b) => b.hit.held - a.hit.held || a.rank - b.rank || a.turn - b.turn);
  return all;
}

export const searchDocuments = defineTool({
  name: "search",
  title: "Search Intercom support history",
  description: `Finds the ${
    DOCUMENT_KINDS.map((k) => k.plural).join(", ")
  } of Intercom that best answer a question or match some words, from the local cache; each ` +
    "result says its kind, and fetch reads one whole. For filters, paging and match details " +
    "use search_conversations, search_articles, search_contacts or search_tickets.",
  inputSchema: {
    query: z.string().min(1).max(1000).describe(
      'A question or words, e.g. "customer charged twice for the subscription"',
    ),
  },
  outputSchema: { results: z.array(result) },
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const question = { query: args.query, limit: RESULTS, freshness: await ctx.freshCache() };
    const found = new Map(DOCUMENT_KINDS.map((k) => [k, k.search(ctx, question)]));
    const structured = {
      results: mergeHits(ctx, args.query, found).slice(0, RESULTS).map(({ kind, hit }) => ({
        id: `${kind.name}:${hit.id}`,
        kind: kind.name,
        title: hit.title,
        url: hit.url,
        text: hit.text,
      })),
    };
    // These clients read the text content as JSON.
    return { structured, text: JSON.stringify(structured) };
  },
});
