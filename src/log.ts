// Logging: to stderr and to the log file, never to stdout (in `start` stdout is the protocol).
// Every line passes through one redaction that removes the access token, whatever logged it, and
// one escaping of control characters, so that no value can forge a line or drive a terminal.

import {
  compareLogLevel,
  configureSync,
  disposeSync,
  getLogger,
  getTextFormatter,
  type LogLevel as LtLevel,
  type LogRecord,
  type Sink,
} from "@logtape/logtape";
import { dirname } from "node:path";
import type { LogLevel } from "./config.ts";
import { openOwnFileForAppend } from "./datadir.ts";

export { getLogger };
export type { LogRecord, Sink };

export const ROOT = "fast-intercom-mcp";

const LEVELS: Record<LogLevel, LtLevel> = {
  DEBUG: "debug",
  INFO: "info",
  WARNING: "warning",
  ERROR: "error",
};

export function toLogtapeLevel(level: LogLevel): LtLevel {
  return LEVELS[level];
}

/** Replaces each secret in a text; secrets shorter than 8 characters are not real tokens. */
export function redactor(
  secrets: readonly (string | null | undefined)[],
): (text: string) => string {
  const list = secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  return (text) => list.reduce((t, s) => t.split(s).join("[redacted]"), text);
}

/**
 * C0 and C1 control characters, DEL, and the marks that reorder text on screen (bidirectional
 * overrides and isolates): each becomes a visible escape such as \n or \x1b. Tabs stay.
 */
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r" };

/** Text with every control character written out, so that it stays on one line and inert. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return NAMED[ch] ??
      (code < 0x100
        ? `\\x${code.toString(16).padStart(2, "0")}`
        : `\\u${code.toString(16).padStart(4, "0")}`);
  });
}

/** A log's text for a terminal: each line escaped, the lines kept apart. */
export function inertLines(text: string): string {
  return text.split("\n").map(escapeControl).join("\n");
}

/** One log line: the formatter's text escaped, ended by the one newline the escaping kept out. */
function oneLine(text: string): string {
  return escapeControl(text.replace(/\n$/, "")) + "\n";
}

const LOG_FILE_LIMIT = 10 * 1024 * 1024;

export interface LoggingOptions {
  level: LogLevel;
  /** Write to stderr too (the CLI with --verbose, and `start`). */
  stderr: boolean;
  /** The log file, or null for none (tests of pure parts). */
  file: string | null;
  secrets: readonly (string | null | undefined)[];
  /** More sinks, e.g. MCP logging notifications; they receive redacted text. */
  extra?: Record<string, (line: string, record: LogRecord) => void>;
}

export function setupLogging(opts: LoggingOptions): void {
  const redact = redactor(opts.secrets);
  // Strings as they are: quoting every value makes log lines hard to read.
  const value = (v: unknown) => typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
  const format = getTextFormatter({ timestamp: "date-time-timezone", value });
  const encoder = new TextEncoder();
  const sinks: Record<string, Sink> = {};
  const level = toLogtapeLevel(opts.level);
  // Extra sinks choose their own level (an MCP client sets one), so the logger lets all
  // through and the stderr and file sinks keep to the configured level.
  const wanted = (record: LogRecord) => compareLogLevel(record.level, level) >= 0;
  if (opts.stderr) {
    sinks.stderr = (record) => {
      if (wanted(record)) Deno.stderr.writeSync(encoder.encode(oneLine(redact(format(record)))));
    };
  }
  const file = opts.file ? openLogFileOrNull(opts.file, opts.stderr) : null;
  if (file) {
    sinks.file = Object.assign((record: LogRecord) => {
      if (wanted(record)) file.writeSync(encoder.encode(oneLine(redact(format(record)))));
    }, { [Symbol.dispose]: () => file.close() });
  }
  const messageOnly = getTextFormatter({ value, format: ({ message }) => message });
  for (const [name, write] of Object.entries(opts.extra ?? {})) {
    sinks[name] = (record) => write(redact(messageOnly(record)).trimEnd(), record);
  }
  configureSync({
    reset: true,
    sinks,
    loggers: [
      {
        category: [ROOT],
        lowestLevel: opts.extra ? "debug" : level,
        sinks: Object.keys(sinks),
      },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: [] },
    ],
  });
}

/**
 * The log file, or null when it cannot be written (a read-only or full disk): the command
 * still runs, and where log lines go to stderr anyway it says so there.
 */
function openLogFileOrNull(path: string, warn: boolean): Deno.FsFile | null {
  try {
    return openLogFile(path);
  } catch (e) {
    if (!warn) return null;
    Deno.stderr.writeSync(
      new TextEncoder().encode(
        `fast-intercom-mcp: not logging to ${path}: ${(e as Error).message}\n`,
      ),
    );
    return null;
  }
}

/**
 * Appends, never through a link; a file past 10 MB is moved aside to `.1` first so the log
 * cannot fill the disk (a rename moves the name itself, never what a link points at).
 */
function openLogFile(path: string): Deno.FsFile {
  Deno.mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    if (Deno.lstatSync(path).size > LOG_FILE_LIMIT) Deno.renameSync(path, `${path}.1`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return openOwnFileForAppend(path);
}

export function closeLogging(): void {
  disposeSync();
}
