// `report`: the numbers a support lead asks for, from the cache (the conversation_stats tool).

import { DEFAULT_GROUPS, GROUPINGS, MAX_GROUPS } from "../../stats/stats.ts";
import { defineCommand, UsageError } from "../command.ts";
import { report as runReport } from "../report.ts";
import { FILTER_OPTIONS, inFlagNames } from "../search_filters.ts";

export const report = defineCommand({
  name: "report",
  summary: "support numbers: volume, reply times, CSAT, Fin",
  args: { usage: "[QUERY]", min: 0, max: Infinity },
  options: {
    ...FILTER_OPTIONS,
    channel: { type: "string", value: "C", help: "conversation (Messenger), email, …" },
    "group-by": {
      type: "string",
      short: "g",
      value: "G",
      choices: GROUPINGS,
      help: GROUPINGS.join(", "),
    },
    compare: {
      type: "boolean",
      help: "also the previous period of equal length, and the change (needs --timeframe)",
    },
    limit: {
      type: "string",
      value: "N",
      range: [1, MAX_GROUPS],
      help: `groups shown, biggest first (default ${DEFAULT_GROUPS}, at most ${MAX_GROUPS})`,
    },
    json: { type: "boolean", help: "the answer as JSON (snake_case keys, ISO 8601 UTC times)" },
    csv: { type: "boolean", help: "one row per group, a column per metric" },
  },
  usage: `Support numbers from the cache: conversations, first reply and close times (median and
p90), reopen rate, CSAT and Fin's involvement and resolutions, for the conversations created in
the timeframe; a bar chart of volume when grouped by day, week or month. The same question as the
conversation_stats tool. Examples:
  fast-intercom-mcp report -t "this month" -g team
  fast-intercom-mcp report -t "last 7 days" -g tag --compare
  fast-intercom-mcp report refund -t "last 90 days" -g week --csv > refunds.csv`,
  async run(ctx) {
    const o = ctx.options;
    if (o.json && o.csv) throw new UsageError("give one of --json and --csv, not both");
    const app = ctx.app();
    const freshness = await app.freshness();
    const text = inFlagNames(() =>
      runReport(app, freshness, ctx.args.join(" "), {
        timeframe: o.timeframe,
        timezone: o.timezone,
        email: o.email,
        state: o.state,
        assignee: o.assignee,
        team: o.team,
        tag: o.tag,
        priority: o.priority,
        channel: o.channel,
        "group-by": o["group-by"],
        compare: o.compare,
        limit: o.limit,
        json: o.json,
        csv: o.csv,
      })
    );
    ctx.out(text);
    return 0;
  },
});
