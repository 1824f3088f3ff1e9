// The permission fence: the program's own code runs in a Worker that may touch only its data
// directory, reach only Intercom's API hosts (and a test double's, when the process itself may),
// read no environment variable, and start no program. The process around it only reads the
// settings, makes the data directory, and starts the Worker.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, INTERCOM_HOSTS } from "./config.ts";

export { INTERCOM_HOSTS };

/** The Worker's permissions: the same for every command, the CLI's and the MCP server's. */
export function fencePermissions(
  dataDir: string | null,
  extraHosts: readonly string[],
): Deno.PermissionOptionsObject {
  return {
    read: dataDir ? [dataDir] : false,
    write: dataDir ? [dataDir] : false,
    net: [...INTERCOM_HOSTS, ...extraHosts],
    env: false,
    run: false,
    ffi: false,
    // Its own user id only: the data directory must belong to the user running the program.
    sys: ["uid"],
    import: false,
  };
}

type Held = (descriptor: Deno.PermissionDescriptor) => boolean;
const heldByThisProcess: Held = (d) => Deno.permissions.querySync(d).state === "granted";

/**
 * The fence cut down to what this process itself holds: a Worker that asks for more than its
 * parent has does not start ("Can't escalate parent thread permissions"), and a person may run
 * the program with flags of their own (`--allow-net=…` replaces the whole list of deno.json).
 * What is left out is reported by the command that needs it, in one line.
 */
export function withinProcess(
  fence: Deno.PermissionOptionsObject,
  held: Held = heldByThisProcess,
): Deno.PermissionOptionsObject {
  const paths = (name: "read" | "write", list: Deno.PermissionOptionsObject["read"]) =>
    Array.isArray(list) && list.every((path) => held({ name, path: String(path) })) ? list : false;
  const net = Array.isArray(fence.net)
    ? fence.net.filter((host) => held({ name: "net", host }))
    : [];
  return {
    ...fence,
    read: paths("read", fence.read),
    write: paths("write", fence.write),
    net: net.length ? net : false,
    sys: held({ name: "sys", kind: "uid" }) ? fence.sys : false,
  };
}

/** True when this process may read and write the data directory, as every command but help needs. */
export function mayUseDataDir(dataDir: string, held: Held = heldByThisProcess): boolean {
  return held({ name: "read", path: dataDir }) && held({ name: "write", path: dataDir });
}

/** The one line for a data directory this process may not use, with what to do. */
export function dataDirOutsideMessage(dataDir: string): string {
  return `this process may not read and write its data directory ${dataDir} (its --allow-read or ` +
    `--allow-write leave it out); run it with the permission set of deno.json (deno task cli …, ` +
    `or deno run -P), or add --allow-read=${dataDir} --allow-write=${dataDir}`;
}

/**
 * The host of a non-default API URL, when this process may reach it; a host it may not reach
 * stays outside the fence, and the client then says so plainly.
 */
export function reachableApiHost(apiUrl: string | undefined): string | null {
  if (!apiUrl) return null;
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return null;
  }
  if (INTERCOM_HOSTS.includes(url.host)) return null;
  return heldByThisProcess({ name: "net", host: url.host }) ? url.host : null;
}

/** A host outside the fence gets one line saying what to do, not Deno's "Requires net access". */
export function assertReachable(apiUrl: string, source: string): void {
  const host = new URL(apiUrl).host;
  if (heldByThisProcess({ name: "net", host })) return;
  const setting = source === "environment"
    ? "FASTINTERCOM_API_URL"
    : source === "default"
    ? "the region's API host"
    : `api_url (from ${source})`;
  if (INTERCOM_HOSTS.includes(host)) {
    throw new ConfigError(
      `${setting} is ${host}, which this process may not reach: it was started with an ` +
        `--allow-net list that leaves Intercom's hosts out; run it with the permission set of ` +
        `deno.json alone (deno task cli …, or deno run -P), or add ${host} to --allow-net`,
    );
  }
  throw new ConfigError(
    `${setting} points at ${host}, which this program may not reach: the release binary connects ` +
      `only to ${INTERCOM_HOSTS.join(", ")}. For another host (a proxy or a test double), run it ` +
      `from source with --allow-net=${host} added to its permissions ` +
      `(deno run --no-prompt -P --allow-net=${host} main.ts …)`,
  );
}

/** What the fence allows, as status reports it. */
export interface FenceReport {
  files: string;
  network: string[];
  environment: boolean;
  subprocesses: boolean;
  ffi: boolean;
}

