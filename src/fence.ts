// The permission fence: the program's own code runs in a Worker that may touch only its data
// directory, reach only Intercom's API hosts (and a test double's, when the process itself may),
// read no environment variable, and start no program. The process around it only reads the
// settings, makes the data directory, and starts the Worker.

import { REGION_HOSTS } from "./intercom/regions.ts";

export const INTERCOM_HOSTS = Object.values(REGION_HOSTS).map((u) => new URL(u).host);

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
    sys: false,
    import: false,
  };
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
  const state = Deno.permissions.querySync({ name: "net", host: url.host }).state;
  return state === "granted" ? url.host : null;
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
      const fenced = name === "NotCapable" || name === "PermissionDenied";
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
  return [
    allowed("write and read in the data directory", () => {
      Deno.writeTextFileSync(probe, "ok", { mode: 0o600 });
      Deno.readTextFileSync(probe);
      Deno.removeSync(probe);
    }),
    await refused(`read outside the data directory (${outside})`, () => Deno.readDirSync(outside)),
    await refused(
      "reach a host other than Intercom's (example.com)",
      () => fetch("https://example.com/", { signal: AbortSignal.timeout(2000) }),
    ),
    await refused("read an environment variable (PATH)", () => Deno.env.get("PATH")),
    await refused("start a program", () => new Deno.Command("true").outputSync()),
  ];
}
