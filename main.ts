// fast-intercom-mcp: the entry point. Reads the environment once, makes the data directory,
// and runs the program inside a Worker fenced to that directory and Intercom's hosts
// (src/fence.ts). It is the only place that exits the process.

import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { dataDirFrom, type Env, ENV_NAMES, readConfigFile } from "./src/config.ts";
import {
  dataDirOutsideMessage,
  fencePermissions,
  mayUseDataDir,
  reachableApiHost,
  withinProcess,
} from "./src/fence.ts";
import { serveAddressOf } from "./src/mcp/address.ts";
import { relayStdin } from "./src/mcp/early.ts";

/** How long `start` waits for a client's first bytes before it starts the Worker anyway. */
const WORKER_AFTER_MS = 30;

if (import.meta.main) {
  const env: Record<string, string | undefined> = {};
  for (const name of ENV_NAMES) {
    // Only the names the permission set grants; anything else would prompt or fail.
    if (Deno.permissions.querySync({ name: "env", variable: name }).state === "granted") {
      env[name] = Deno.env.get(name);
    }
  }
  const dataDir = locateDataDir(Deno.args, env);
  if (dataDir && !mayUseDataDir(dataDir) && needsDataDir(Deno.args)) {
    Deno.stderr.writeSync(
      new TextEncoder().encode(`fast-intercom-mcp: ${dataDirOutsideMessage(dataDir)}\n`),
    );
    Deno.exit(1);
  }
  const relayed = startsServer(Deno.args);
  let worker: Worker | null = null;
  // The Worker's module graph loads as the Worker starts; a dynamic import inside the fence
  // would need read access to the program's own files. `deno compile` takes it with --include.
  const fenced = (): Worker => {
    if (worker) return worker;
    worker = new Worker(new URL("./src/worker.ts", import.meta.url), {
      type: "module",
      deno: {
        // Flags of a person's own may hold less than the fence; the Worker gets what is held.
        permissions: withinProcess(fencePermissions(dataDir, [
          ...apiHosts(dataDir, env),
          ...listenHosts(Deno.args),
        ])),
      },
    } as WorkerOptions);
    worker.onmessage = (e: MessageEvent<WorkerExit>) => {
      if (env.FASTINTERCOM_LOG_LEVEL === "debug") reportMemory(e.data.heap);
      Deno.exit(e.data.code);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      Deno.stderr.writeSync(new TextEncoder().encode(`fast-intercom-mcp: ${e.message}\n`));
      Deno.exit(1);
    };
    worker.postMessage({ type: "start", args: Deno.args, env, relayed });
    return worker;
  };
  const forward = () => fenced().postMessage({ type: "signal" });
  Deno.addSignalListener("SIGINT", forward);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", forward);
  if (relayed) {
    // `start` answers the client's `initialize` here, then starts the Worker, which loads the
    // SDK while the client reads the answer, and relays stdin to it (src/mcp/early.ts). The
    // Worker starts at the first thing relayed (the answer written, or stdin's end), so that the
    // two do not share the CPU before the answer; a client that sends nothing at once does not
    // hold the server back (its background sync) beyond WORKER_AFTER_MS. The fence is as it was.
    const later = setTimeout(fenced, WORKER_AFTER_MS);
    relayStdin(Deno.stdin.readable, writeStdout, (m) => {
      clearTimeout(later);
      fenced().postMessage(m);
    });
  } else fenced();
}

function writeStdout(bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += Deno.stdout.writeSync(bytes.subarray(done));
}

function commandLine(args: string[]) {
  return parseArgs({
    args,
    options: { help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "V" } },
    strict: false,
    allowPositionals: true,
  });
}

/** `start` itself, not its help: the MCP server on stdio. */
function startsServer(args: string[]): boolean {
  const { values, positionals } = commandLine(args);
  return positionals[0] === "start" && !values.help && !values.version;
}

/** Every command but help and the version line works in the data directory. */
function needsDataDir(args: string[]): boolean {
  const { values, positionals } = commandLine(args);
  return positionals.length > 0 && positionals[0] !== "help" && !values.help && !values.version;
}

interface WorkerExit {
  type: "exit";
  code: number;
  heap: { used: number; total: number };
}

/** At debug level, what each isolate held at the end, apart: the benchmark reads this line. */
function reportMemory(worker: WorkerExit["heap"]): void {
  const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);
  const own = Deno.memoryUsage();
  Deno.stderr.writeSync(
    new TextEncoder().encode(
      `memory at exit: outer heap ${mb(own.heapUsed)}/${mb(own.heapTotal)} MB, ` +
        `worker heap ${mb(worker.used)}/${mb(worker.total)} MB, process RSS ${mb(own.rss)} MB\n`,
    ),
  );
}

/** The data directory the fence is drawn around; its parent is made here, where it may be. */
function locateDataDir(args: string[], env: Env): string | null {
  const { values } = parseArgs({
    args,
    options: { "data-dir": { type: "string" } },
    strict: false,
    allowPositionals: true,
  });
  let dir: string;
  try {
    dir = dataDirFrom(typeof values["data-dir"] === "string" ? values["data-dir"] : undefined, env);
  } catch {
    // The command line reports a missing home folder itself, with what to do.
    return null;
  }
  try {
    Deno.mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  } catch {
    // Outside what this process may write, or not makeable: the command says so.
  }
  return dir;
}

/** A test double's or proxy's host joins the fence only when this process may reach it. */
function apiHosts(dataDir: string | null, env: Env): string[] {
  let configured = env.FASTINTERCOM_API_URL;
  if (!configured && dataDir) {
    try {
      configured = readConfigFile(dataDir).api_url;
    } catch {
      configured = undefined;
    }
  }
  const host = reachableApiHost(configured);
  return host ? [host] : [];
}

/** `serve` listens: its address joins the fence when this process may listen there. */
function listenHosts(args: string[]): string[] {
  const { values, positionals } = parseArgs({
    args,
    options: { "data-dir": { type: "string" }, host: { type: "string" }, port: { type: "string" } },
    strict: false,
    allowPositionals: true,
  });
  const listen = serveAddressOf(positionals, values);
  if (!listen) return [];
  try {
    const state = Deno.permissions.querySync({ name: "net", host: listen.address }).state;
    return state === "granted" ? [listen.address] : [];
  } catch {
    // Not an address: `serve` itself says so.
    return [];
  }
}
