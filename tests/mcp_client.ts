// The real MCP SDK client for tests, re-exported with its types, and a way to start the real
// server over real stdio.

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
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
