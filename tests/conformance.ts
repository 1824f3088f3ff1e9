// Runs the MCP conformance suite (npm:@modelcontextprotocol/conformance) against `serve`: a
// cache synced from the HTTP double, the real program listening on 127.0.0.1, and in front of
// it a small proxy that adds the bearer token, since the suite cannot send one. The proxy moves
// the port in Host and Origin from its own to the server's and changes nothing else, so the
// suite's DNS-rebinding checks still reach the server's own Host and Origin rules.
//
//   deno task conformance                   the scenarios that apply (docs/conformance.md)
//   deno task conformance -- --all          every server scenario, for the record
//   deno task conformance -- SCENARIO...    some of them

import http from "node:http";
import { syncInto, tempDir, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { createConversation, generateWorkspace } from "./double/workspace.ts";
import { programArgs, testEnv } from "./program.ts";

/** Pinned: a new version of the suite may add scenarios, which is a change to review. */
const SUITE = "npm:@modelcontextprotocol/conformance@0.1.16";

/** The scenarios this server can take part in; docs/conformance.md says why the rest cannot. */
export const APPLICABLE = [
  "server-initialize",
  "ping",
  "logging-set-level",
  "tools-list",
  "resources-list",
  "prompts-list",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];

const ALL = [
  ...APPLICABLE,
  "resources-templates-read",
  "prompts-get-with-args",
  "completion-complete",
  "tools-call-simple-text",
  "tools-call-image",
  "tools-call-audio",
  "tools-call-embedded-resource",
  "tools-call-mixed-content",
  "tools-call-with-logging",
  "tools-call-error",
  "tools-call-with-progress",
  "tools-call-sampling",
  "tools-call-elicitation",
  "json-schema-2020-12",
  "elicitation-sep1034-defaults",
  "server-sse-polling",
  "elicitation-sep1330-enums",
  "resources-read-text",
  "resources-read-binary",
  "resources-subscribe",
  "resources-unsubscribe",
  "prompts-get-simple",
  "prompts-get-embedded-resource",
  "prompts-get-with-image",
];

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Forwards every request to the server with the token added and Host and Origin re-ported. */
function startProxy(target: number, token: string): Promise<{ port: number; close(): void }> {
  const server = http.createServer((req, res) => {
    const own = `:${(server.address() as { port: number }).port}`;
    const headers = { ...req.headers, authorization: `Bearer ${token}` };
    for (const name of ["host", "origin"] as const) {
      const value = headers[name];
      if (typeof value === "string" && value.endsWith(own)) {
        headers[name] = value.slice(0, -own.length) + `:${target}`;
      }
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: target, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        port: (server.address() as { port: number }).port,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      });
    });
  });
}

async function main(args: string[]): Promise<number> {
  const named = args.filter((a) => !a.startsWith("--"));
  const scenarios = args.includes("--all") ? ALL : named.length ? named : APPLICABLE;
  const ws = generateWorkspace({ seed: 3, conversations: 30 });
  createConversation(ws, { body: "<p>The conformance suite reads this one.</p>" });
  const dir = tempDir();
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const serverToken = crypto.randomUUID();
  let child: Deno.ChildProcess | null = null;
  let proxy: { port: number; close(): void } | null = null;
  try {
    await syncInto(dir, double.url);
    const port = freePort();
    child = new Deno.Command(Deno.execPath(), {
      args: programArgs(["serve", "--port", String(port)]),
      env: {
        ...testEnv(dir, double.url, TOKEN),
        NO_COLOR: "1",
        FASTINTERCOM_SERVER_TOKEN: serverToken,
      },
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitForHealth(port);
    proxy = await startProxy(port, serverToken);
    const url = `http://localhost:${proxy.port}/mcp`;
    const failed: string[] = [];
    for (const scenario of scenarios) {
      // --no-config: the suite's own dependencies stay out of this project's deno.json and lock.
      const run = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--quiet",
          "--no-config",
          SUITE,
          "server",
          "--url",
          url,
          "--scenario",
          scenario,
        ],
        cwd: dir,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
      const ok = run.code === 0;
      if (!ok) failed.push(scenario);
      console.log(`${ok ? "pass" : "FAIL"}  ${scenario}`);
      if (!ok || args.includes("--verbose")) console.log(text.replace(/^/gm, "      "));
    }
    console.log(
      `\n${scenarios.length - failed.length} of ${scenarios.length} scenarios passed` +
        (failed.length ? `; failed: ${failed.join(", ")}` : ""),
    );
    return failed.length ? 1 : 0;
  } finally {
    proxy?.close();
    if (child) {
      child.kill("SIGTERM");
      await child.status;
    }
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

async function waitForHealth(port: number): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("serve did not answer /health within 15 s");
}

if (import.meta.main) Deno.exit(await main(Deno.args.filter((a) => a !== "--")));
