// `start` answers `initialize` before its MCP SDK is loaded (src/mcp/early.ts): over real stdio,
// what a client sends right after it, before the SDK can have read it, is answered by the SDK
// in order; a stop while it loads ends the program cleanly; stdout carries only MCP messages.

import { assert, assertEquals } from "./assert.ts";
import { tempDir } from "./cache_check.ts";
import { programArgs, testEnv } from "./program.ts";
import { initializeResult } from "../src/mcp/identity.ts";
import { TOOLS } from "../src/tools/mod.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

const line = (message: Json) => JSON.stringify(message) + "\n";

const initialize = (id: number, protocolVersion: string) =>
  line({
    jsonrpc: "2.0",
    id,
    method: "initialize",
    params: {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: "early-start-test", version: "0" },
    },
  });

/** `start` on real pipes, with its stdout read line by line as JSON. */
function spawnStart() {
  const dir = tempDir();
  const child = new Deno.Command(Deno.execPath(), {
    args: programArgs(["start"]),
    env: { ...testEnv(dir, null, null), NO_COLOR: "1" },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const stderr = new Response(child.stderr).text();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  return {
    child,
    stderr,
    send: (text: string) => writer.write(new TextEncoder().encode(text)),
    closeStdin: () => writer.close(),
    /** The next line of stdout, parsed; null at its end. */
    async next(): Promise<Json | null> {
      while (!buffered.includes("\n")) {
        const { value, done } = await lines.read();
        if (done) return null;
        buffered += value;
      }
      const at = buffered.indexOf("\n");
      const text = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      return JSON.parse(text);
    },
    /** The answers (messages with an id) until `count` are read; notifications set apart. */
    async answers(count: number): Promise<Json[]> {
      const out: Json[] = [];
      while (out.length < count) {
        const message = await this.next();
        assert(message !== null, `stdout ended after ${out.length} answers`);
        assertEquals(message.jsonrpc, "2.0", "only MCP messages on stdout");
        if ("id" in message) out.push(message);
      }
      return out;
    },
    async [Symbol.asyncDispose]() {
      await writer.close().catch(() => {});
      await lines.cancel().catch(() => {});
      try {
        child.kill("SIGTERM");
      } catch {
        // Already ended.
      }
      await child.status;
      await stderr;
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

Deno.test("what a client sends right after initialize is answered by the SDK, in order", async () => {
  await using start = spawnStart();
  await start.send(
    initialize(1, "2025-06-18") +
      line({ jsonrpc: "2.0", method: "notifications/initialized" }) +
      line({ jsonrpc: "2.0", id: 2, method: "logging/setLevel", params: { level: "debug" } }) +
      line({ jsonrpc: "2.0", id: 3, method: "ping" }) +
      line({ jsonrpc: "2.0", id: 4, method: "tools/list" }) +
      line({ jsonrpc: "2.0", id: 5, method: "logging/setLevel", params: { level: "nonsense" } }),
  );
  const all = await start.answers(5);
  // The SDK refuses a bad request as it reads it, ahead of the answers its handlers give.
  const refused = all.find((a) => a.id === 5);
  const answers = all.filter((a) => a.id !== 5);
  assertEquals(answers.map((a) => a.id), [1, 2, 3, 4]);
  assertEquals(answers[0].result, initializeResult("2025-06-18"));
  assertEquals(answers[1].result, {});
  assertEquals(answers[2].result, {});
  assertEquals(
    answers[3].result.tools.map((t: Json) => t.name),
    TOOLS.map((t) => t.name),
  );
  // The SDK validates what it reads: a level it does not know is refused, not taken.
  assert(/level/.test(refused?.error?.message ?? ""), JSON.stringify(refused));
});

Deno.test("an unsupported protocol version is answered with the latest, as the SDK does", async () => {
  await using start = spawnStart();
  await start.send(initialize(9, "1999-01-01") + line({ jsonrpc: "2.0", id: 10, method: "ping" }));
  const [init, ping] = await start.answers(2);
  assertEquals(init, { jsonrpc: "2.0", id: 9, result: initializeResult("1999-01-01") });
  assertEquals(init.result.protocolVersion, "2025-11-25");
  assertEquals(ping, { jsonrpc: "2.0", id: 10, result: {} });
});

Deno.test("a first message other than initialize is left to the SDK", async () => {
  await using start = spawnStart();
  await start.send(
    line({ jsonrpc: "2.0", id: 1, method: "ping" }) + initialize(2, "2025-03-26"),
  );
  const [ping, init] = await start.answers(2);
  assertEquals(ping, { jsonrpc: "2.0", id: 1, result: {} });
  assertEquals(init.result, initializeResult("2025-03-26"));
});

Deno.test("stdin closed right after initialize: the answer, then a clean end", async () => {
  await using start = spawnStart();
  await start.send(initialize(1, "2025-06-18") + line({ jsonrpc: "2.0", id: 2, method: "ping" }));
  await start.closeStdin();
  const [init] = await start.answers(1);
  assertEquals(init.result, initializeResult("2025-06-18"));
  const { code } = await start.child.status;
  const stderr = await start.stderr;
  assertEquals(code, 0, stderr);
  assert(!/Uncaught|error:/i.test(stderr), stderr);
  // The ping may be answered before the end is read, or not at all: nothing else may appear.
  for (let message = await start.next(); message !== null; message = await start.next()) {
    assertEquals(message.jsonrpc, "2.0");
    if ("id" in message) assertEquals(message, { jsonrpc: "2.0", id: 2, result: {} });
  }
});

Deno.test("SIGTERM as soon as initialize is answered: a clean end", async () => {
  await using start = spawnStart();
  await start.send(initialize(1, "2025-06-18"));
  const [init] = await start.answers(1);
  assertEquals(init.result, initializeResult("2025-06-18"));
  start.child.kill("SIGTERM");
  const { code } = await start.child.status;
  const stderr = await start.stderr;
  assertEquals(code, 0, stderr);
  assert(!/Uncaught|error:/i.test(stderr), stderr);
  assertEquals(await start.next(), null, "nothing more on stdout");
});
