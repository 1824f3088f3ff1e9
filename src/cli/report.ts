// What `report` prints: conversation_stats on the command line. A table for people, with a bar chart of
// volume when grouped by day, week or month; --json (the tool's structured answer) and --csv
// for scripts.

import type { App } from "../app.ts";
import type { Freshness } from "../sync/freshness.ts";
import { renderStats, statsCsv, volumeChart } from "../stats/render.ts";
import { conversationStats, type StatsInput } from "../stats/stats.ts";

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
export function report(app: App, freshness: Freshness, query: string, v: ReportValues): string {
  const result = conversationStats({
    store: app.store,
    now: new Date(app.now() * 1000),
    freshness,
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
