// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/inMemory"
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
import * as sdkTypes from "@modelcontextprotocol/sdk/types.js";
import { assert, assertEquals } from "../../tests/assert.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { earlyAnswer, type RelayMessage, relayStdin, replayAfterEarlyAnswer } from "./early.ts";
import { SUPPORTED_PROTOCOL_VERSIONS } from "./identity.ts";
import { createServer } from "./server.ts";

const initialize = (protocolVersion: string, id: string | number = 1) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "initialize",
    params: {
      protocolVersion,
      capabilities: { sampling: {}, roots: { listChanged: true } },
      clientInfo: { name: "early-test", version: "1.0" },
    },
  });

/** What the SDK-based server itself answers to one raw initialize line. */
async function sdkAnswer(line: string): Promise<unknown> {
  using kit = toolKit(3);
  const { server } = createServer(kit.app);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const answered = new Promise<unknown>((resolve) => (clientSide.onmessage = resolve));
  await server.connect(serverSide);
  await clientSide.start();
  await clientSide.send(JSON.parse(line));
  const answer = await answered;
  await server.close();
  return answer;
}

Deno.test("the early answer is the SDK server's, for every version it speaks and others", async () => {
  const versions = [...SUPPORTED_PROTOCOL_VERSIONS, "2099-01-01", "1.0", ""];
  for (const [i, version] of versions.entries()) {
    const line = initialize(version, i % 2 ? `request-${i}` : i);
    const early = earlyAnswer(line);
    assert(early, `answered early: ${line}`);
    assertEquals(early.response, await sdkAnswer(line), `protocol version "${version}"`);
  }
});

Deno.test("the protocol versions are the pinned SDK's, newest first", () => {
  assertEquals(SUPPORTED_PROTOCOL_VERSIONS, sdkTypes.SUPPORTED_PROTOCOL_VERSIONS);
  assertEquals(SUPPORTED_PROTOCOL_VERSIONS[0], sdkTypes.LATEST_PROTOCOL_VERSION);
});

Deno.test("anything but a well-formed initialize is left for the SDK to answer", () => {
  const lines = [
    "not json",
    "[" + initialize("2025-06-18") + "]",
    JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    JSON.stringify({ jsonrpc: "2.0", method: "initialize", params: {} }),
    JSON.stringify({ jsonrpc: "2.0", id: 1.5, method: "initialize", params: {} }),
    JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x" } },
    }),
    JSON.stringify({
      jsonrpc: "1.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "x", version: "1" },
      },
    }),
  ];
  for (const line of lines) assertEquals(earlyAnswer(line), null, line);
});

/** Runs relayStdin over chunks, recording writes and posts in one sequence. */
async function relay(chunks: string[]) {
  const encoder = new TextEncoder();
  const events: (RelayMessage | { type: "write"; text: string })[] = [];
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  await relayStdin(
    input,
    (bytes) => events.push({ type: "write", text: new TextDecoder().decode(bytes) }),
    (message) => events.push(message),
  );
  const relayed = events.flatMap((e) =>
    e.type === "stdin" ? [new TextDecoder().decode(e.chunk)] : []
  )
    .join("");
  return { events, relayed };
}

Deno.test("an initialize split across reads is answered before any byte is relayed", async () => {
  const line = initialize("2025-06-18", 7);
  const rest = JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n" +
    JSON.stringify({ jsonrpc: "2.0", id: 8, method: "tools/list" }) + "\n";
  const whole = line + "\n" + rest;
  const { events, relayed } = await relay([
    whole.slice(0, 10),
    whole.slice(10, 40),
    whole.slice(40),
  ]);
  const early = earlyAnswer(line)!;
  assertEquals(events[0], { type: "write", text: JSON.stringify(early.response) + "\n" });
  assertEquals(events[1], { type: "answered", answer: early });
  assertEquals(events.at(-1), { type: "stdin-end" });
  assertEquals(relayed, whole, "every byte relayed, in order");
  assertEquals(events.filter((e) => e.type === "write").length, 1);
});

Deno.test("a first line that is no initialize, or never ends, is relayed unanswered", async () => {
  for (
    const chunks of [[JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) + "\n"], [
      '{"jsonrpc"',
      ':"2.0"',
    ]]
  ) {
    const { events, relayed } = await relay(chunks);
    assertEquals(events.filter((e) => e.type === "write" || e.type === "answered"), []);
    assertEquals(relayed, chunks.join(""));
    assertEquals(events.at(-1), { type: "stdin-end" });
  }
});

Deno.test("the SDK's answer to the early-answered initialize is held back, and only that one", async () => {
  const early = earlyAnswer(initialize("2025-06-18", 3))!;
  const sent: unknown[] = [];
  const differences: string[] = [];
  const record = (d: string) => void differences.push(d);
  const transport = replayAfterEarlyAnswer(
    { send: (message: Record<string, unknown>) => Promise.resolve(void sent.push(message)) },
    () => early,
    record,
  );
  const notification = { jsonrpc: "2.0", method: "notifications/message", params: {} };
  await transport.send(notification);
  await transport.send({ jsonrpc: "2.0", id: 3, method: "ping" });
  await transport.send(early.response);
  await transport.send({ jsonrpc: "2.0", id: 3, result: {} });
  assertEquals(sent, [notification, { jsonrpc: "2.0", id: 3, method: "ping" }, {
    jsonrpc: "2.0",
    id: 3,
    result: {},
  }]);
  assertEquals(differences, []);

  const other = replayAfterEarlyAnswer(
    { send: (_message: Record<string, unknown>) => Promise.resolve() },
    () => early,
    record,
  );
  await other.send({ jsonrpc: "2.0", id: 3, error: { code: -32602, message: "bad" } });
  assertEquals(differences.length, 1, "a different answer is reported");
});
