// The command line: finds the command in the table, reads its arguments, loads the settings,
// runs it, and turns what went wrong into the exit status (0 done, 1 failed, 2 wrong usage) and
// one line on stderr. Only main.ts exits the process.

import { App } from "../app.ts";
import { ConfigError, type Env, loadSettings, logPath, type Settings } from "../config.ts";
import { ConversationIdError } from "../conversation/load.ts";
import { IntercomError } from "../intercom/client.ts";
import { closeLogging, getLogger, setupLogging } from "../log.ts";
import { SearchInputError } from "../search/search.ts";
import { CacheError } from "../store/db.ts";
import { versionLine } from "../version.ts";
import { type CommandLine, commandName, readCommandLine } from "./args.ts";
import {
  type Command,
  type CommandContext,
  CommandFailed,
  type Io,
  UsageError,
} from "./command.ts";
import { COMMANDS } from "./commands/mod.ts";
import { HELP_COMMAND, overview, page, usageHint } from "./usage.ts";

const log = getLogger(["fast-intercom-mcp", "cli"]);
const PROGRAM = "fast-intercom-mcp";

/** Errors that mean the command line asked for something that cannot be: exit status 2. */
const USAGE_ERRORS = [UsageError, SearchInputError, ConversationIdError];
/** Errors whose message already says what went wrong and what to do: no stack in the log. */
const KNOWN_ERRORS = [CommandFailed, ConfigError, CacheError, IntercomError];

export async function main(argv: string[], env: Env, io: Io): Promise<number> {
  const out = writer(io.stdout);
  const err = writer(io.stderr);
  const first = commandName(argv);
  if (first.version) {
    out(versionLine());
    return 0;
  }
  const command = first.name === undefined ? null : find(first.name);
  if (command === undefined) {
    err(unknownCommand(PROGRAM, String(first.name)));
    return 2;
  }
  let line: CommandLine;
  try {
    line = readCommandLine(argv, command);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(
      command
        ? `${PROGRAM} ${command.name}: ${e.message}\n${usageHint(command)}`
        : `${PROGRAM}: ${e.message}\nRun \`${PROGRAM} --help\` for usage.`,
    );
    return 2;
  }
  if (command === null && line.global.help) {
    out(overview(COMMANDS));
    return 0;
  }
  if (command === null) {
    // Not asked for: the list is the answer to a usage error.
    err(overview(COMMANDS));
    return 2;
  }
  if (command === HELP_COMMAND) return help(line.args[0], out, err);
  if (line.global.help) {
    out(page(command));
    return 0;
  }
  return await run(command, line, env, io, out, err);
}

function find(name: string): Command | undefined {
  return name === HELP_COMMAND.name ? HELP_COMMAND : COMMANDS.find((c) => c.name === name);
}

function help(topic: string | undefined, out: Write, err: Write): number {
  if (topic === undefined) {
    out(overview(COMMANDS));
    return 0;
  }
  const command = find(topic);
  if (!command) {
    err(unknownCommand(`${PROGRAM} help`, topic));
    return 2;
  }
  out(page(command));
  return 0;
}

function unknownCommand(prefix: string, name: string): string {
  return `${prefix}: unknown command "${
    name.slice(0, 80)
  }"\nRun \`${PROGRAM} --help\` for the commands.`;
}

async function run(
  command: Command,
  line: CommandLine,
  env: Env,
  io: Io,
  out: Write,
  err: Write,
): Promise<number> {
  let app = null as App | null;
  try {
    const settings = loadSettings(
      { dataDir: line.global.dataDir, verbose: line.global.verbose },
      env,
    );
    const secrets: string[] = [];
    const logging = () =>
      setupLogging({
        level: settings.logLevel,
        // `start` logs to stderr always (the client shows it); other commands with --verbose.
        stderr: command.name === "start" || line.global.verbose,
        file: logPath(settings.dataDir),
        secrets: [settings.accessToken, ...secrets],
      });
    logging();
    logSettings(command, settings);
    const ctx: CommandContext = {
      args: line.args,
      options: line.options as CommandContext["options"],
      settings,
      env,
      io,
      out,
      err,
      app: () => app ??= new App(settings),
      redact(secret) {
        secrets.push(secret);
        logging();
      },
    };
    const started = performance.now();
    const code = await command.run(ctx);
    log.debug("{command} ended with exit status {code} after {ms} ms", {
      command: command.name,
      code,
      ms: Math.round(performance.now() - started),
    });
    return code;
  } catch (e) {
    if (io.signal.aborted) {
      // Ctrl-C or SIGTERM: no failure to explain, and no stack trace in the log.
      err(`${PROGRAM} ${command.name}: interrupted before it finished`);
      return 1;
    }
    return failed(e, command, err);
  } finally {
    app?.close();
    closeLogging();
  }
}

/** What --verbose shows first: where this run reads and writes, never the token itself. */
function logSettings(command: Command, s: Settings): void {
  log.debug(
    "{command}: data directory {dir}, API {api} ({apiSource}), region {region}, token {token}, " +
      "log level {level}",
    {
      command: command.name,
      dir: s.dataDir,
      api: s.apiUrl,
      apiSource: s.apiUrlSource,
      region: s.region,
      token: s.accessToken ? `set (from ${s.tokenSource})` : "not set",
      level: s.logLevel,
    },
  );
}

function failed(e: unknown, command: Command, err: Write): number {
  const message = e instanceof Error ? e.message : String(e);
  if (USAGE_ERRORS.some((type) => e instanceof type)) {
    err(`${PROGRAM} ${command.name}: ${message}\n${usageHint(command)}`);
    return 2;
  }
  if (!KNOWN_ERRORS.some((type) => e instanceof type)) {
    log.error("{command} failed: {error}", {
      command: command.name,
      error: e instanceof Error ? e.stack ?? message : message,
    });
  }
  err(`${PROGRAM} ${command.name}: ${message}`);
  return 1;
}

type Write = (text: string) => void;

const encoder = new TextEncoder();

/** Writes a line: a text not ending in a newline gets one. */
function writer(stream: Io["stdout"]): Write {
  return (text) => stream.writeSync(encoder.encode(text.endsWith("\n") ? text : text + "\n"));
}
