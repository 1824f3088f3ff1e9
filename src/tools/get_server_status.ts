// get_server_status: what `status --json` shows.

import { renderStatus } from "../status.ts";
import { statusReportSchema } from "../status_schema.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

export const getServerStatus = defineTool({
  name: "get_server_status",
  title: "Cache and sync status",
  description:
    "The state of the local Intercom cache: workspace, how many conversations, messages, " +
    "contacts, companies, help-center articles and tickets it holds (and which the token may not read " +
    "and what permission would add them), its size, the oldest and newest conversation, the " +
    "last sync and its outcome, whether the data is stale and whether a sync runs now.",
  inputSchema: {},
  outputSchema: statusReportSchema,
  annotations: READS_CACHE,
  async handler(_args, ctx) {
    const report = await ctx.status();
    return { structured: report, text: renderStatus(report) };
  },
});
