// `report`: conversation_stats on the command line. A table for people, with a bar chart of
// volume when grouped by day, week or month; --json (the tool's structured answer) and --csv
// for scripts.

import type { App } from "../app.ts";
import { renderStats, statsCsv, volumeChart } from "../stats/render.ts";
import {
  conversationStats,
  DEFAULT_GROUPS,
  GROUPINGS,
  MAX_GROUPS,
  type StatsInput,
} from "../stats/stats.ts";

/** Options `report` takes besides the global ones, as parseArgs declares them. */
export const REPORT_OPTIONS = {
  timeframe: { type: "string", short: "t" },
  timezone: { type: "string" },
  email: { type: "string" },
  state: { type: "string" },
  assignee: { type: "string" },
  team: { type: "string" },
  tag: { type: "string" },
  priority: { type: "string" },
  channel: { type: "string" },
  "group-by": { type: "string", short: "g" },
  compare: { type: "boolean" },
  limit: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
} as const;

export const REPORT_USAGE = `Usage: fast-intercom-mcp report [QUERY] [options]

Support numbers from the cache: conversations, first reply and close times (median and p90),
reopen rate, CSAT and Fin's involvement and resolutions, for the conversations created in the
timeframe. The same question as the conversation_stats tool.

Options:
  -t, --timeframe T   "last 7 days", "this month", "last month", "2026-10", "2026-01-01 to 2026-02-15"
  -g, --group-by G    ${GROUPINGS.join(", ")}
  --compare           also the previous period of equal length, and the change (needs --timeframe)
  --timezone Z        IANA zone of the timeframe and of days, weeks, months (default: this machine's)
  --email E           only this customer's conversations
  --state S           open, closed or snoozed
  --assignee A        a teammate's name, email or id, or "unassigned"
  --team T            a team's name or id
  --tag T             a tag's name or id
  --priority P        none, low, medium, high or urgent
  --channel C         conversation (Messenger), email, …
  --limit N           groups shown, biggest first (default ${DEFAULT_GROUPS}, at most ${MAX_GROUPS})
  --json              the answer as JSON (snake_case keys, ISO 8601 UTC times)
  --csv               one row per group, a column per metric

Examples:
  fast-intercom-mcp report -t "this month" -g team
  fast-intercom-mcp report -t "last 7 days" -g tag --compare
  fast-intercom-mcp report refund -t "last 90 days" -g week --csv > refunds.csv`;

export interface ReportValues {
  timeframe?: string;
  timezone?: string;
  email?: string;
  state?: string;
  assignee?: string;
  team?: string;
  tag?: string;
  priority?: string;
  channel?: string;
  "group-by"?: string;
  compare?: boolean;
  limit?: number;
  json?: boolean;
  csv?: boolean;
}

/** Runs the report and returns what to print. */
export async function report(app: App, query: string, v: ReportValues): Promise<string> {
  const result = conversationStats({
    store: app.store,
    now: new Date(app.now() * 1000),
    freshness: await app.freshness(),
  }, {
    query,
    timeframe: v.timeframe,
    timezone: v.timezone,
    customer_email: v.email,
    // Checked by the search's own resolution, with a clear error.
    state: v.state as StatsInput["state"],
    assignee: v.assignee,
    team: v.team,
    tag: v.tag,
    priority: v.priority as StatsInput["priority"],
    channel: v.channel,
    group_by: v["group-by"],
    compare: v.compare,
    limit: v.limit,
  });
  if (v.json) return JSON.stringify(result, null, 2);
  if (v.csv) return statsCsv(result);
  const text = renderStats(result);
  const overTime = ["day", "week", "month"].includes(result.group_by ?? "");
  return overTime && result.groups.length
    ? `${text}\n\nConversations per ${result.group_by}:\n${volumeChart(result)}`
    : text;
}
