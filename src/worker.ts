// The fenced side of the program: runs the command line inside the Worker that main.ts starts
// with the permissions of src/fence.ts, and reports the exit status back instead of exiting.

import type { Env } from "./config.ts";
import { main } from "./cli/main.ts";

interface Start {
  type: "start";
  args: string[];
  env: Env;
}

/** Waits for main.ts to send the arguments, runs them, and posts the exit status. */
function runWorker(): void {
  // A worker's global scope; this module is type-checked as part of the main program.
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent<Start | { type: "signal" }>) => void) | null;
    postMessage(message: unknown): void;
  };
  const controller = new AbortController();
  scope.onmessage = async (e: MessageEvent<Start | { type: "signal" }>) => {
    if (e.data.type === "signal") {
      controller.abort(new Error("interrupted"));
      return;
    }
    let code = 1;
    try {
      code = await main(e.data.args, e.data.env, {
        stdout: Deno.stdout,
        stderr: Deno.stderr,
        stdin: Deno.stdin,
        signal: controller.signal,
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
