// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/inMemory"
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { assertEquals, assertMatch } from "../../tests/assert.ts";
import { Client } from "../../tests/mcp_client.ts";
import { plainErrors, withPlainError } from "./plain_errors.ts";
import { McpServer } from "./sdk.ts";

Deno.test("withPlainError() takes the SDK's prefix off an error's message, once, and leaves the rest", () => {
  const error = (message: string) => ({
    jsonrpc: "2.0" as const,
    id: 1,
    error: { code: -32602, message },
  });
  assertEquals(
    withPlainError(error("MCP error -32602: Prompt x not found")),
    error("Prompt x not found"),
  );
  assertEquals(withPlainError(error("Prompt x not found")), error("Prompt x not found"));
  assertEquals(
    withPlainError(error("MCP error -32603: other code")),
    error("MCP error -32603: other code"),
  );
  const result = { jsonrpc: "2.0" as const, id: 2, result: {} };
  assertEquals(withPlainError(result), result);
});

Deno.test("a protocol error reaches the SDK client reading 'MCP error <code>' once", async () => {
  const server = new McpServer({ name: "test", version: "0" });
  server.registerPrompt("known", { description: "a prompt" }, () => ({ messages: [] }));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(plainErrors(serverSide));
  const client = new Client({ name: "test", version: "0" });
  await client.connect(clientSide);
  try {
    const error = await client.getPrompt({ name: "unknown" }).then(() => null, (e: Error) => e);
    assertMatch(String(error?.message), /^MCP error -32602: Prompt unknown not found$/);
  } finally {
    await client.close();
    await server.close();
  }
});
