// Proves that the whole program packs into one file and that the packed file works: it answers
// `--version` and an MCP `initialize` over stdio under the permission set "default" of deno.json.
//
//   deno task pack-check                 bundles main.ts (deno compile cannot fetch denort here)
//   DENORT_BIN=… deno task pack-check    runs `deno task compile` with that runtime base instead
//   deno task pack-check --binary PATH   checks a binary built elsewhere (the release smoke runs)

import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import denoJson from "../deno.json" with { type: "json" };

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const NAME = "fast-intercom-mcp";
/** Bounds every child: a packed program that hangs must fail the check, not stall it. */
const CHILD_TIMEOUT_MS = 60_000;

export interface PackCheckOptions {
  /** A binary to check as it is; by default the program is packed first. */
  binary?: string;
  /** Runtime base for `deno compile`; by default none, and the program is bundled instead. */
  denortBin?: string;
}

export interface PackCheckReport {
  /** How the program was packed, for the person reading the output. */
  packed: string;
  versionLine: string;
  serverInfo: { name: string; version: string };
}

/** How to start the packed program: a command and the arguments before the program's own. */
interface Packed {
  description: string;
  command: string;
  args: string[];
}

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  command: string,
  args: string[],
  opts: { env?: Record<string, string>; clearEnv?: boolean; stdin?: string } = {},
): Promise<Output> {
  const signal = AbortSignal.timeout(CHILD_TIMEOUT_MS);
  const child = new Deno.Command(command, {
    args,
    cwd: ROOT,
    env: opts.env ?? {},
    clearEnv: opts.clearEnv ?? false,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    signal,
  }).spawn();
  if (opts.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(opts.stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  const result = {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
  if (signal.aborted) {
    throw new Error(
      `${command} ${args.join(" ")} did not finish within ${CHILD_TIMEOUT_MS / 1000} s; ` +
        `stderr: ${result.stderr.trim()}`,
    );
  }
  return result;
}

function failure(what: string, out: Output): Error {
  return new Error(
    `${what} (exit ${out.code})\nstdout: ${out.stdout.trim()}\nstderr: ${out.stderr.trim()}`,
  );
}

/** Bundles main.ts into one JavaScript file, run by Deno with the same permission set. */
async function bundle(dir: string): Promise<Packed> {
  const file = join(dir, `${NAME}.js`);
  const out = await run(Deno.execPath(), [
    "bundle",
    "--quiet",
    "--platform",
    "deno",
    "--output",
    file,
    "main.ts",
  ]);
  if (out.code !== 0) throw failure("deno bundle main.ts failed", out);
  // The fenced Worker's entry, where main.ts looks for it beside itself.
  const worker = join(dir, "src", "worker.ts");
  const outWorker = await run(Deno.execPath(), [
    "bundle",
    "--quiet",
    "--platform",
    "deno",
    "--output",
    worker,
    "src/worker.ts",
  ]);
  if (outWorker.code !== 0) throw failure("deno bundle src/worker.ts failed", outWorker);
  const size = (await Deno.stat(file)).size + (await Deno.stat(worker)).size;
  return {
    description:
      `deno bundle: main.ts and its fenced Worker, with all dependencies, in two files of ${
        (size / 1e6).toFixed(2)
      } MB`,
    command: Deno.execPath(),
    // --no-npm and --no-remote prove that nothing is left to fetch; --config is there only so
    // that -P finds deno.json's permission set; --no-lock leaves deno.lock alone.
    args: [
      "run",
      "--quiet",
      "--config",
      join(ROOT, "deno.json"),
      "--no-lock",
      "--no-npm",
      "--no-remote",
      "-P",
      "--no-prompt",
      file,
    ],
  };
}

/** Runs the real `deno task compile`, into a folder of its own under dist/. */
async function compile(denortBin: string): Promise<Packed> {
  const exe = Deno.build.os === "windows" ? ".exe" : "";
  // Relative to the checkout: COMPILE_FLAGS is split on spaces, and a temporary folder's path
  // may hold some.
  const output = `dist/pack-check/${NAME}${exe}`;
  const out = await run(Deno.execPath(), ["task", "--quiet", "compile"], {
    env: { DENORT_BIN: denortBin, COMPILE_FLAGS: `--output ${output}` },
  });
  if (out.code !== 0) throw failure("deno task compile failed", out);
  return {
    description: `deno task compile with DENORT_BIN=${denortBin}: ${output}`,
    command: join(ROOT, output),
    args: [],
  };
}

/**
 * The environment of a fresh user account in `home`, with nothing of the caller's: no token from
 * the developer's shell may reach the packed program, or it would start a real sync.
 */
function freshEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {
    HOME: home,
    USERPROFILE: home,
    FASTINTERCOM_DATA_DIR: join(home, "data"),
    DENO_DIR: join(home, "deno"),
    NO_COLOR: "1",
  };
  // Windows programs cannot load the system's socket and crypto libraries without it.
  const systemRoot = Deno.env.get("SystemRoot");
  if (systemRoot) env.SystemRoot = systemRoot;
  return env;
}

async function checkVersion(packed: Packed, env: Record<string, string>): Promise<string> {
  const out = await run(packed.command, [...packed.args, "--version"], { env, clearEnv: true });
  const line = out.stdout.trim();
  const expected = `${NAME} ${denoJson.version} `;
  if (out.code !== 0 || !line.startsWith(expected)) {
    throw failure(`--version should print a line starting "${expected}"`, out);
  }
  return line;
}

interface JsonRpcMessage {
  id?: number;
  result?: { serverInfo?: { name: string; version: string } };
}

/** stdout of `start` belongs to the protocol: every line must be a JSON-RPC message. */
function jsonRpcMessages(out: Output): JsonRpcMessage[] {
  return out.stdout.split("\n").filter((line) => line.trim()).map((line) => {
    try {
      return JSON.parse(line) as JsonRpcMessage;
    } catch {
      throw failure(`start wrote a line that is not JSON-RPC to stdout: ${line}`, out);
    }
  });
}

async function checkInitialize(
  packed: Packed,
  env: Record<string, string>,
): Promise<{ name: string; version: string }> {
  const request = {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "pack-check", version: denoJson.version },
    },
  };
  // One request, then end of input: the server must answer and exit on its own.
  const out = await run(packed.command, [...packed.args, "start"], {
    env,
    clearEnv: true,
    stdin: JSON.stringify(request) + "\n",
  });
  const info = jsonRpcMessages(out).find((message) => message.id === 1)?.result?.serverInfo;
  if (out.code !== 0 || info?.name !== NAME || info.version !== denoJson.version) {
    throw failure(
      `start should answer initialize with serverInfo ${NAME} ${denoJson.version} and exit 0`,
      out,
    );
  }
  return { name: info.name, version: info.version };
}

