// Usage text: the whole list, and one page per command.

import { REPORT_USAGE } from "./report.ts";

export const HELP =
  `fast-intercom-mcp: a fast local cache of your Intercom conversations, for MCP clients.

Usage: fast-intercom-mcp [--verbose] [--data-dir DIR] <command> [options]

Commands:
  init [--token T] [--region us|eu|au]   check the token and save config.json
  status [--json]                        workspace, cache counts and size, last sync, freshness
  sync [--force] [--days N]              bring the cache up to date (incremental by default)
  start                                  run the MCP server on stdio (for Claude Desktop and others)
  serve [--host H] [--port N]            run the MCP server over HTTP for a team, with a token
  search QUERY [options]                 full-text search over every message of the cache
  show ID [--json]                       one conversation, whole (an id or an inbox URL)
  report [QUERY] [options]               support numbers: volume, reply and close times, CSAT, Fin
  logs [-n N] [--follow]                 the end of the log file
  reset [--yes]                          delete the cache and sync state (keeps config.json)
  doctor [--json]                        check the data directory, the cache, the permission fence, the token
  help COMMAND                           more on one command

Global options:
  --data-dir DIR   where config.json, cache.db and logs/ live (default ~/.fast-intercom-mcp)
  --verbose        log debug lines to stderr
  --version        print the version
  --help           print this help

Settings come from flags, then the environment (INTERCOM_ACCESS_TOKEN, FASTINTERCOM_DATA_DIR,
FASTINTERCOM_LOG_LEVEL, FASTINTERCOM_MAX_SYNC_AGE_MINUTES, FASTINTERCOM_BACKGROUND_SYNC_INTERVAL,
FASTINTERCOM_INITIAL_SYNC_DAYS, FASTINTERCOM_REGION, FASTINTERCOM_API_URL,
FASTINTERCOM_SERVER_TOKEN), then config.json.
Exit status: 0 done, 1 failed, 2 wrong usage.`;

const PAGES: Record<string, string> = {
  init: `Usage: fast-intercom-mcp init [--token T] [--region us|eu|au]

Checks the access token with GET /me, finds the workspace's region when none is given, and writes
config.json (mode 0600) in the data directory. Without --token, INTERCOM_ACCESS_TOKEN is used, or
the token is asked for on the terminal with hidden input. The token is never printed.`,
  status: `Usage: fast-intercom-mcp status [--json]

Shows the workspace and region, whether a token is set (never the token), conversation and message
counts, the cache's size on disk, the oldest and newest cached conversation, the last sync and its
outcome, and whether a sync runs now.`,
  sync: `Usage: fast-intercom-mcp sync [--force] [--days N] [--json]

Brings the cache up to date. Incremental by default: only conversations changed since the last sync
are read. The first sync covers initial_sync_days (30). --force --days N re-reads the last N days in
full. Shows a progress bar on a terminal, plain lines otherwise, and a summary at the end. One sync
runs at a time per data directory; a second one waits for the first.`,
  start: `Usage: fast-intercom-mcp start

Runs the MCP server on stdio. stdout carries only MCP messages; logs go to stderr and the log file.
The cache is kept fresh in the background every background_sync_interval_minutes.`,
  serve: `Usage: fast-intercom-mcp serve [--host 127.0.0.1] [--port 8765]

Runs the MCP server over Streamable HTTP at http://HOST:PORT/mcp: the same tools, resources and
prompts as start, one cache and one background sync for every connected client. GET /health
answers {"status":"ok"} and nothing more.

Every request must carry the server's own token (not the Intercom token) as
"Authorization: Bearer <token>": FASTINTERCOM_SERVER_TOKEN, or else one made on the first serve,
stored in server_token in the data directory (mode 0600) and shown once on stderr.

It listens on 127.0.0.1 unless --host says otherwise; other machines can reach any other address,
over plain HTTP, so put TLS in front. Requests are refused when they come from a web page of
another origin, or when their Host header is not the --host address, localhost, 127.0.0.1 or
[::1] (or, on 0.0.0.0 or ::, any IP address) with the port: against DNS rebinding. The default
permissions allow listening on 127.0.0.1:8765 only; from source, another address needs
--allow-net on the deno run command line (the error says which). SIGINT or SIGTERM stops it,
letting calls in flight finish for a few seconds.`,
  search: `Usage: fast-intercom-mcp search QUERY [options]

Ranked full-text search over every message (subject, opening message, replies and notes).
Words are all required; "a phrase" in quotes; word* for a prefix.

Options:
  -t, --timeframe T   "last 7 days", "yesterday", "this month", "since Monday", "2026-01-01 to 2026-02-15"
  --email E           only this customer's conversations
  --state S           open, closed or snoozed
  --assignee A        a teammate's name, email or id, or "unassigned"
  --team T            a team's name or id
  --tag T             a tag's name or id
  --priority P        none, low, medium, high or urgent
  --sort S            relevance (default with a query), newest or oldest
  --limit N           results per page (default 50, at most 150)
  --cursor C          the next page, from a previous result
  --json              the result as JSON`,
  show: `Usage: fast-intercom-mcp show ID [--json] [--offset N] [--limit N]

One conversation, whole: every message in order with its author and time, notes marked internal,
events in words. ID is a conversation id or an Intercom inbox URL. A conversation not cached yet is
read from Intercom once and cached.`,
  logs: `Usage: fast-intercom-mcp logs [-n N] [--follow]

Prints the last N lines (default 50) of the log file; --follow keeps printing new lines until Ctrl-C.`,
  reset: `Usage: fast-intercom-mcp reset [--yes]

Deletes the cache and its sync state; keeps config.json and the log. Asks first unless --yes.`,
  doctor: `Usage: fast-intercom-mcp doctor [--json]

Checks that the data directory can be written, that the cache passes SQLite's quick check, that
the permission fence holds (reading outside the data directory, reaching a host other than
Intercom's, reading an environment variable and starting a program are all refused), and, when a
token is set, that Intercom accepts it. Exit status 0 when every check passes.`,
  report: REPORT_USAGE,
  help: `Usage: fast-intercom-mcp help COMMAND`,
};

export function usage(command: string): string {
  return PAGES[command] ?? HELP;
}
