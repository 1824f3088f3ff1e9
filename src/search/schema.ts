// The shapes of a conversation search, declared once: the MCP tools publish them, the search
// service and the CLI take their types from them.

import { z } from "zod";
import { freshnessSchema } from "../sync/freshness.ts";
import { TIMEFRAME_FORMS } from "./timeframe.ts";

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 150;
export const MAX_QUERY_LENGTH = 1000;
export const STATES = ["open", "closed", "snoozed"] as const;
export const PRIORITIES = ["none", "low", "medium", "high", "urgent"] as const;
export const SORTS = ["relevance", "newest", "oldest"] as const;
export const MATCHES = ["most", "all"] as const;

export const searchInput = {
  query: z.string().max(10_000).optional().describe(
    'A question or words, e.g. "customer charged twice for the subscription", "refund invoice", ' +
      '"\\"password reset\\"" (a phrase), "webhook*" (a prefix), "+sso login" (+ requires a word)',
  ),
  match: z.enum(MATCHES).optional().describe(
    "most (default): conversations holding every word first, then most of them; all: only those holding every word",
  ),
  similar_to: z.string().max(200).optional().describe(
    "A conversation id: find the conversations most like it instead of a query",
  ),
  timeframe: z.string().max(1000).optional().describe(
    `Only conversations with a message written in this period. Forms: ${
      TIMEFRAME_FORMS.slice(0, 12).join("; ")
    }`,
  ),
  timezone: z.string().max(100).optional().describe(
    'IANA time zone that "today", "this week" and dates mean, e.g. Europe/Paris; default the server\'s',
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
};

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
  snippet: z.string().describe("Matched words in **bold**, from the best-matching passage"),
  matched: z.array(z.string()).describe("The query's terms this conversation holds"),
  url: z.string().nullable().describe("The conversation in Intercom's inbox"),
});

export const searchOutput = {
  query: z.string().nullable(),
  similar_to: z.string().nullable().describe(
    "The conversation a more-like-this search started from",
  ),
  match: z.enum(MATCHES),
  terms: z.array(z.string()).describe("The search terms as understood"),
  ignored: z.array(z.string()).describe(
    'Words of the query too common to decide a match ("the", "for")',
  ),
  timeframe: z.object({
    input: z.string(),
    meaning: z.string(),
    start: z.string().describe("ISO 8601 UTC, inclusive"),
    end: z.string().describe("ISO 8601 UTC, exclusive"),
  }).nullable().describe("The time range the timeframe meant"),
  filters: z.record(z.string(), z.string()),
  sort: z.enum(SORTS),
  total: z.number().int().describe("All matches, not only this page"),
  returned: z.number().int(),
  offset: z.number().int(),
  next_cursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last"),
  conversations: z.array(hit),
  freshness: freshnessSchema,
};

export type SearchInput = z.infer<z.ZodObject<typeof searchInput>>;
export type SearchOutput = z.infer<z.ZodObject<typeof searchOutput>>;
export type SearchHit = z.infer<typeof hit>;
