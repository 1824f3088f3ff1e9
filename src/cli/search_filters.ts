// The search filters as command-line options, declared once for every command that filters
// conversations (`search` today, `report` next), and the search's refusals worded in flags.

import { SearchInputError } from "../search/errors.ts";
import { PRIORITIES, type SearchInput, STATES } from "../search/schema.ts";
import type { Options, OptionValues } from "./command.ts";

export const FILTER_OPTIONS = {
  timeframe: {
    type: "string",
    short: "t",
    value: "T",
    help: '"last 7 days", "yesterday", "since Monday", "2026-01-01 to 2026-02-15"',
  },
  timezone: {
    type: "string",
    value: "Z",
    help: 'the IANA zone "today" and dates mean, e.g. Europe/Paris (default: this machine\'s)',
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
} as const satisfies Options;

/** The filters given on the command line, as the search takes them. */
export function filterInput(o: OptionValues<typeof FILTER_OPTIONS>): SearchInput {
  return {
    timeframe: o.timeframe,
    timezone: o.timezone,
    customer_email: o.email,
    // Checked against the same lists by the option's choices.
    state: o.state as SearchInput["state"],
    assignee: o.assignee,
    team: o.team,
    tag: o.tag,
    priority: o.priority as SearchInput["priority"],
  };
}

/** The search speaks in the MCP tool's parameter names; on the command line they are flags. */
const FLAGS: Record<string, string> = {
  customer_email: "--email",
  timeframe: "--timeframe",
  timezone: "--timezone",
  similar_to: "--similar-to",
  match: "--match",
  state: "--state",
  priority: "--priority",
  sort: "--sort",
  limit: "--limit",
  cursor: "--cursor",
};

/** Runs `fn`; a SearchInputError it throws comes out naming the flag, not the parameter. */
export function inFlagNames<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof SearchInputError)) throw e;
    const first = e.message.match(/^\w+/)?.[0] ?? "";
    const flag = FLAGS[first.toLowerCase()];
    throw flag ? new SearchInputError(flag + e.message.slice(first.length)) : e;
  }
}
