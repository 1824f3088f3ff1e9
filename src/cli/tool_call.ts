// The command line's way to the records beside conversations (src/tools/documents.ts): the
// kind's tool called as the MCP server calls it, its answer printed as the tool's text or, with
// --json, as its structured content.

import { callContext } from "../mcp/server.ts";
import type { ToolCall } from "../tools/documents.ts";
import { LookupError } from "../tools/lookup_error.ts";
import { callTool, ToolArgumentError } from "../tools/tool.ts";
import { type CommandContext, CommandFailed, UsageError } from "./command.ts";

/** The tools' argument names as the command line spells them. */
const FLAGS: Record<string, string> = { query: "QUERY", limit: "--limit", offset: "--offset" };

export async function printToolCall(
  ctx: CommandContext,
  call: ToolCall,
  json: boolean,
): Promise<number> {
  let result;
  try {
    result = await callTool(call.tool, call.args, callContext(ctx.app(), ctx.io.signal));
  } catch (e) {
    if (e instanceof ToolArgumentError) {
      throw new UsageError(e.message.replace(/\b[a-z_]+(?=: )/g, (name) => FLAGS[name] ?? "ID"));
    }
    // Nothing cached answers to it: the message says what was asked and what would answer.
    if (e instanceof LookupError) throw new CommandFailed(e.message);
    throw e;
  }
  ctx.out(json ? JSON.stringify(result.structured, null, 2) : result.text);
  return 0;
}
