// search_conversations: ranked full-text search over every message in the cache, with filters.

import { z } from "zod";
import { renderSearch } from "../search/render.ts";
import { DEFAULT_LIMIT, MAX_LIMIT, PRIORITIES, search, SORTS, STATES } from "../search/search.ts";
import { TIMEFRAME_FORMS } from "../search/timeframe.ts";
import { freshnessSchema } from "./schemas.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

const hit = z.object({
  id: z.string(),
  title: z.string(),
  state: z.string(),
  priority: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  customer_email: z.string().nullable(),
  customer_name: z.string().nullable(),
  assignee: z.string().nullable(),
  team: z.string().nullable(),
  tags: z.array(z.string()),
  messages: z.number().int(),
  snippet: z.string().describe("Matched words in **bold**, from the best-matching message"),
  url: z.string().nullable().describe("The conversation in Intercom's inbox"),
});

export const searchConversations = defineTool({
  name: "search_conversations",
  title: "Search Intercom conversations",
  description:
    "Full-text search over every message of every cached Intercom conversation (subject, opening " +
    "message, replies and internal notes), ranked by relevance, with filters. All words must " +
    'match; use "quotes" for a phrase and word* for a prefix. Leave query empty to list by ' +
    "filters only (newest first). Answers from the local cache in milliseconds and says how " +
    "fresh it is. Use get_conversation to read a whole thread.",
  inputSchema: {
    query: z.string().max(10_000).optional().describe(
      'Words to find in any message, e.g. "refund invoice", "\\"password reset\\"", "webhook*"',
    ),
    timeframe: z.string().max(1000).optional().describe(
      `Only conversations active in this period (local time). Forms: ${
        TIMEFRAME_FORMS.slice(0, 12).join("; ")
      }`,
    ),
    customer_email: z.string().max(1000).optional().describe("Only this customer's conversations"),
    state: z.enum(STATES).optional().describe("open, closed or snoozed"),
    assignee: z.string().max(1000).optional().describe(
      'Assigned teammate: name, email or id, or "unassigned"',
    ),
    team: z.string().max(1000).optional().describe("Assigned team: name or id"),
    tag: z.string().max(1000).optional().describe("Tag: name or id"),
    priority: z.enum(PRIORITIES).optional().describe("none, low, medium, high or urgent"),
    sort: z.enum(SORTS).optional().describe(
      "relevance (default when there is a query), newest or oldest (by last update)",
    ),
    limit: z.number().int().min(1).max(MAX_LIMIT).optional().describe(
      `Results per page, default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}`,
    ),
    cursor: z.string().max(1000).optional().describe(
      "next_cursor of a previous answer, for the next page",
    ),
  },
  outputSchema: {
    query: z.string().nullable(),
    terms: z.array(z.string()).describe("The search terms as understood"),
    timeframe: z.object({
      input: z.string(),
      meaning: z.string(),
      start: z.string().describe("ISO 8601 UTC, inclusive"),
      end: z.string().describe("ISO 8601 UTC, exclusive"),
    }).nullable().describe("The time range the timeframe meant"),
    filters: z.record(z.string(), z.string()),
    sort: z.enum(SORTS),
    total: z.number().int().describe("All matches, not only this page"),
    ranked_among: z.number().int().nullable().describe(
      "When a query matches more conversations than this, relevance ranks the most recently updated this many; null when all were ranked",
    ),
    returned: z.number().int(),
    offset: z.number().int(),
    next_cursor: z.string().nullable(),
    conversations: z.array(hit),
    freshness: freshnessSchema,
  },
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const result = search({
      store: ctx.app.store,
      now: new Date(ctx.app.now() * 1000),
      freshness: await ctx.freshCache(),
      conversationUrl: (id) => ctx.app.conversationUrl(id),
    }, args);
    return { structured: result, text: renderSearch(result) };
  },
});
