// Log lines for one MCP client, as logging notifications. A client hears nothing until it has
// initialized; then warnings and worse, and everything at the level it asks for once it sends
// logging/setLevel (some clients report any unasked-for notification as an error).

import type { LogLevel } from "../config.ts";
import type { LogRecord } from "../log.ts";
import { type LoggingLevel, type McpServer, SetLevelRequestSchema } from "./sdk.ts";

const MCP_LEVELS = {
  debug: "debug",
  info: "info",
  warning: "warning",
  error: "error",
  fatal: "critical",
  trace: "debug",
} as const;

const SEVERITY: LoggingLevel[] = [
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
];

const rank = (level: LoggingLevel) => SEVERITY.indexOf(level);

/**
 * The session a log line concerns, when it concerns one: a record whose `session` property is
 * a session id belongs to that session alone; `null` means a request no session owns (a refused
 * token, say), which no client hears; without the property the line is about the whole server.
 */
export function sessionOf(record: LogRecord): string | null | undefined {
  const session = record.properties.session;
  return typeof session === "string" || session === null ? session : undefined;
}

export type ClientLog = (line: string, record: LogRecord) => void;

/** The sink for one client's notifications; `configured` is the level of the log file. */
export function clientLogSink(server: McpServer, configured: LogLevel): ClientLog {
  let initialized = false;
  server.server.oninitialized = () => {
    initialized = true;
  };
  const fromConfig = MCP_LEVELS[configured.toLowerCase() as "debug" | "info" | "warning" | "error"];
  // Until the client asks, only what it would want to hear unasked.
  let threshold: LoggingLevel = rank(fromConfig) > rank("warning") ? fromConfig : "warning";
  server.server.setRequestHandler(SetLevelRequestSchema, (request) => {
    threshold = request.params.level;
    return {};
  });
  return (line, record) => {
    const level = MCP_LEVELS[record.level];
    if (!initialized || !server.isConnected() || rank(level) < rank(threshold)) return;
    server.sendLoggingMessage({
      level,
      logger: record.category.join("."),
      data: line,
    }).catch(() => {});
  };
}