/** Packs the program (or takes the given binary) and checks that it starts and answers. */
export async function packCheck(options: PackCheckOptions = {}): Promise<PackCheckReport> {
  const dir = await Deno.makeTempDir({ prefix: "pack-check-" });
  try {
    const packed = options.binary
      ? { description: `binary ${options.binary}`, command: options.binary, args: [] }
      : options.denortBin
      ? await compile(options.denortBin)
      : await bundle(dir);
    const env = freshEnv(dir);
    return {
      packed: packed.description,
      versionLine: await checkVersion(packed, env),
      serverInfo: await checkInitialize(packed, env),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
    if (!options.binary && options.denortBin) {
      await Deno.remove(join(ROOT, "dist", "pack-check"), { recursive: true }).catch(() => {});
    }
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { binary: { type: "string" } } });
  const denortBin = Deno.env.get("DENORT_BIN");
  try {
    const report = await packCheck({
      ...(values.binary ? { binary: resolve(values.binary) } : {}),
      ...(denortBin ? { denortBin } : {}),
    });
    console.log(`packed:     ${report.packed}`);
    console.log(`--version:  ${report.versionLine}`);
    console.log(`initialize: serverInfo ${report.serverInfo.name} ${report.serverInfo.version}`);
    console.log("pack-check: ok");
  } catch (error) {
    console.error(`pack-check: FAILED: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
