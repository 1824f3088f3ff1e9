// Usage text, generated from the command table: the list of commands (`--help`), one page per
// command (`help NAME`, `NAME --help`), and the one-line synopsis shown after a usage error.

import { GLOBAL_OPTIONS, optionLabel } from "./args.ts";
import type { Command, Options } from "./command.ts";

const PROGRAM = "fast-intercom-mcp";

/** `help` itself: listed and parsed like the others, answered by main. */
export const HELP_COMMAND: Command = {
  name: "help",
  summary: "more on one command",
  args: { usage: "[COMMAND]", min: 0, max: 1 },
  options: {},
  usage: "Prints the usage of one command, or the list of commands.",
  run: () => Promise.resolve(0),
};

/** At most this many options are spelt out in a synopsis; more become "[options]". */
const SPELT_OUT = 4;

function optionUsage(name: string, spec: Options[string]): string {
  const value = spec.type === "string"
    ? ` ${spec.choices && !spec.value ? spec.choices.join("|") : spec.value ?? "VALUE"}`
    : "";
  return `${optionLabel(name)}${value}`;
}

function visible(options: Options): [string, Options[string]][] {
  return Object.entries(options).filter(([, s]) => !s.hidden);
}

/** "sync [--force] [--days N] [--json]": the command, its arguments and its options. */
export function synopsis(command: Command): string {
  const options = visible(command.options);
  const parts = [command.name];
  if (command.args) parts.push(command.args.usage);
  if (options.length > SPELT_OUT) parts.push("[options]");
  else for (const [name, spec] of options) parts.push(`[${optionUsage(name, spec)}]`);
  return parts.join(" ");
}

function table(rows: [string, string][], indent = "  "): string {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}${right}`.trimEnd()).join(
    "\n",
  );
}

function optionRows(options: Options): [string, string][] {
  return visible(options).map(([name, spec]) => [
    `${spec.short && name.length > 1 ? `-${spec.short}, ` : ""}${optionUsage(name, spec)}`,
    spec.help,
  ]);
}

/** The whole list: what `--help` prints. */
export function overview(commands: readonly Command[]): string {
  return [
    `${PROGRAM}: a fast local cache of your Intercom conversations, for MCP clients.`,
    "",
    `Usage: ${PROGRAM} [--verbose] [--data-dir DIR] <command> [options]`,
    "",
    "Commands:",
    table([...commands, HELP_COMMAND].map((c) => [synopsis(c), c.summary])),
    "",
    "Global options:",
    table(optionRows(GLOBAL_OPTIONS)),
    "",
    "Settings come from flags, then the environment (INTERCOM_ACCESS_TOKEN, FASTINTERCOM_DATA_DIR,",
    "FASTINTERCOM_LOG_LEVEL, FASTINTERCOM_MAX_SYNC_AGE_MINUTES, FASTINTERCOM_BACKGROUND_SYNC_INTERVAL,",
    "FASTINTERCOM_INITIAL_SYNC_DAYS, FASTINTERCOM_REGION, FASTINTERCOM_API_URL,",
    "FASTINTERCOM_SERVER_TOKEN), then config.json.",
    "Exit status: 0 done, 1 failed, 2 wrong usage.",
  ].join("\n");
}

/** One command's page: what `help NAME` and `NAME --help` print. */
export function page(command: Command): string {
  const options = optionRows(command.options);
  return [
    `Usage: ${PROGRAM} ${synopsis(command)}`,
    "",
    command.usage,
    ...(options.length ? ["", "Options:", table(options)] : []),
  ].join("\n");
}

/** What follows a usage error: the synopsis and where to read more. */
export function usageHint(command: Command): string {
  return `Usage: ${PROGRAM} ${
    synopsis(command)
  }\nRun \`${PROGRAM} help ${command.name}\` for more.`;
}
