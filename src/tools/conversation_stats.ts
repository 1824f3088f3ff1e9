// conversation_stats: counts, response and close times, reopens, CSAT and Fin outcomes over the
// cached conversations, grouped, optionally beside the previous period.

import { z } from "zod";
import { TIMEFRAME_FORMS } from "../search/timeframe.ts";
import { renderStats } from "../stats/render.ts";
import { searchInput } from "../search/schema.ts";
import { statsOutputShape } from "../stats/schema.ts";
import { conversationStats, DEFAULT_GROUPS, GROUPINGS, MAX_GROUPS } from "../stats/stats.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

export const conversationStatsTool = defineTool({
  name: "conversation_stats",
  title: "Support statistics",
  description:
    "Numbers a support lead asks for, counted over every cached Intercom conversation in " +
    "milliseconds: volume, first response time and time to close (median and p90), reopen " +
    "rate, CSAT (average and share of 4–5) and Fin involvement and resolution, grouped by " +
    `${GROUPINGS.join(", ")}, with the same filters as search_conversations. Counts the ` +
    "conversations created in the timeframe; compare adds the previous period of equal length " +
    "and the change. Times are Intercom's own figures where it sent them and computed from the " +
    "thread where not; the answer counts each.",
  inputSchema: {
    query: z.string().max(10_000).optional().describe(
      "Only conversations with these words in any message, as in search_conversations",
    ),
    timeframe: z.string().max(1000).optional().describe(
      `Only conversations created in this period. Forms: ${
        TIMEFRAME_FORMS.slice(0, 12).join("; ")
      }`,
    ),
    timezone: z.string().max(100).optional().describe(
      'IANA time zone that the timeframe ("this month") and days, weeks and months are cut in, e.g. Europe/Paris; default the server\'s',
    ),
    customer_email: searchInput.customer_email,
    state: searchInput.state,
    assignee: searchInput.assignee,
    team: searchInput.team,
    tag: searchInput.tag,
    priority: searchInput.priority,
    channel: z.string().max(100).optional().describe(
      'Where it came in, as Intercom names the source: "conversation" (Messenger), "email", …',
    ),
    group_by: z.string().max(100).optional().describe(`One of: ${GROUPINGS.join(", ")}`),
    compare: z.boolean().optional().describe(
      "Also count the previous period of equal length, and the change (needs a timeframe)",
    ),
    limit: z.number().int().min(1).max(MAX_GROUPS).optional().describe(
      `Groups shown, biggest first, default ${DEFAULT_GROUPS}; days, weeks and months are all shown`,
    ),
  },
  outputSchema: statsOutputShape,
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const result = conversationStats({
      store: ctx.store,
      now: new Date(ctx.now() * 1000),
      freshness: await ctx.freshCache(),
    }, args);
    return { structured: result, text: renderStats(result) };
  },
});
