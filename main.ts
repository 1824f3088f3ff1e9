// fast-intercom-mcp: the entry point. Reads the environment once, runs the command line, and
// is the only place that exits the process.

import { main } from "./src/cli/main.ts";
import { ENV_NAMES } from "./src/config.ts";

if (import.meta.main) {
  const env: Record<string, string | undefined> = {};
  for (const name of ENV_NAMES) {
    // Only the names the permission set grants; anything else would prompt or fail.
    if (Deno.permissions.querySync({ name: "env", variable: name }).state === "granted") {
      env[name] = Deno.env.get(name);
    }
  }
  const controller = new AbortController();
  const stop = () => controller.abort(new Error("interrupted"));
  Deno.addSignalListener("SIGINT", stop);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
  const code = await main(Deno.args, env, {
    stdout: Deno.stdout,
    stderr: Deno.stderr,
    stdin: Deno.stdin,
    signal: controller.signal,
  });
  Deno.exit(code);
}
