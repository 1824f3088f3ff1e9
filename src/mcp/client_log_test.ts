// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/inMemory"
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { assertEquals } from "../../tests/assert.ts";
import { Client } from "../../tests/mcp_client.ts";
import type { LogRecord } from "../log.ts";
import { clientLogSink, sessionOf } from "./client_log.ts";
import { McpServer } from "./sdk.ts";

function record(level: LogRecord["level"], properties: Record<string, unknown> = {}): LogRecord {
  return {
    category: ["fast-intercom-mcp", "test"],
    level,
    message: [level],
    rawMessage: level,
    timestamp: Date.now(),
    properties,
  };
}

async function connected() {
  const server = new McpServer({ name: "test", version: "0" }, { capabilities: { logging: {} } });
  const sink = clientLogSink(server, "INFO");
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test", version: "0" });
  const heard: string[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    heard.push(`${n.params.level} ${n.params.data}`);
  });
  await client.connect(clientSide);
  /** Sends one line at each level, and lets the notifications arrive. */
  const logAll = async () => {
    for (const level of ["debug", "info", "warning", "error"] as const) {
      sink(`a ${level} line`, record(level));
    }
    await new Promise((r) => setTimeout(r, 20));
  };
  return { server, client, heard, logAll };
}

Deno.test("a client that has not asked for log lines hears only warnings and errors", async () => {
  const { server, client, heard, logAll } = await connected();
  try {
    await logAll();
    assertEquals(heard, ["warning a warning line", "error a error line"]);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("a client that sets a level hears every line at that level and above", async () => {
  const { server, client, heard, logAll } = await connected();
  try {
    await client.setLoggingLevel("debug");
    await logAll();
    assertEquals(heard, [
      "debug a debug line",
      "info a info line",
      "warning a warning line",
      "error a error line",
    ]);
    heard.length = 0;
    await client.setLoggingLevel("error");
    await logAll();
    assertEquals(heard, ["error a error line"]);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("sessionOf() tells a line of one session from a line no session hears and a server-wide one", () => {
  assertEquals(sessionOf(record("info", { session: "abc" })), "abc");
  assertEquals(sessionOf(record("info", { session: null })), null);
  assertEquals(sessionOf(record("info", {})), undefined);
  assertEquals(sessionOf(record("info", { session: undefined })), undefined);
});
