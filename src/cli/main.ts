// The command line: parses arguments, builds the app, runs one command, and returns the exit
// status (0 done, 1 failed, 2 wrong usage). Only main.ts exits the process.

import { parseArgs } from "node:util";
import { App } from "../app.ts";
import {
  cachePath,
  ConfigError,
  type Env,
  loadSettings,
  logPath,
  readConfigFile,
  type Settings,
  writeConfigFile,
} from "../config.ts";
import { ConversationIdError, conversationIdFrom, loadConversation } from "../conversation/load.ts";
import { renderConversation, viewConversation } from "../conversation/view.ts";
import { IntercomClient, IntercomError } from "../intercom/client.ts";
import { type Region, REGION_HOSTS } from "../intercom/regions.ts";
import { closeLogging, getLogger, inertLines, setupLogging } from "../log.ts";
import { checkOwnFile, readOwnTextFile } from "../datadir.ts";
import { search, type SearchInput, SearchInputError } from "../search/search.ts";
import { renderSearch } from "../search/render.ts";
import { renderStatus, statusReport } from "../status.ts";
import { CacheError } from "../store/db.ts";
import { SyncLock, syncLockPath } from "../sync/lock.ts";
import { versionLine } from "../version.ts";
import { formatDuration, progressReporter } from "./progress.ts";
import { HELP, usage } from "./help.ts";
import { serveStdio } from "../mcp/server.ts";
import { assertReachable, probeFence } from "../fence.ts";
import { dirname } from "node:path";
import { DEFAULT_HOST, DEFAULT_PORT } from "../mcp/address.ts";
import { serveHttp } from "../mcp/http.ts";
import { report, REPORT_OPTIONS } from "./report.ts";

const log = getLogger(["fast-intercom-mcp", "cli"]);

export class UsageError extends Error {
  override name = "UsageError";
}

export interface Io {
  stdout: { writeSync(b: Uint8Array): number; isTerminal(): boolean };
  stderr: { writeSync(b: Uint8Array): number; isTerminal(): boolean };
  stdin: {
    isTerminal(): boolean;
    setRaw?(raw: boolean): void;
    read(b: Uint8Array): Promise<number | null>;
  };
  /** Aborted on SIGINT/SIGTERM: long commands stop at a safe point. */
  signal: AbortSignal;
}

const encoder = new TextEncoder();

const OPTIONS = {
  ...REPORT_OPTIONS,
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  verbose: { type: "boolean", short: "v" },
  "data-dir": { type: "string" },
  token: { type: "string" },
  region: { type: "string" },
  json: { type: "boolean" },
  force: { type: "boolean" },
  days: { type: "string" },
  timeframe: { type: "string", short: "t" },
  email: { type: "string" },
  limit: { type: "string" },
  state: { type: "string" },
  assignee: { type: "string" },
  team: { type: "string" },
  tag: { type: "string" },
  priority: { type: "string" },
  sort: { type: "string" },
  cursor: { type: "string" },
  offset: { type: "string" },
  n: { type: "string", short: "n" },
  follow: { type: "boolean", short: "f" },
  yes: { type: "boolean", short: "y" },
  host: { type: "string" },
  port: { type: "string" },
} as const;

/** Which options each command takes, besides the global ones. */
const ALLOWED: Record<string, readonly string[]> = {
  init: ["token", "region"],
  status: ["json"],
  sync: ["force", "days", "json"],
  start: [],
  serve: ["host", "port"],
  search: [
    "timeframe",
    "email",
    "limit",
    "json",
    "state",
    "assignee",
    "team",
    "tag",
    "priority",
    "sort",
    "cursor",
  ],
  show: ["json", "offset", "limit"],
  report: Object.keys(REPORT_OPTIONS),
  logs: ["n", "follow"],
  reset: ["yes"],
  doctor: ["json"],
  help: [],
};
const GLOBAL = ["help", "version", "verbose", "data-dir"];

type Values = ReturnType<typeof parse>["values"];

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
}

