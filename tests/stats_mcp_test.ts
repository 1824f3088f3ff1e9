// conversation_stats as MCP clients meet it: listed and called over real stdio (`start`) and
// over Streamable HTTP (`serve`), by the real SDK client, with good and bad arguments.

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "../src/mcp/sdk.ts";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { syncInto, tempDir, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { generateWorkspace } from "./double/workspace.ts";
import { Client, connectServer } from "./mcp_client.ts";
import { programArgs, testEnv } from "./program.ts";
import { GROUPINGS } from "../src/stats/stats.ts";

const ws = generateWorkspace({ seed: 9, conversations: 70 });
const dir = tempDir();
const double = await startDouble({ workspace: ws, token: TOKEN });
await syncInto(dir, double.url);
globalThis.addEventListener("unload", async () => {
  await double.close();
  Deno.removeSync(dir, { recursive: true });
});
const env = { ...testEnv(dir, double.url, TOKEN), TZ: "UTC" };

// deno-lint-ignore no-explicit-any
type Json = any;

function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

/** The same questions over any connected client. */
async function exercise(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  const tool = tools.find((t) => t.name === "conversation_stats");
  assert(tool, "conversation_stats is listed");
  assertEquals(tool.annotations?.readOnlyHint, true);
  assert(tool.outputSchema, "it declares its output");

  // The client checks structuredContent against the outputSchema.
  const good = await client.callTool({
    name: "conversation_stats",
    arguments: { timeframe: "last 14 days", group_by: "team", compare: true },
  }) as CallToolResult;
  assert(!good.isError, textOf(good));
  const r = good.structuredContent as Json;
  assertEquals(r.group_by, "team");
  assert(r.totals.conversations > 0 && r.previous_totals && r.change);
  assertMatch(textOf(good), /^team +convs/m);

  const weekly = await client.callTool({
    name: "conversation_stats",
    arguments: { timeframe: "last 14 days", group_by: "day", timezone: "Europe/Paris" },
  }) as CallToolResult;
  assert(!weekly.isError, textOf(weekly));
  assert((weekly.structuredContent as { groups: unknown[] }).groups.length >= 14);

  const unknown = await client.callTool({
    name: "conversation_stats",
    arguments: { group_by: "weather" },
  }) as CallToolResult;
  assert(unknown.isError, "an unknown grouping is a tool error");
  for (const g of GROUPINGS) assert(textOf(unknown).includes(g), textOf(unknown));
  const zone = await client.callTool({
    name: "conversation_stats",
    arguments: { timezone: "Nowhere/Land" },
  }) as CallToolResult;
  assert(zone.isError);
  assertMatch(textOf(zone), /time zone "Nowhere\/Land".*IANA/);

  // Arguments the schema refuses never reach the tool.
  let refused = "";
  try {
    const r = await client.callTool({
      name: "conversation_stats",
      arguments: { limit: "many" },
    }) as CallToolResult;
    assert(r.isError);
    refused = textOf(r);
  } catch (e) {
    refused = (e as Error).message;
  }
  assertMatch(refused, /limit|invalid/i);
  const after = await client.callTool({ name: "conversation_stats", arguments: {} });
  assert(!after.isError, "the server answers after errors");
}

Deno.test("conversation_stats is listed and answers over stdio, good arguments and bad", async () => {
  const server = await connectServer(env);
  try {
    await exercise(server.client);
  } finally {
    await server.close();
  }
  assert(!server.stderr().includes(TOKEN));
});

Deno.test("conversation_stats is listed and answers over serve (Streamable HTTP)", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const serverToken = `stats-test-${crypto.randomUUID()}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: programArgs(["serve", "--port", String(port)]),
    env: { ...env, NO_COLOR: "1", FASTINTERCOM_SERVER_TOKEN: serverToken },
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    let up = false;
    for (let i = 0; i < 150 && !up; i++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        await response.body?.cancel();
        up = response.ok;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assert(up, "serve came up");
    const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${serverToken}` } },
    });
    const client = new Client({ name: "stats-test", version: "0.0.0" });
    await client.connect(transport);
    try {
      await exercise(client);
    } finally {
      await client.close();
    }
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
});
