// Runs the program as users run it: `deno run` of main.ts with the permission set declared in
// deno.json (read from there, not copied), plus 127.0.0.1 so it may reach the test double.

import { fileURLToPath } from "node:url";
import denoJson from "../deno.json" with { type: "json" };

export const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

type PermissionValue = boolean | string[] | { deny: true };

/** The flags of a permission set of deno.json, with extra hosts added to its network list. */
export function permissionFlags(set: "default", extraNet: string[] = ["127.0.0.1"]): string[] {
  const declared = (denoJson.permissions as Record<string, Record<string, PermissionValue>>)[set];
  const flags: string[] = [];
  for (const [kind, value] of Object.entries(declared)) {
    const list = kind === "net" && Array.isArray(value) ? [...value, ...extraNet] : value;
    if (list === true) flags.push(`--allow-${kind}`);
    else if (typeof list === "object" && !Array.isArray(list)) flags.push(`--deny-${kind}`);
    else if (Array.isArray(list) && list.length) flags.push(`--allow-${kind}=${list.join(",")}`);
  }
  return flags;
}

/** The V8 flags `deno task start` runs with (a heap cap that keeps memory flat), from deno.json. */
export const V8_FLAGS = (denoJson.tasks.start.match(/--v8-flags=\S+/g) ?? []) as string[];

/** deno run flags and the entry point: what `deno task start` runs, plus loopback. */
export function programArgs(args: string[], extraNet?: string[]): string[] {
  return [
    "run",
    "--quiet",
    "--no-prompt",
    ...V8_FLAGS,
    ...permissionFlags("default", extraNet),
    MAIN,
    ...args,
  ];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to its end. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  opts: { stdin?: string; signal?: AbortSignal } = {},
): Promise<RunResult> {
  const child = new Deno.Command(Deno.execPath(), {
    args: programArgs(args),
    env: { NO_COLOR: "1", ...env },
    clearEnv: true,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    ...(opts.signal ? { signal: opts.signal } : {}),
  }).spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** The parent's Deno cache: a child given its own HOME must not download everything again. */
export const DENO_DIR = (() => {
  const out = new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stderr: "null" })
    .outputSync();
  return (JSON.parse(new TextDecoder().decode(out.stdout)) as { denoDir: string }).denoDir;
})();

/** Variables the Deno runtime itself reads (cache, certificates); the program never sees them. */
const RUNTIME_ENV = [
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "DENO_CERT",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
];

/** The environment a test gives the program: a data directory and a double to talk to. */
export function testEnv(
  dataDir: string,
  apiUrl: string | null,
  token: string | null,
): Record<string, string> {
  const env: Record<string, string> = {
    // Not the data directory itself: the program refuses a home folder as its data directory.
    HOME: `${dataDir}.home`,
    FASTINTERCOM_DATA_DIR: dataDir,
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  };
  if (apiUrl) env.FASTINTERCOM_API_URL = apiUrl;
  if (token) env.INTERCOM_ACCESS_TOKEN = token;
  env.DENO_DIR = DENO_DIR;
  for (const name of RUNTIME_ENV) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  return env;
}
