// `start`: the MCP server on stdio, for Claude Desktop and every other MCP client.

import { serveStdio } from "../../mcp/server.ts";
import { defineCommand } from "../command.ts";

export const start = defineCommand({
  name: "start",
  summary: "run the MCP server on stdio, for MCP clients",
  options: {},
  usage: `Runs the MCP server on stdio. stdout carries only MCP messages; logs go to stderr and the
log file. The cache is kept fresh in the background every background_sync_interval_minutes.`,
  async run(ctx) {
    await serveStdio(ctx.app(), ctx.io.signal, ctx.io.mcpInput);
    return 0;
  },
});