export function describeFence(dataDir: string, apiUrl: string): FenceReport {
  const q = (d: Deno.PermissionDescriptor) => Deno.permissions.querySync(d).state === "granted";
  const root = Deno.build.os === "windows" ? "C:\\" : "/";
  const hosts = [...new Set([...INTERCOM_HOSTS, safeHost(apiUrl)])].filter((h): h is string => !!h);
  return {
    files: q({ name: "read", path: root }) ? "anywhere" : `only ${dataDir}`,
    network: hosts.filter((host) => q({ name: "net", host })),
    environment: q({ name: "env" }),
    subprocesses: q({ name: "run" }),
    ffi: q({ name: "ffi" }),
  };
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export interface ProbeResult {
  check: string;
  /** True when the operation was refused, as it must be; or done, for the allowed ones. */
  ok: boolean;
  detail: string;
}

/** Permissions the set of deno.json denies outright: never granted, never asked for. */
const DENIED = ["run", "ffi", "import"] as const;

/** Tries what the fence must refuse and what it must allow, for `doctor`. */
export async function probeFence(dataDir: string, outside: string): Promise<ProbeResult[]> {
  const refused = async (
    check: string,
    op: () => unknown | Promise<unknown>,
  ): Promise<ProbeResult> => {
    try {
      await op();
      return { check, ok: false, detail: "allowed: the fence is open" };
    } catch (e) {
      const name = (e as Error).name;
      // A module import refused by the fence is a TypeError that says which access it lacks.
      const fenced = name === "NotCapable" || name === "PermissionDenied" ||
        /^Requires read access/.test((e as Error).message);
      return {
        check,
        ok: fenced,
        detail: fenced ? "refused" : `failed otherwise: ${(e as Error).message}`,
      };
    }
  };
  const allowed = (check: string, op: () => unknown): ProbeResult => {
    try {
      op();
      return { check, ok: true, detail: "works" };
    } catch (e) {
      return { check, ok: false, detail: (e as Error).message };
    }
  };
  const probe = `${dataDir}/.doctor-probe`;
  const results = [
    allowed("write and read in the data directory", () => {
      Deno.writeTextFileSync(probe, "ok", { mode: 0o600 });
      Deno.readTextFileSync(probe);
      Deno.removeSync(probe);
    }),
  ];
  const notDenied = DENIED.filter((name) =>
    Deno.permissions.querySync({ name }).state !== "denied"
  );
  // Without the set's deny flags the program was started by hand, perhaps without --no-prompt:
  // on a terminal each refusal below would become a question, and a "yes" would open the fence.
  if (notDenied.length && Deno.stdin.isTerminal()) {
    results.push({
      check: "nothing outside the fence can be granted by a prompt",
      ok: false,
      detail: `${notDenied.join(", ")} not denied: started without the permission set of ` +
        "deno.json; run it as `deno task cli …` or with `deno run --no-prompt -P`",
    });
    return results;
  }
  // A file name that exists nowhere: refused means the fence was asked; "not found" would mean
  // the module loader looked on the disk outside.
  const json = pathToFileURL(join(outside, `.fast-intercom-mcp-probe-${crypto.randomUUID()}.json`));
  results.push(
    await refused(`read outside the data directory (${outside})`, () => Deno.readDirSync(outside)),
    await refused(
      "import a JSON file outside the data directory",
      () => import(json.href, { with: { type: "json" } }),
    ),
    await refused(
      "reach a host other than Intercom's (example.com)",
      () => fetch("https://example.com/", { signal: AbortSignal.timeout(2000) }),
    ),
    await refused("read an environment variable (PATH)", () => Deno.env.get("PATH")),
    await refused("start a program", () => new Deno.Command("true").outputSync()),
  );
  // After a refusal Deno marks the path "denied" only when it could have asked (no --no-prompt).
  const asked = Deno.permissions.querySync({ name: "read", path: outside }).state === "denied";
  results.push({
    check: "nothing outside the fence can be granted by a prompt",
    ok: !notDenied.length && !asked,
    detail: notDenied.length || asked
      ? `${
        notDenied.length ? `${notDenied.join(", ")} not denied` : "prompts are on"
      }: run it as \`deno task cli …\` or with \`deno run --no-prompt -P\``
      : `${DENIED.join(", ")} denied; the rest refused without asking (--no-prompt)`,
  });
  return results;
}
