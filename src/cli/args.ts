// Reads a command line against the command table: which command, its arguments, and its
// options checked as declared (known, with a value when they need one, whole numbers in range,
// one of the choices). Every mistake is a UsageError, so every command refuses it the same way.

import { parseArgs } from "node:util";
import { type Command, type Options, type OptionSpec, UsageError } from "./command.ts";

/** Options every command takes, before or after its name. */
export const GLOBAL_OPTIONS = {
  "data-dir": {
    type: "string",
    value: "DIR",
    help: "where config.json, cache.db and logs/ live (default ~/.fast-intercom-mcp)",
  },
  verbose: { type: "boolean", short: "v", help: "log debug lines to stderr" },
  version: { type: "boolean", short: "V", help: "print the version" },
  help: { type: "boolean", short: "h", help: "print help (after a command: that command's)" },
} as const satisfies Options;

export interface Global {
  dataDir?: string;
  verbose: boolean;
  version: boolean;
  help: boolean;
}

export interface CommandLine {
  /** The first word that is not an option, as typed; undefined when there is none. */
  name: string | undefined;
  /** The words after it. */
  args: string[];
  global: Global;
  /** The command's own options, checked; numbers for options with a range. */
  options: Record<string, string | boolean | number>;
}

/** How usage and errors name an option: `-n` for a one-letter name, `--days` otherwise. */
export function optionLabel(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/**
 * The command's name (the first word that is not an option or a global option's value), and
 * whether --version was asked for: it answers whatever else the line holds.
 */
export function commandName(argv: string[]): { name: string | undefined; version: boolean } {
  const { positionals, values } = parseArgs({
    args: argv,
    options: parseOptions(GLOBAL_OPTIONS),
    strict: false,
    allowPositionals: true,
  });
  return { name: positionals[0], version: values.version === true };
}

/** Reads the whole command line for `command` (or for no command: global options only). */
export function readCommandLine(argv: string[], command: Command | null): CommandLine {
  const specs: Options = { ...GLOBAL_OPTIONS, ...command?.options };
  const { tokens } = parseArgs({
    args: argv,
    options: parseOptions(specs),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const words: string[] = [];
  const values: Record<string, string | boolean | number> = {};
  for (const token of tokens) {
    if (token.kind === "positional") words.push(token.value);
    if (token.kind !== "option") continue;
    // Own names only: `--constructor` is no option either.
    if (!Object.hasOwn(specs, token.name)) throw new UsageError(`unknown option ${token.rawName}`);
    values[token.name] = checked(token.name, specs[token.name], token.value);
  }
  const [name, ...args] = words;
  // `show --help` asks how to give the ID: its missing ID is no error.
  if (command && values.help !== true) checkArgs(command, args);
  const { "data-dir": dataDir, verbose, version, help, ...options } = values;
  return {
    name,
    args,
    global: {
      ...(typeof dataDir === "string" ? { dataDir } : {}),
      verbose: verbose === true,
      version: version === true,
      help: help === true,
    },
    options,
  };
}

function parseOptions(specs: Options) {
  return Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [
      name,
      { type: s.type, ...(s.short ? { short: s.short } : {}) },
    ]),
  );
}

function checked(
  name: string,
  spec: OptionSpec,
  value: string | undefined,
): string | boolean | number {
  const label = optionLabel(name);
  // Taken only to be refused by the command, whatever it holds.
  if (spec.hidden) return value ?? true;
  if (spec.type === "boolean") {
    if (value !== undefined) throw new UsageError(`${label} takes no value, got "${value}"`);
    return true;
  }
  if (value === undefined) {
    throw new UsageError(`${label} needs a value${spec.value ? ` (${spec.value})` : ""}`);
  }
  if (spec.range) {
    const [min, max] = spec.range;
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`${label} must be a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  }
  if (spec.choices) {
    const v = value.trim().toLowerCase();
    if (!spec.choices.includes(v)) {
      throw new UsageError(
        `${label} must be one of ${spec.choices.join(", ")}, got "${value.slice(0, 80)}"`,
      );
    }
    return v;
  }
  return value;
}

function checkArgs(command: Command, args: string[]): void {
  const { min, max, usage } = command.args ?? { min: 0, max: 0, usage: "" };
  const quoted = (list: string[]) => list.map((a) => `"${a.slice(0, 80)}"`).join(" ");
  if (args.length > max) {
    throw new UsageError(
      max === 0
        ? `unexpected argument ${quoted(args)}: ${command.name} takes none`
        : `too many arguments: ${command.name} takes ${usage}, got ${quoted(args)}`,
    );
  }
  if (args.length < min) throw new UsageError(`missing ${usage}`);
}
