// Settings, read once at the edge into one typed object: flag, then environment, then
// config.json in the data directory, then the default. Nothing else reads the environment.

import { join } from "node:path";
import { type Region, REGION_HOSTS } from "./intercom/regions.ts";
import { checkDataDir, checkOwnFile, ensureDataDir, readOwnTextFile } from "./datadir.ts";

export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;
export type LogLevel = typeof LOG_LEVELS[number];

export type Source = "flag" | "environment" | "config.json" | "default";

export interface Settings {
  dataDir: string;
  accessToken: string | null;
  tokenSource: Source | null;
  logLevel: LogLevel;
  maxSyncAgeMinutes: number;
  backgroundSyncIntervalMinutes: number;
  initialSyncDays: number;
  region: Region;
  /** Where requests go: the region's host unless `api_url` names another. */
  apiUrl: string;
  apiUrlSource: Source;
}

/** What config.json may hold; `init` writes it. */
export interface ConfigFile {
  access_token?: string;
  log_level?: string;
  max_sync_age_minutes?: number;
  background_sync_interval_minutes?: number;
  initial_sync_days?: number;
  region?: string;
  api_url?: string;
  workspace_name?: string;
  workspace_id?: string;
}

/** Intercom's API hosts, one per region: the only ones the fence lets the program reach. */
export const INTERCOM_HOSTS = Object.values(REGION_HOSTS).map((u) => new URL(u).host);

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The environment variables this program reads: the permission set grants exactly these. */
export const ENV_NAMES = [
  "INTERCOM_ACCESS_TOKEN",
  "FASTINTERCOM_DATA_DIR",
  "FASTINTERCOM_LOG_LEVEL",
  "FASTINTERCOM_MAX_SYNC_AGE_MINUTES",
  "FASTINTERCOM_BACKGROUND_SYNC_INTERVAL",
  "FASTINTERCOM_INITIAL_SYNC_DAYS",
  "FASTINTERCOM_REGION",
  "FASTINTERCOM_API_URL",
  "FASTINTERCOM_SERVER_TOKEN",
  "HOME",
  "USERPROFILE",
] as const;

export function dataDirFrom(flag: string | undefined, env: Env): string {
  if (flag) return flag;
  if (env.FASTINTERCOM_DATA_DIR) return env.FASTINTERCOM_DATA_DIR;
  const home = env.HOME ?? env.USERPROFILE;
  if (!home) {
    throw new ConfigError(
      "cannot find the home folder (HOME is not set); pass --data-dir or set FASTINTERCOM_DATA_DIR",
    );
  }
  return join(home, ".fast-intercom-mcp");
}

export const configPath = (dataDir: string) => join(dataDir, "config.json");
export const cachePath = (dataDir: string) => join(dataDir, "cache.db");
export const logPath = (dataDir: string) => join(dataDir, "logs", "fast-intercom-mcp.log");

export function readConfigFile(dataDir: string): ConfigFile {
  let text: string | null;
  try {
    text = readOwnTextFile(configPath(dataDir));
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`cannot read ${configPath(dataDir)}: ${(e as Error).message}`);
  }
  if (text === null) return {};
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SyntaxError("it is not a JSON object");
    }
    return parsed as ConfigFile;
  } catch (e) {
    // JSON.parse quotes the text around the fault, and that text may be the token.
    throw new ConfigError(
      `${configPath(dataDir)} is not valid JSON (${
        whereJsonFails(e as Error)
      }); fix it or run \`fast-intercom-mcp init\` again`,
    );
  }
}

/** Where JSON.parse stopped, without any of the text it quotes. */
function whereJsonFails(e: Error): string {
  const at = /line \d+ column \d+/.exec(e.message) ?? /position \d+/.exec(e.message);
  if (at) return `at ${at[0]}`;
  return e.message === "it is not a JSON object" ? e.message : "it does not parse";
}

/** Writes config.json atomically, 0600 from the moment the file exists, never through a link. */
export function writeConfigFile(dataDir: string, config: ConfigFile): void {
  ensureDataDir(dataDir);
  const target = configPath(dataDir);
  const temp = `${target}.tmp`;
  // A temporary file left by a run that was cut off: the program's own (checked), so replaced.
  if (checkOwnFile(temp)) Deno.removeSync(temp);
  // createNew: the file is made here, not opened through whatever the name points at.
  Deno.writeTextFileSync(temp, JSON.stringify(config, null, 2) + "\n", {
    createNew: true,
    mode: 0o600,
  });
  if (Deno.build.os !== "windows") Deno.chmodSync(temp, 0o600);
  // A rename replaces the name itself: a link planted as config.json is replaced, not followed.
  Deno.renameSync(temp, target);
}

