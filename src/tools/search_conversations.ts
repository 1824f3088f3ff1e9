// search_conversations: ranked full-text search over every message in the cache, with filters.

import { renderSearch } from "../search/render.ts";
import { searchInput, searchOutput } from "../search/schema.ts";
import { search } from "../search/search.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

export const searchConversations = defineTool({
  name: "search_conversations",
  title: "Search Intercom conversations",
  description:
    "Search every message of every cached Intercom conversation (subject, opening message, " +
    "replies, internal notes), best matches first. Ask as you would a colleague: a question " +
    '("customer charged twice for the subscription") finds conversations holding all its ' +
    'words first, then most of them. "A phrase" in quotes, word* for a prefix, +word to require ' +
    "a word, match=all to require every word. Narrow with timeframe (a message written then), " +
    "customer_email, state, assignee, team, tag, priority. similar_to=ID finds conversations " +
    "like one you have. Leave query empty to list by filters (newest first). Answers from the " +
    "local cache in milliseconds; get_conversation reads a whole thread.",
  inputSchema: searchInput,
  outputSchema: searchOutput,
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const result = search({
      store: ctx.store,
      now: new Date(ctx.now() * 1000),
      freshness: await ctx.freshCache(),
      conversationUrl: (id) => ctx.conversationUrl(id),
    }, args);
    return { structured: result, text: renderSearch(result) };
  },
});