export async function main(args: string[], env: Env, io: Io): Promise<number> {
  const out = (s: string) => io.stdout.writeSync(encoder.encode(s.endsWith("\n") ? s : s + "\n"));
  const err = (s: string) => io.stderr.writeSync(encoder.encode(s.endsWith("\n") ? s : s + "\n"));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    err(`fast-intercom-mcp: ${(e as Error).message}\nRun \`fast-intercom-mcp --help\` for usage.`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    out(versionLine());
    return 0;
  }
  if (!command || command === "help" || values.help) {
    const topic = command === "help" ? rest[0] : command;
    if (topic && !(topic in ALLOWED)) {
      err(`fast-intercom-mcp: unknown command "${topic}"\n\n${HELP}`);
      return 2;
    }
    out(topic ? usage(topic) : HELP);
    return command || values.help ? 0 : 2;
  }
  if (!(command in ALLOWED)) {
    err(
      `fast-intercom-mcp: unknown command "${command}"\nRun \`fast-intercom-mcp --help\` for the commands.`,
    );
    return 2;
  }
  const stray = Object.keys(values).filter((k) =>
    !GLOBAL.includes(k) && !ALLOWED[command].includes(k)
  );
  if (stray.length) {
    err(`fast-intercom-mcp ${command}: unknown option --${stray[0]}\n\n${usage(command)}`);
    return 2;
  }

  let settings: Settings | null = null;
  try {
    settings = loadSettings({
      dataDir: values["data-dir"],
      token: values.token,
      region: command === "init" ? values.region : undefined,
      verbose: values.verbose,
    }, env);
    // `start` logs to stderr always (the client shows it); other commands only with --verbose.
    setupLogging({
      level: settings.logLevel,
      stderr: command === "start" || values.verbose === true,
      file: logPath(settings.dataDir),
      secrets: [settings.accessToken, values.token],
    });
    return await run(command, rest, values, settings, env, io, out, err);
  } catch (e) {
    return fail(e, err, command);
  } finally {
    closeLogging();
  }
}

function fail(e: unknown, err: (s: string) => void, command: string): number {
  if (e instanceof UsageError) {
    err(`fast-intercom-mcp ${command}: ${e.message}\n\n${usage(command)}`);
    return 2;
  }
  const known = e instanceof ConfigError || e instanceof CacheError || e instanceof IntercomError ||
    e instanceof SearchInputError || e instanceof ConversationIdError;
  const message = e instanceof Error ? e.message : String(e);
  if (!known) {
    log.error("{command} failed: {error}", {
      command,
      error: e instanceof Error ? e.stack ?? message : message,
    });
  }
  err(`fast-intercom-mcp ${command}: ${message}`);
  return 1;
}

function intOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

async function run(
  command: string,
  rest: string[],
  values: Values,
  settings: Settings,
  env: Env,
  io: Io,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  switch (command) {
    case "init":
      return await init(values, settings, env, io, out, err);
    case "logs":
      return await logs(values, settings, io, out);
    case "reset":
      return await reset(values, settings, io, out, err);
  }
  const app = new App(settings);
  try {
    switch (command) {
      case "status": {
        if (rest.length) throw new UsageError(`status takes no arguments, got "${rest[0]}"`);
        const report = await statusReport(app);
        out(values.json ? JSON.stringify(report, null, 2) : renderStatus(report));
        return 0;
      }
      case "sync":
        return await sync(app, values, io, out, err);
      case "search": {
        const query = rest.join(" ");
        const result = search({
          store: app.store,
          now: new Date(app.now() * 1000),
          freshness: await app.freshness(),
          conversationUrl: (id) => app.conversationUrl(id),
        }, {
          query,
          timeframe: values.timeframe,
          customer_email: values.email,
          state: values.state as SearchInput["state"],
          assignee: values.assignee,
          team: values.team,
          tag: values.tag,
          priority: values.priority as SearchInput["priority"],
          sort: values.sort as never,
          limit: intOption("limit", values.limit, 1, 150),
          cursor: values.cursor,
        });
        out(values.json ? JSON.stringify(result, null, 2) : renderSearch(result));
        return 0;
      }
      case "show": {
        if (rest.length !== 1) {
          throw new UsageError("show takes one conversation id or Intercom URL");
        }
        const id = conversationIdFrom(rest[0]);
        const loaded = await loadConversation(app, id, io.signal);
        if (!loaded) {
          err(
            `fast-intercom-mcp show: conversation ${id} was not found in the cache${
              settings.accessToken ? " or in Intercom" : " (no token set to ask Intercom)"
            }`,
          );
          return 1;
        }
        const view = viewConversation(loaded.cached, {
          url: app.conversationUrl(id),
          offset: intOption("offset", values.offset, 0, 1_000_000) ?? 0,
          limit: intOption("limit", values.limit, 1, 1_000_000),
        });
        out(values.json ? JSON.stringify(view, null, 2) : renderConversation(view));
        return 0;
      }
      case "report": {
        if (values.json && values.csv) throw new UsageError("choose one of --json and --csv");
        out(
          await report(app, rest.join(" "), {
            ...values,
            limit: intOption("limit", values.limit, 1, 500),
          }),
        );
        return 0;
      }
      case "doctor":
        return await doctor(app, values, out);
      case "start": {
        await serveStdio(app, io.signal);
        return 0;
      }
      case "serve": {
        if (rest.length) throw new UsageError(`serve takes no arguments, got "${rest[0]}"`);
        await serveHttp(app, {
          hostname: values.host ?? DEFAULT_HOST,
          port: intOption("port", values.port, 1, 65535) ?? DEFAULT_PORT,
          token: env.FASTINTERCOM_SERVER_TOKEN,
          signal: io.signal,
          notice: err,
        });
        return 0;
      }
    }
    throw new UsageError(`unknown command "${command}"`);
  } finally {
    app.close();
  }
}

