// get_conversation: one conversation, in order, as a page of full text or as an outline; read
// from Intercom once if not cached.

import { z } from "zod";
import { ConversationIdError, conversationIdFrom } from "../conversation/load.ts";
import { conversationView } from "../conversation/schema.ts";
import {
  outlineView,
  renderConversation,
  renderOutline,
  viewConversation,
} from "../conversation/view.ts";
import { freshnessSchema } from "../sync/freshness.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

export const MAX_ENTRIES = 500;
export const DEFAULT_ENTRIES = 50;
export const DEFAULT_OUTLINE_ENTRIES = 90;

export const getConversation = defineTool({
  name: "get_conversation",
  title: "Read an Intercom conversation",
  description:
    "One conversation's thread in order: the opening message, replies and internal notes, each " +
    "with its author's role (customer, teammate, bot), name and time. Takes an id or an " +
    "Intercom inbox URL. Long threads come in pages (next_offset); outline=true gives one line " +
    "an entry first, to find where to read. Events (assignments, state changes) are left out " +
    "unless include_events=true. A conversation not cached yet is read from Intercom once.",
  inputSchema: {
    conversation_id: z.union([z.string().max(2000), z.number().int().nonnegative()]).describe(
      "The conversation id (e.g. 215470000123) or its Intercom inbox URL",
    ),
    offset: z.number().int().min(0).max(1_000_000).optional().describe(
      "First entry to return (0 = the opening message); default 0",
    ),
    limit: z.number().int().min(1).max(MAX_ENTRIES).optional().describe(
      `Entries to return, default ${DEFAULT_ENTRIES} (${DEFAULT_OUTLINE_ENTRIES} in an outline), at most ${MAX_ENTRIES}`,
    ),
    outline: z.boolean().optional().describe(
      "One line an entry (who, when, how it starts; texts cut to their start in the result too) instead of the full text; default false",
    ),
    include_events: z.boolean().optional().describe(
      "Also show assignments, state changes and bot prompts; default false",
    ),
  },
  outputSchema: {
    ...conversationView,
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
    const loaded = await ctx.loadConversation(id, ctx.signal);
    if (!loaded) {
      throw new ConversationIdError(
        `conversation ${id} was not found in the cache${
          ctx.canAskIntercom ? " or in Intercom" : ""
        }`,
      );
    }
    const full = viewConversation(loaded.cached, {
      url: ctx.conversationUrl(id),
      offset: args.offset ?? 0,
      limit: args.limit ?? (args.outline ? DEFAULT_OUTLINE_ENTRIES : DEFAULT_ENTRIES),
      includeEvents: args.include_events ?? false,
    });
    const view = args.outline ? outlineView(full) : full;
    return {
      structured: {
        ...view,
        source: loaded.fetched ? "intercom" as const : "cache" as const,
        freshness,
      },
      text: args.outline ? renderOutline(view) : renderConversation(view),
    };
  },
});
