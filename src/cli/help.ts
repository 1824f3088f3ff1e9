// Usage text: the whole list, and one page per command.

export const HELP =
  `fast-intercom-mcp: a fast local cache of your Intercom conversations, for MCP clients.

Usage: fast-intercom-mcp [--verbose] [--data-dir DIR] <command> [options]

Commands:
  init [--token T] [--region us|eu|au]   check the token and save config.json
  status [--json]                        workspace, cache counts and size, last sync, freshness
  sync [--force] [--days N]              bring the cache up to date (incremental by default)
  start                                  run the MCP server on stdio (for Claude Desktop and others)
  search QUERY [options]                 full-text search over every message of the cache
  show ID [--json]                       one conversation, whole (an id or an inbox URL)
  logs [-n N] [--follow]                 the end of the log file
  reset [--yes]                          delete the cache and sync state (keeps config.json)
  help COMMAND                           more on one command

Global options:
  --data-dir DIR   where config.json, cache.db and logs/ live (default ~/.fast-intercom-mcp)
  --verbose        log debug lines to stderr
  --version        print the version
  --help           print this help

Settings come from flags, then the environment (INTERCOM_ACCESS_TOKEN, FASTINTERCOM_DATA_DIR,
FASTINTERCOM_LOG_LEVEL, FASTINTERCOM_MAX_SYNC_AGE_MINUTES, FASTINTERCOM_BACKGROUND_SYNC_INTERVAL,
FASTINTERCOM_INITIAL_SYNC_DAYS, FASTINTERCOM_REGION, FASTINTERCOM_API_URL), then config.json.
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
  help: `Usage: fast-intercom-mcp help COMMAND`,
};

export function usage(command: string): string {
  return PAGES[command] ?? HELP;
}
