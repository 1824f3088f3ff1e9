// fetch: the companion of the search tool for ChatGPT connectors and deep-research clients: one
// conversation as a document (id, title, text, url, metadata).

import { z } from "zod";
import { ConversationIdError, conversationIdFrom } from "../conversation/load.ts";
import { renderConversation, viewConversation } from "../conversation/view.ts";
import { MAX_ENTRIES } from "./get_conversation.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

export const fetchDocument = defineTool({
  name: "fetch",
  title: "Fetch an Intercom conversation",
  description:
    "One Intercom conversation as a document: its whole thread as text (who wrote what, when), " +
    "with its state, customer, assignee and tags as metadata. Takes an id from search.",
  inputSchema: {
    id: z.string().min(1).max(2000).describe("An id from search, or an Intercom inbox URL"),
  },
  outputSchema: {
    id: z.string(),
    title: z.string(),
    text: z.string(),
    url: z.string(),
    metadata: z.record(z.string(), z.string()).describe(
      "state, priority, created_at, updated_at, customer, assignee, team, tags, messages",
    ),
  },
  annotations: { ...READS_CACHE, openWorldHint: true },
  async handler(args, ctx) {
    const id = conversationIdFrom(args.id.replace(/^conversation:/, ""));
    const loaded = await ctx.loadConversation(id, ctx.signal);
    if (!loaded) throw new ConversationIdError(`conversation ${id} was not found`);
    const view = viewConversation(loaded.cached, {
      url: ctx.conversationUrl(id),
      limit: MAX_ENTRIES,
    });
    const metadata: Record<string, string> = {
      state: view.state,
      priority: view.priority,
      created_at: view.created_at,
      updated_at: view.updated_at,
      messages: String(view.entries.filter((e) => e.kind !== "event").length),
    };
    const customer = [view.customer.name, view.customer.email].filter(Boolean).join(" ");
    if (customer) metadata.customer = customer;
    if (view.assignee) metadata.assignee = view.assignee;
    if (view.team) metadata.team = view.team;
    if (view.tags.length) metadata.tags = view.tags.join(", ");
    const structured = {
      id: view.id,
      title: view.title,
      text: renderConversation(view),
      url: view.url ?? `intercom://conversation/${view.id}`,
      metadata,
    };
    return { structured, text: JSON.stringify(structured) };
  },
});
