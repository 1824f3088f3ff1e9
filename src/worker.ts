// The fenced side of the program: runs the command line inside the Worker that main.ts starts
// with the permissions of src/fence.ts, and reports the exit status back instead of exiting.

import { PassThrough } from "node:stream";
import type { Env } from "./config.ts";
import { main } from "./cli/main.ts";
import type { EarlyAnswer, RelayMessage } from "./mcp/early.ts";

interface Start {
  type: "start";
  args: string[];
  env: Env;
  /** `start` reads its client from what main.ts relays, not from stdin (src/mcp/early.ts). */
  relayed: boolean;
}

type Incoming = Start | { type: "signal" } | RelayMessage;

/** Waits for main.ts to send the arguments, runs them, and posts the exit status. */
function runWorker(): void {
  // A worker's global scope; this module is type-checked as part of the main program.
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent<Incoming>) => void) | null;
    postMessage(message: unknown): void;
  };
  const controller = new AbortController();
  const relayed = new PassThrough();
  let early: EarlyAnswer | null = null;
  scope.onmessage = async (e: MessageEvent<Incoming>) => {
    const message = e.data;
    if (message.type === "signal") {
      controller.abort(new Error("interrupted"));
      return;
    }
    if (message.type === "answered") early = message.answer;
    if (message.type === "stdin") relayed.write(message.chunk);
    if (message.type === "stdin-end") relayed.end();
    if (message.type !== "start") return;
    let code = 1;
    try {
      code = await main(message.args, message.env, {
        stdout: Deno.stdout,
        stderr: Deno.stderr,
        stdin: Deno.stdin,
        signal: controller.signal,
        ...(message.relayed ? { mcpInput: { stream: relayed, early: () => early } } : {}),
      });
    } catch (err) {
      Deno.stderr.writeSync(
        new TextEncoder().encode(`fast-intercom-mcp: ${(err as Error).message}\n`),
      );
    }
    // This isolate's heap, which the process around the fence cannot see: the benchmark weighs
    // the two apart.
    const { heapUsed, heapTotal } = Deno.memoryUsage();
    scope.postMessage({ type: "exit", code, heap: { used: heapUsed, total: heapTotal } });
  };
}

runWorker();