export interface Flags {
  dataDir?: string;
  token?: string;
  region?: string;
  verbose?: boolean;
}

export function loadSettings(flags: Flags, env: Env): Settings {
  const dataDir = dataDirFrom(flags.dataDir, env);
  checkDataDir(dataDir, env.HOME ?? env.USERPROFILE);
  const file = readConfigFile(dataDir);
  const pick = <T>(flag: T | undefined, envValue: T | undefined, fileValue: T | undefined) =>
    flag !== undefined
      ? { value: flag, source: "flag" as const }
      : envValue !== undefined && envValue !== ""
      ? { value: envValue, source: "environment" as const }
      : fileValue !== undefined
      ? { value: fileValue, source: "config.json" as const }
      : null;

  const token = pick(flags.token, env.INTERCOM_ACCESS_TOKEN, file.access_token);
  const level = flags.verbose
    ? "DEBUG"
    : String(pick(undefined, env.FASTINTERCOM_LOG_LEVEL, file.log_level)?.value ?? "INFO")
      .toUpperCase();
  const logLevel = (level === "WARN" ? "WARNING" : level) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`log level ${shown(level)} is not one of ${LOG_LEVELS.join(", ")}`);
  }
  const regionRaw = String(
    pick(flags.region, env.FASTINTERCOM_REGION, file.region)?.value ?? "us",
  ).toLowerCase();
  if (!(regionRaw in REGION_HOSTS)) {
    throw new ConfigError(`region ${shown(regionRaw)} is not one of us, eu, au`);
  }
  const region = regionRaw as Region;
  const apiUrl = pick(undefined, env.FASTINTERCOM_API_URL, file.api_url);
  if (apiUrl) checkApiUrl(String(apiUrl.value), apiUrl.source);

  return {
    dataDir,
    accessToken: token ? String(token.value).trim() : null,
    tokenSource: token?.source ?? null,
    logLevel,
    maxSyncAgeMinutes: number(
      "max_sync_age_minutes",
      env.FASTINTERCOM_MAX_SYNC_AGE_MINUTES,
      file.max_sync_age_minutes,
      5,
    ),
    backgroundSyncIntervalMinutes: number(
      "background_sync_interval_minutes",
      env.FASTINTERCOM_BACKGROUND_SYNC_INTERVAL,
      file.background_sync_interval_minutes,
      10,
    ),
    initialSyncDays: number(
      "initial_sync_days",
      env.FASTINTERCOM_INITIAL_SYNC_DAYS,
      file.initial_sync_days,
      30,
    ),
    region,
    apiUrl: apiUrl ? String(apiUrl.value).replace(/\/+$/, "") : REGION_HOSTS[region],
    apiUrlSource: apiUrl?.source ?? "default",
  };
}

function number(
  key: string,
  envValue: string | undefined,
  fileValue: unknown,
  fallback: number,
): number {
  const raw = envValue !== undefined && envValue !== "" ? envValue : fileValue;
  if (raw === undefined || raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    throw new ConfigError(`${key} must be a number of 0 or more, got ${shown(String(raw))}`);
  }
  return n;
}

/**
 * A setting's wrong value, quoted only when it is short and plain: a long one may be a secret
 * pasted in the wrong place, and an error message must not carry it.
 */
function shown(value: string): string {
  return /^[\w.:+-]{0,12}$/.test(value)
    ? `"${value}"`
    : `(a value of ${value.length} characters, not shown)`;
}

/** 127.0.0.0/8, ::1 and localhost: plain http goes nowhere else. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function checkApiUrl(url: string, source: Source): void {
  const from = source === "environment" ? "FASTINTERCOM_API_URL" : `api_url in ${source}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoed: what is not a URL may be a token pasted into the wrong setting.
    throw new ConfigError(
      `${from} is not a URL (expected e.g. https://api.intercom.io; its value is not shown)`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new ConfigError(
      `${from} carries a user name or password; remove them (the access token is the only credential)`,
    );
  }
  if (parsed.protocol === "https:") return;
  if (parsed.protocol !== "http:") {
    throw new ConfigError(`${from} must be an https URL, got one starting "${parsed.protocol}"`);
  }
  if (INTERCOM_HOSTS.includes(parsed.hostname) || !isLoopback(parsed.hostname)) {
    throw new ConfigError(
      `${from} uses plain http to ${parsed.hostname}: the token would cross the network in clear; ` +
        "use https (plain http only to a loopback address such as 127.0.0.1)",
    );
  }
}
