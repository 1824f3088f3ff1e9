// `status`: the workspace, the cache and the last sync, for people or as JSON.

import { renderStatus, statusReport } from "../../status.ts";
import { defineCommand } from "../command.ts";

export const status = defineCommand({
  name: "status",
  summary: "workspace, cache size and counts, last sync, freshness",
  options: {
    json: { type: "boolean", help: "the report as JSON (what the get_server_status tool returns)" },
  },
  usage: `Shows the workspace and region, whether a token is set (never the token), conversation and
message counts, the cache's size on disk, the oldest and newest cached conversation, the last
sync and its outcome, whether a sync runs now, and what the permission fence allows.`,
  async run(ctx) {
    const report = await statusReport(ctx.app());
    ctx.out(ctx.options.json ? JSON.stringify(report, null, 2) : renderStatus(report));
    return 0;
  },
});