/** Checks the data directory, the cache, the fence and, with a token, the connection. */
async function doctor(app: App, values: Values, out: (s: string) => void): Promise<number> {
  const checks = await probeFence(app.settings.dataDir, dirname(app.settings.dataDir));
  const integrity = app.store.db.prepare("PRAGMA quick_check").get() as { quick_check: string };
  checks.push({
    check: "the cache passes SQLite's quick check",
    ok: integrity.quick_check === "ok",
    detail: integrity.quick_check,
  });
  if (app.settings.accessToken) {
    try {
      const me = await app.client.me();
      checks.push({
        check: `the token works (${app.settings.apiUrl})`,
        ok: true,
        detail: me.app.name ?? "ok",
      });
    } catch (e) {
      checks.push({
        check: `the token works (${app.settings.apiUrl})`,
        ok: false,
        detail: (e as Error).message,
      });
    }
  } else {
    checks.push({ check: "a token is set", ok: false, detail: "run `fast-intercom-mcp init`" });
  }
  if (values.json) out(JSON.stringify(checks, null, 2));
  else out(checks.map((c) => `${c.ok ? "ok  " : "FAIL"} ${c.check}: ${c.detail}`).join("\n"));
  return checks.every((c) => c.ok) ? 0 : 1;
}

async function sync(
  app: App,
  values: Values,
  io: Io,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const days = intOption("days", values.days, 1, 3650);
  if (days !== undefined && !values.force) {
    throw new UsageError("--days goes with --force (an incremental sync reads only what changed)");
  }
  const progress = progressReporter(io.stderr);
  const summary = await app.syncer.sync({
    force: values.force === true,
    ...(days === undefined ? {} : { days }),
    signal: io.signal,
    onProgress: (p) => progress.update(p),
    onWait: () => err("Another sync of this data directory is running; waiting for it to finish…"),
  }).finally(() => progress.finish());
  if (values.json) {
    out(JSON.stringify(summary, null, 2));
  } else {
    out(
      `Sync (${summary.kind}) done in ${formatDuration(summary.durationMs / 1000)}: ` +
        `${summary.newCount} new, ${summary.changedCount} changed, ${summary.deletedCount} deleted, ` +
        `${summary.unchangedCount} unchanged; ${summary.requests} requests` +
        (summary.retries ? ` (${summary.retries} retried)` : ""),
    );
  }
  return 0;
}

async function init(
  values: Values,
  settings: Settings,
  env: Env,
  io: Io,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let token = values.token?.trim() || env.INTERCOM_ACCESS_TOKEN?.trim() || "";
  if (!token) {
    if (!io.stdin.isTerminal()) {
      throw new UsageError(
        "no token: pass --token T or set INTERCOM_ACCESS_TOKEN (no terminal to ask on)",
      );
    }
    token = await readHidden("Intercom access token (input hidden): ", io);
    if (!token) throw new UsageError("no token was entered");
  }
  setupLogging({
    level: settings.logLevel,
    stderr: values.verbose === true,
    file: logPath(settings.dataDir),
    secrets: [token],
  });
  const regionFlag = values.region?.toLowerCase();
  if (regionFlag && !(regionFlag in REGION_HOSTS)) {
    throw new UsageError(`--region must be us, eu or au, got "${values.region}"`);
  }
  const candidates: { region: Region; url: string }[] = settings.apiUrlSource !== "default"
    ? [{ region: (regionFlag as Region) ?? settings.region, url: settings.apiUrl }]
    : regionFlag
    ? [{ region: regionFlag as Region, url: REGION_HOSTS[regionFlag as Region] }]
    : (Object.keys(REGION_HOSTS) as Region[]).map((r) => ({ region: r, url: REGION_HOSTS[r] }));
  let lastError: unknown = null;
  for (const c of candidates) {
    assertReachable(c.url, settings.apiUrlSource);
    const client = new IntercomClient({
      baseUrl: c.url,
      token,
      retry: { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 2000 },
    });
    try {
      const me = await client.me(io.signal);
      const previous = readConfigFile(settings.dataDir);
      writeConfigFile(settings.dataDir, {
        ...previous,
        access_token: token,
        region: c.region,
        ...(me.app.name ? { workspace_name: me.app.name } : {}),
        ...(me.app.idCode ? { workspace_id: me.app.idCode } : {}),
      });
      out(
        `Token accepted for workspace ${me.app.name ?? "(unnamed)"}${
          me.app.idCode ? ` (${me.app.idCode})` : ""
        }, ` +
          `region ${c.region}, as ${me.name ?? me.email ?? "admin " + me.adminId}.\n` +
          `Saved to ${settings.dataDir}/config.json (mode 0600). Next: fast-intercom-mcp sync`,
      );
      return 0;
    } catch (e) {
      lastError = e;
      if (e instanceof IntercomError && e.status === 401 && candidates.length > 1) continue;
      break;
    }
  }
  if (lastError instanceof IntercomError && lastError.status === 401 && candidates.length > 1) {
    err(
      "fast-intercom-mcp init: the token was refused in every region (us, eu, au); check that it is a current access token",
    );
    return 1;
  }
  throw lastError;
}

