// The real MCP SDK client for tests, re-exported with its types, and a way to start the real
// server over real stdio.

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "../src/mcp/sdk.ts";
import { assert, assertMatch } from "./assert.ts";
import { programArgs } from "./program.ts";

export { Client };

/** An initialize request as a client's first POST carries it, for requests written by hand. */
export const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "raw", version: "0" },
  },
});

export interface Connected {
  client: Client;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  /** The server's process id, for reading its memory use. */
  pid: number | null;
  close(): Promise<void>;
}

export async function connectServer(
  env: Record<string, string>,
  extraNet?: string[],
): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: programArgs(["start"], extraNet),
    env: { NO_COLOR: "1", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Uint8Array) => {
    stderr += new TextDecoder().decode(chunk);
  });
  const client = new Client({ name: "fast-intercom-mcp-tests", version: "0.0.0" });
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    get pid() {
      return transport.pid;
    },
    close: async () => {
      await client.close();
    },
  };
}

// deno-lint-ignore no-explicit-any
type Json = any;

/** Calls a connected server's tools, asserting the outcome: an answer, or a clear refusal. */
export interface Caller {
  /** The structured answer; fails the test when the call is an error or has no text. */
  ok(name: string, args: Record<string, unknown>): Promise<Json>;
  /** The refusal's text: a tool error, or the JSON-RPC error of arguments the schema refuses. */
  fails(name: string, args: Record<string, unknown>): Promise<string>;
}

export function caller(s: Connected): Caller {
  const text = (r: CallToolResult) =>
    r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  return {
    async ok(name, args) {
      const r = await s.client.callTool({ name, arguments: args }) as CallToolResult;
      assert(!r.isError, `${name} ${JSON.stringify(args)} failed: ${text(r)}`);
      assert(text(r).length > 0, "a text rendering comes with the answer");
      return r.structuredContent;
    },
    async fails(name, args) {
      try {
        const r = await s.client.callTool({ name, arguments: args }) as CallToolResult;
        assert(r.isError, `${name} ${JSON.stringify(args)} should fail: ${text(r)}`);
        return text(r);
      } catch (e) {
        assertMatch((e as Error).message, /-32602|invalid/i);
        return (e as Error).message;
      }
    },
  };
}
