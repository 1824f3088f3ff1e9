// sync_conversations: brings the cache up to date now, with progress; joins a running sync, or
// runs after it when it asks for more (force).

import { z } from "zod";
import { summaryJson, summaryLine } from "../sync/summary.ts";
import { defineTool } from "./tool.ts";

export const syncConversations = defineTool({
  name: "sync_conversations",
  title: "Sync the cache with Intercom",
  description:
    "Brings the local cache up to date with Intercom and says what changed. Incremental: only " +
    "conversations changed since the last sync are read. force re-reads the last " +
    "initial_sync_days in full (slow; rarely needed). A call made while a sync runs waits for " +
    "that sync, and a forced call then gets a forced sync of its own after it. Cancelling a " +
    "call stops the sync only when no other call waits for it. Sends progress notifications " +
    "when the request carries a progress token.",
  inputSchema: {
    force: z.boolean().optional().describe(
      "Re-read every conversation of the sync window, not only the changed ones (default false)",
    ),
  },
  outputSchema: {
    kind: z.enum(["initial", "incremental", "force"]),
    since: z.string().describe("Conversations updated since then were listed (ISO 8601 UTC)"),
    new: z.number().int(),
    changed: z.number().int(),
    deleted: z.number().int(),
    unchanged: z.number().int(),
    requests: z.number().int().describe("Requests made to Intercom"),
    duration_seconds: z.number(),
    conversations_cached: z.number().int(),
  },
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  async handler(args, ctx) {
    const s = await ctx.sync({
      force: args.force === true,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
    });
    const cached = ctx.store.conversationCount();
    // The tool's answer leaves out the retries, which `sync --json` shows for scripts.
    const { retries: _, ...structured } = summaryJson(s, cached);
    return { structured, text: summaryLine(s, cached) };
  },
});