/** Reads a line from the terminal without echoing it. */
async function readHidden(prompt: string, io: Io): Promise<string> {
  io.stderr.writeSync(encoder.encode(prompt));
  io.stdin.setRaw?.(true);
  const chars: string[] = [];
  const buf = new Uint8Array(256);
  const decoder = new TextDecoder();
  try {
    for (let reads = 0; reads < 10_000; reads++) {
      const n = await io.stdin.read(buf);
      if (n === null) break;
      const text = decoder.decode(buf.subarray(0, n));
      for (const ch of text) {
        if (ch === "\r" || ch === "\n") return chars.join("").trim();
        if (ch === "\x03") throw new UsageError("cancelled");
        if (ch === "\x7f" || ch === "\b") chars.pop();
        else if (ch >= " ") chars.push(ch);
      }
    }
    return chars.join("").trim();
  } finally {
    io.stdin.setRaw?.(false);
    io.stderr.writeSync(encoder.encode("\n"));
  }
}

async function logs(
  values: Values,
  settings: Settings,
  io: Io,
  out: (s: string) => void,
): Promise<number> {
  const n = intOption("n", values.n, 1, 100_000) ?? 50;
  const path = logPath(settings.dataDir);
  let text = "";
  try {
    text = readOwnTextFile(path) ?? "";
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const lines = text.split("\n").filter((l) => l !== "");
  if (lines.length) out(inertLines(lines.slice(-n).join("\n")));
  else if (!values.follow) out(`(the log ${path} is empty)`);
  if (!values.follow) return 0;
  let size = new TextEncoder().encode(text).length;
  while (!io.signal.aborted) {
    await new Promise((r) => setTimeout(r, 500));
    let stat: Deno.FileInfo | null;
    try {
      stat = checkOwnFile(path);
    } catch {
      continue;
    }
    if (!stat) continue;
    if (stat.size < size) size = 0; // rotated
    if (stat.size > size) {
      const f = Deno.openSync(path, { read: true });
      try {
        f.seekSync(size, Deno.SeekMode.Start);
        const buf = new Uint8Array(stat.size - size);
        let read = 0;
        while (read < buf.length) {
          const r = f.readSync(buf.subarray(read));
          if (r === null || r === 0) break;
          read += r;
        }
        io.stdout.writeSync(
          encoder.encode(inertLines(new TextDecoder().decode(buf.subarray(0, read)))),
        );
        size += read;
      } finally {
        f.close();
      }
    }
  }
  return 0;
}

async function reset(
  values: Values,
  settings: Settings,
  io: Io,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const path = cachePath(settings.dataDir);
  if (await SyncLock.isHeld(syncLockPath(settings.dataDir))) {
    err(
      "fast-intercom-mcp reset: a sync is running on this data directory; stop it (or wait) and try again",
    );
    return 1;
  }
  if (!values.yes) {
    if (!io.stdin.isTerminal()) {
      throw new UsageError("pass --yes to delete the cache without a question");
    }
    io.stderr.writeSync(
      encoder.encode(`Delete the cache ${path} and its sync state? config.json is kept. [y/N] `),
    );
    const buf = new Uint8Array(64);
    const n = await io.stdin.read(buf);
    const answer = n ? new TextDecoder().decode(buf.subarray(0, n)).trim().toLowerCase() : "";
    if (answer !== "y" && answer !== "yes") {
      out("Nothing deleted.");
      return 0;
    }
  }
  let removed = 0;
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      Deno.removeSync(path + suffix);
      removed++;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  out(
    removed
      ? `Deleted the cache in ${settings.dataDir}; config.json is kept. Run \`fast-intercom-mcp sync\` to fill it again.`
      : `No cache to delete in ${settings.dataDir}.`,
  );
  return 0;
}
