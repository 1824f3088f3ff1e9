// search: the tool ChatGPT connectors and deep-research clients call, in the shape they
// document (a results list of id, title and url), answered by the conversation search.

import { z } from "zod";
import { search as searchConversations } from "../search/search.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

/** Results a search returns: enough to choose from, few enough to read. */
const RESULTS = 10;

const result = z.object({
  id: z.string().describe("Pass to fetch"),
  title: z.string(),
  url: z.string().describe("The conversation in Intercom's inbox, or its intercom:// resource"),
  text: z.string().describe("The best-matching passage"),
});

export const searchDocuments = defineTool({
  name: "search",
  title: "Search Intercom support history",
  description:
    "Finds the Intercom conversations that best answer a question or match some words, from " +
    "the local cache; fetch reads one whole. For filters, paging and match details use " +
    "search_conversations.",
  inputSchema: {
    query: z.string().min(1).max(1000).describe(
      'A question or words, e.g. "customer charged twice for the subscription"',
    ),
  },
  outputSchema: { results: z.array(result) },
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const found = searchConversations({
      store: ctx.store,
      now: new Date(ctx.now() * 1000),
      freshness: await ctx.freshCache(),
      conversationUrl: (id) => ctx.conversationUrl(id),
    }, { query: args.query, limit: RESULTS });
    const structured = {
      results: found.conversations.map((c) => ({
        id: c.id,
        title: c.title,
        url: c.url ?? `intercom://conversation/${c.id}`,
        text: c.snippet.replaceAll("**", ""),
      })),
    };
    // These clients read the text content as JSON.
    return { structured, text: JSON.stringify(structured) };
  },
});
