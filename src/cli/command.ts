// What a command of the command line is: a name, a one-line summary, its arguments and options
// declared as data (usage and checks are generated from them), and a run function that gets
// one CommandContext. Each command is one file in src/cli/commands/, listed in commands/mod.ts.

import type { App } from "../app.ts";
import type { Env, Settings } from "../config.ts";
import type { StdioInput } from "../mcp/server.ts";

/** The person got the command line wrong: exit status 2, with the command's usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The command could not do its job: exit status 1, the message says what and what to do. */
export class CommandFailed extends Error {
  override name = "CommandFailed";
}

export interface Io {
  stdout: { writeSync(b: Uint8Array): number; isTerminal(): boolean };
  stderr: { writeSync(b: Uint8Array): number; isTerminal(): boolean };
  stdin: {
    isTerminal(): boolean;
    setRaw?(raw: boolean): void;
    read(b: Uint8Array): Promise<number | null>;
  };
  /** Aborted on SIGINT/SIGTERM: long commands stop at a safe point. */
  signal: AbortSignal;
  /** `start`'s client as main.ts relays it, after answering its `initialize` (src/mcp/early.ts). */
  mcpInput?: StdioInput;
}

export interface OptionSpec {
  type: "string" | "boolean";
  /** A one-letter alias: `-n` for `n`, `-f` for `follow`. */
  short?: string;
  /** The value's name in usage ("N", "T"). */
  value?: string;
  /** A whole number in this range, checked before the command runs; the command gets a number. */
  range?: readonly [min: number, max: number];
  /** One of these (any case), checked before the command runs; the command gets it lowercased. */
  choices?: readonly string[];
  help: string;
  /** Accepted only to be refused with a clear message (see init's --token); not in usage. */
  hidden?: boolean;
}

export type Options = Record<string, OptionSpec>;

/** What the command's run() sees of its options: booleans, strings, or numbers for a range. */
export type OptionValues<O extends Options> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean
    : O[K]["range"] extends readonly [number, number] ? number
    : string;
};

export interface CommandContext<O extends Options = Options> {
  /** The positional arguments after the command's name. */
  args: string[];
  options: OptionValues<O>;
  settings: Settings;
  /** The environment main.ts read (only the names the permission set grants). */
  env: Env;
  io: Io;
  /** Writes a line to stdout: the command's output. */
  out(text: string): void;
  /** Writes a line to stderr: notices and questions for the person. */
  err(text: string): void;
  /** The app (cache, client, syncer), built on first use and closed after the command. */
  app(): App;
  /** Keeps a secret the command learnt (a token typed or piped in) out of every log line. */
  redact(secret: string): void;
}

export interface Command<O extends Options = Options> {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The positional arguments: how usage names them and how many are taken. */
  args?: { usage: string; min: number; max: number };
  options: O;
  /** What `help NAME` says after the usage line: what the command does, in a paragraph or two. */
  usage: string;
  /** Returns the exit status; throws UsageError, CommandFailed or a known error otherwise. */
  run(ctx: CommandContext<O>): Promise<number>;
}

/** Declares a command so that run() sees its options typed from the declaration. */
export function defineCommand<const O extends Options>(command: Command<O>): Command {
  return command as unknown as Command;
}
