// `search`: the search the MCP tool does, for people and scripts.

import { renderSearch } from "../../search/render.ts";
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  PRIORITIES,
  search as runSearch,
  SearchInputError,
  SORTS,
  STATES,
} from "../../search/search.ts";
import { defineCommand } from "../command.ts";

export const search = defineCommand({
  name: "search",
  summary: "full-text search over every message of the cache",
  args: { usage: "[QUERY]", min: 0, max: Infinity },
  options: {
    timeframe: {
      type: "string",
      short: "t",
      value: "T",
      help: '"last 7 days", "yesterday", "since Monday", "2026-01-01 to 2026-02-15"',
    },
    email: { type: "string", value: "E", help: "only this customer's conversations" },
    state: { type: "string", value: "S", choices: STATES, help: STATES.join(", ") },
    assignee: {
      type: "string",
      value: "A",
      help: 'a teammate\'s name, email or id, or "unassigned"',
    },
    team: { type: "string", value: "T", help: "a team's name or id" },
    tag: { type: "string", value: "T", help: "a tag's name or id" },
    priority: { type: "string", value: "P", choices: PRIORITIES, help: PRIORITIES.join(", ") },
    sort: {
      type: "string",
      value: "S",
      choices: SORTS,
      help: `${SORTS.join(", ")} (default: relevance with a query, newest without)`,
    },
    limit: {
      type: "string",
      value: "N",
      range: [1, MAX_LIMIT],
      help: `results per page (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})`,
    },
    cursor: { type: "string", value: "C", help: "the next page, from a previous result" },
    json: {
      type: "boolean",
      help: "the result as JSON (what the search_conversations tool returns)",
    },
  },
  usage: `Ranked full-text search over every message (subject, opening message, replies and notes).
Words are all required; "a phrase" in quotes; word* for a prefix. Without QUERY, the newest
conversations that pass the filters.`,
  async run(ctx) {
    const app = ctx.app();
    const o = ctx.options;
    const freshness = await app.freshness();
    const result = inFlagNames(() =>
      runSearch({
        store: app.store,
        now: new Date(app.now() * 1000),
        freshness,
        conversationUrl: (id) => app.conversationUrl(id),
      }, {
        query: ctx.args.join(" "),
        timeframe: o.timeframe,
        customer_email: o.email,
        state: o.state,
        assignee: o.assignee,
        team: o.team,
        tag: o.tag,
        priority: o.priority,
        sort: o.sort as typeof SORTS[number] | undefined,
        limit: o.limit,
        cursor: o.cursor,
      })
    );
    ctx.out(o.json ? JSON.stringify(result, null, 2) : renderSearch(result));
    return 0;
  },
});

/** The search speaks in the MCP tool's parameter names; on the command line they are flags. */
const FLAGS: Record<string, string> = {
  customer_email: "--email",
  timeframe: "--timeframe",
  state: "--state",
  priority: "--priority",
  sort: "--sort",
  limit: "--limit",
  cursor: "--cursor",
};

function inFlagNames<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof SearchInputError)) throw e;
    const first = e.message.match(/^\w+/)?.[0] ?? "";
    const flag = FLAGS[first.toLowerCase()];
    throw flag ? new SearchInputError(flag + e.message.slice(first.length)) : e;
  }
}
