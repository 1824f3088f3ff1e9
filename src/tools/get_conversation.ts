// get_conversation: one conversation, whole, in order; read from Intercom once if not cached.

import { z } from "zod";
import { ConversationIdError, conversationIdFrom, loadConversation } from "../conversation/load.ts";
import { renderConversation, viewConversation } from "../conversation/view.ts";
import { freshnessSchema } from "./schemas.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

export const MAX_ENTRIES = 500;
export const DEFAULT_ENTRIES = 200;

const entry = z.object({
  index: z.number().int().describe("0 is the opening message"),
  id: z.string(),
  kind: z.enum(["message", "note", "event"]).describe("note: internal, never seen by the customer"),
  role: z.enum(["customer", "teammate", "bot", "system"]),
  author: z.string(),
  author_email: z.string().nullable(),
  time: z.string().describe("ISO 8601 UTC"),
  text: z.string().describe("The message, or the event in words"),
  attachments: z.array(z.string()),
});

export const getConversation = defineTool({
  name: "get_conversation",
  title: "Read an Intercom conversation",
  description:
    "The whole thread of one conversation: the opening message and every reply, note and event " +
    "in order, each with its author's role (customer, teammate, bot), name and time. Internal " +
    "notes are marked. Takes an id or an Intercom inbox URL. Long threads come in pages: pass " +
    "next_offset back as offset. A conversation not cached yet is read from Intercom once.",
  inputSchema: {
    conversation_id: z.union([z.string().max(2000), z.number().int().nonnegative()]).describe(
      "The conversation id (e.g. 215470000123) or its Intercom inbox URL",
    ),
    offset: z.number().int().min(0).max(1_000_000).optional().describe(
      "First thread entry to return (0 = the opening message); default 0",
    ),
    limit: z.number().int().min(1).max(MAX_ENTRIES).optional().describe(
      `Thread entries to return, default ${DEFAULT_ENTRIES}, at most ${MAX_ENTRIES}`,
    ),
  },
  outputSchema: {
    id: z.string(),
    title: z.string(),
    state: z.string(),
    priority: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    customer: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
    assignee: z.string().nullable(),
    team: z.string().nullable(),
    tags: z.array(z.string()),
    url: z.string().nullable(),
    truncated: z.boolean().describe(
      "Intercom cut the thread (it returns only the newest 500 parts) and older parts are missing",
    ),
    parts_in_intercom: z.number().int(),
    entries_total: z.number().int(),
    offset: z.number().int(),
    next_offset: z.number().int().nullable().describe(
      "Pass as offset for the next page; null at the end",
    ),
    entries: z.array(entry),
    synced_at: z.string(),
    source: z.enum(["cache", "intercom"]).describe(
      "intercom: not cached before; read now and cached",
    ),
    freshness: freshnessSchema,
  },
  // It reads from Intercom a conversation not cached yet: the open world.
  annotations: { ...READS_CACHE, openWorldHint: true },
  async handler(args, ctx) {
    const freshness = await ctx.freshCache();
    const id = conversationIdFrom(String(args.conversation_id));
    const loaded = await loadConversation(ctx.app, id, ctx.signal);
    if (!loaded) {
      throw new ConversationIdError(
        `conversation ${id} was not found in the cache${
          ctx.app.settings.accessToken ? " or in Intercom" : ""
        }`,
      );
    }
    const view = viewConversation(loaded.cached, {
      url: ctx.app.conversationUrl(id),
      offset: args.offset ?? 0,
      limit: args.limit ?? DEFAULT_ENTRIES,
    });
    return {
      structured: {
        ...view,
        source: loaded.fetched ? "intercom" as const : "cache" as const,
        freshness,
      },
      text: renderConversation(view),
    };
  },
});
