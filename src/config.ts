// Settings, read once at the edge into one typed object: flag, then environment, then
// config.json in the data directory, then the default. Nothing else reads the environment.

import { join } from "node:path";
import { type Region, REGION_HOSTS } from "./intercom/regions.ts";

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
  let text: string;
  try {
    text = Deno.readTextFileSync(configPath(dataDir));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw new ConfigError(`cannot read ${configPath(dataDir)}: ${(e as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new Error("expected a JSON object");
    }
    return parsed as ConfigFile;
  } catch (e) {
    throw new ConfigError(
      `${configPath(dataDir)} is not valid JSON (${
        (e as Error).message
      }); fix it or run \`fast-intercom-mcp init\` again`,
    );
  }
}

/** Creates the data directory private (0700) from the first moment, and tightens an old one. */
export function ensureDataDir(dataDir: string): void {
  Deno.mkdirSync(join(dataDir, "logs"), { recursive: true, mode: 0o700 });
  if (Deno.build.os !== "windows") {
    Deno.chmodSync(dataDir, 0o700);
    Deno.chmodSync(join(dataDir, "logs"), 0o700);
  }
}

/** Writes config.json atomically, 0600 from the moment the file exists. */
export function writeConfigFile(dataDir: string, config: ConfigFile): void {
  ensureDataDir(dataDir);
  const target = configPath(dataDir);
  const temp = `${target}.tmp`;
  Deno.writeTextFileSync(temp, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });
  if (Deno.build.os !== "windows") Deno.chmodSync(temp, 0o600);
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
    throw new ConfigError(`log level "${level}" is not one of ${LOG_LEVELS.join(", ")}`);
  }
  const regionRaw = String(
    pick(flags.region, env.FASTINTERCOM_REGION, file.region)?.value ?? "us",
  ).toLowerCase();
  if (!(regionRaw in REGION_HOSTS)) {
    throw new ConfigError(`region "${regionRaw}" is not one of us, eu, au`);
  }
  const region = regionRaw as Region;
  const apiUrl = pick(undefined, env.FASTINTERCOM_API_URL, file.api_url);
  if (apiUrl) checkUrl(String(apiUrl.value));

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
    throw new ConfigError(`${key} must be a number of 0 or more, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`api_url "${url}" is not a URL (expected e.g. https://api.intercom.io)`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError(`api_url "${url}" must be http or https`);
  }
}
