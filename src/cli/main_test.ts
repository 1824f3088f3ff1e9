// The command line's one rule for wrong usage, checked for every command of the table: exit
// status 2, one line saying what is wrong, and that command's usage. Runs main() in this
// process with a private data directory; tests/cli_test.ts runs the real program.

import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import { TOKEN } from "../../tests/cache_check.ts";
import { startDouble } from "../../tests/double/server.ts";
import { generateWorkspace } from "../../tests/double/workspace.ts";
import { optionLabel } from "./args.ts";
import type { Command, Io } from "./command.ts";
import { COMMANDS } from "./commands/mod.ts";
import { main } from "./main.ts";
import { synopsis } from "./usage.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** main() with captured output, no terminal, and an empty standard input (or `stdin`). */
async function cli(
  args: string[],
  opts: { stdin?: string; env?: Record<string, string>; terminal?: boolean; signal?: AbortSignal } =
    {},
) {
  const dir = Deno.makeTempDirSync({ prefix: "fim-cli-" });
  const out: string[] = [];
  const err: string[] = [];
  const decoder = new TextDecoder();
  let input = new TextEncoder().encode(opts.stdin ?? "");
  const sink = (into: string[]) => ({
    writeSync: (b: Uint8Array) => (into.push(decoder.decode(b)), b.length),
    isTerminal: () => false,
  });
  const io: Io = {
    stdout: sink(out),
    stderr: sink(err),
    stdin: {
      isTerminal: () => opts.terminal === true,
      setRaw: () => {},
      read: (b: Uint8Array) => {
        if (!input.length) return Promise.resolve(null);
        const n = Math.min(b.length, input.length);
        b.set(input.subarray(0, n));
        input = input.subarray(n);
        return Promise.resolve(n);
      },
    },
    signal: opts.signal ?? new AbortController().signal,
  };
  try {
    const code = await main(args, { FASTINTERCOM_DATA_DIR: dir, ...opts.env }, io);
    return { code, stdout: out.join(""), stderr: err.join("") } satisfies Run;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

function assertUsageError(run: Run, command: Command, what: RegExp): void {
  assertEquals(run.code, 2, run.stderr);
  assertEquals(run.stdout, "");
  const [first, ...rest] = run.stderr.trimEnd().split("\n");
  assertMatch(first, new RegExp(`^fast-intercom-mcp ${command.name}: `));
  assertMatch(first, what);
  assertEquals(rest, [
    `Usage: fast-intercom-mcp ${synopsis(command)}`,
    `Run \`fast-intercom-mcp help ${command.name}\` for more.`,
  ]);
}

Deno.test("every command refuses an unknown option with exit status 2 and its usage", async () => {
  for (const command of COMMANDS) {
    assertUsageError(
      await cli([command.name, "--no-such-option"]),
      command,
      /unknown option --no-such-option/,
    );
  }
});

Deno.test("every command refuses one argument more than it takes, and one fewer", async () => {
  for (const command of COMMANDS) {
    const { min, max } = command.args ?? { min: 0, max: 0 };
    if (Number.isFinite(max)) {
      const args = Array.from({ length: max + 1 }, (_, i) => `extra${i}`);
      assertUsageError(await cli([command.name, ...args]), command, /argument/);
    }
    if (min > 0) assertUsageError(await cli([command.name]), command, /missing/);
  }
});

Deno.test("every command refuses a missing value, a value for a switch, and a number out of range", async () => {
  for (const command of COMMANDS) {
    for (const [name, spec] of Object.entries(command.options)) {
      if (spec.hidden) continue;
      const label = optionLabel(name);
      if (spec.type === "boolean") {
        assertUsageError(await cli([command.name, `--${name}=yes`]), command, /takes no value/);
        continue;
      }
      assertUsageError(await cli([command.name, label]), command, /needs a value/);
      if (spec.range) {
        for (const bad of ["abc", String(spec.range[1] + 1), "1.5"]) {
          const run = await cli([command.name, label, bad]);
          assertUsageError(run, command, new RegExp(`^\\S+ ${command.name}: ${label} must be`));
        }
      }
      if (spec.choices) {
        assertUsageError(await cli([command.name, label, "bogus"]), command, /must be one of/);
      }
    }
  }
});

Deno.test("help COMMAND and COMMAND --help print every option the command takes", async () => {
  for (const command of COMMANDS) {
    const help = await cli(["help", command.name]);
    assertEquals(help.code, 0);
    assertEquals((await cli([command.name, "--help"])).stdout, help.stdout);
    for (const [name, spec] of Object.entries(command.options)) {
      assertEquals(
        help.stdout.includes(optionLabel(name)),
        !spec.hidden,
        `${command.name} ${name}`,
      );
    }
  }
  const list = await cli(["--help"]);
  for (const command of COMMANDS) {
    assertMatch(list.stdout, new RegExp(`^  ${command.name}\\b`, "m"));
  }
  for (const line of [...list.stdout.split("\n")]) {
    assert(line.length <= 100, `"${line}" is wider than 100 columns`);
  }
});

Deno.test("no command declares an option or a short letter that a global option has", () => {
  const global = new Set(["data-dir", "verbose", "version", "help", "v", "V", "h"]);
  for (const command of COMMANDS) {
    const shorts = Object.values(command.options).flatMap((s) => s.short ? [s.short] : []);
    for (const name of [...Object.keys(command.options), ...shorts]) {
      assert(!global.has(name), `${command.name} declares ${name}`);
    }
    assertEquals(new Set(shorts).size, shorts.length, `${command.name} repeats a short letter`);
  }
});

Deno.test("search's own refusals (timeframe, email, cursor) are wrong usage too, named as flags", async () => {
  const search = COMMANDS.find((c) => c.name === "search")!;
  const cases: [string, string, RegExp][] = [
    ["--timeframe", "the day after never", /--timeframe .*Understood forms/],
    ["--email", "not an email", /--email "not an email" is not an email address/],
    ["--cursor", "bm90IGEgY3Vyc29y", /--cursor is not one this server gave out/],
    ["--state", "pending", /--state must be one of open, closed, snoozed/],
    ["--sort", "sideways", /--sort must be one of/],
    ["--priority", "1", /--priority must be one of/],
    ["--limit", "0", /--limit must be a whole number from 1 to/],
  ];
  for (const [flag, value, what] of cases) {
    assertUsageError(
      await cli(["search", "refund", flag as string, value as string]),
      search,
      what,
    );
  }
  const show = COMMANDS.find((c) => c.name === "show")!;
  assertUsageError(await cli(["show", "not-an-id"]), show, /is not a conversation id/);
});

Deno.test("init refuses --token with what to use instead, and never repeats the token", async () => {
  const init = COMMANDS.find((c) => c.name === "init")!;
  const secret = "tok-in-the-process-list-0123456789";
  const run = await cli(["init", "--token", secret]);
  assertUsageError(run, init, /--token is not taken: .*--with-token.*INTERCOM_ACCESS_TOKEN/);
  assert(!run.stderr.includes(secret));
  assertUsageError(await cli(["init", "--token"]), init, /--token is not taken/);
  assertUsageError(await cli(["init", "--region", "mars"]), init, /--region must be one of us/);
  assertUsageError(await cli(["init", "--with-token"]), init, /read no token from standard input/);
  assertUsageError(await cli(["init"]), init, /no token: pipe it to .*--with-token/);
});

Deno.test("no command, an unknown command and help for an unknown one are usage errors", async () => {
  const none = await cli([]);
  assertEquals([none.code, none.stdout], [2, ""]);
  assertMatch(none.stderr, /^Commands:$/m);
  const unknown = await cli(["frobnicate"]);
  assertEquals(unknown.code, 2);
  assertMatch(unknown.stderr, /unknown command "frobnicate"/);
  assertEquals((await cli(["help", "frobnicate"])).code, 2);
  assertEquals((await cli(["help", "sync", "status"])).code, 2);
  assertMatch((await cli(["status", "--constructor"])).stderr, /unknown option --constructor/);
  const option = await cli(["--bogus"]);
  assertEquals(option.code, 2);
  assertMatch(option.stderr, /^fast-intercom-mcp: unknown option --bogus/);
  assertMatch((await cli(["frobnicate", "--version"])).stdout, /^fast-intercom-mcp \d/);
});

Deno.test("the README's command table has a row for every command, naming each of its options", () => {
  const readme = Deno.readTextFileSync(new URL("../../README.md", import.meta.url));
  const rows = readme.split("\n").filter((l) => l.startsWith("| `"));
  for (const command of COMMANDS) {
    const row = rows.find((r) => r.startsWith(`| \`${command.name}`));
    assert(row, `README has no row for ${command.name}`);
    for (const [name, spec] of Object.entries(command.options)) {
      if (!spec.hidden) assert(row.includes(optionLabel(name)), `${command.name}: ${name}`);
    }
  }
});

Deno.test("init on a terminal asks for the token with hidden input, with or without --with-token", async () => {
  const double = await startDouble({
    workspace: generateWorkspace({ seed: 2, conversations: 1 }),
    token: TOKEN,
  });
  try {
    const env = { FASTINTERCOM_API_URL: double.url, INTERCOM_ACCESS_TOKEN: "not-this-one-0000000" };
    for (const args of [["init", "--with-token"], ["init"]]) {
      const run = await cli(args, {
        terminal: true,
        stdin: `${TOKEN}\r`,
        env: args.length === 1 ? { FASTINTERCOM_API_URL: double.url } : env,
      });
      assertEquals(run.code, 0, run.stderr);
      assertEquals(run.stderr, "Intercom access token (input hidden): \n");
      assertMatch(run.stdout, /^Token accepted for workspace/);
      assert(!run.stdout.includes(TOKEN));
    }
  } finally {
    await double.close();
  }
});

Deno.test("a command stopped by a signal says it was interrupted, in one line", async () => {
  const double = await startDouble({
    workspace: generateWorkspace({ seed: 4, conversations: 5 }),
    token: TOKEN,
  });
  try {
    const stop = new AbortController();
    stop.abort(new Error("interrupted"));
    const run = await cli(["sync"], {
      env: { FASTINTERCOM_API_URL: double.url, INTERCOM_ACCESS_TOKEN: TOKEN },
      signal: stop.signal,
    });
    assertEquals([run.code, run.stdout], [1, ""]);
    assertEquals(run.stderr, "fast-intercom-mcp sync: interrupted before it finished\n");
  } finally {
    await double.close();
  }
});
