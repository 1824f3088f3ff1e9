// The data directory from the command line: a planted link and a forged log meet the commands
// that read them, and a folder that is not the program's is refused before anything is written.

import { assert, assertEquals, assertMatch } from "../assert.ts";
import { tempDir } from "../cache_check.ts";
import { runCli, testEnv } from "../program.ts";
import { assertOneClearLine } from "./helpers.ts";

const POSIX = Deno.build.os !== "windows";

Deno.test({
  name:
    "a link planted as the log file: logs refuses it in one line and prints nothing from outside",
  ignore: !POSIX,
  fn: async () => {
    const dir = tempDir();
    const outside = `${dir}.outside`;
    try {
      Deno.writeTextFileSync(outside, "OUTSIDE-FILE-CONTENT\n");
      Deno.mkdirSync(`${dir}/logs`, { mode: 0o700 });
      Deno.symlinkSync(outside, `${dir}/logs/fast-intercom-mcp.log`);
      const env = testEnv(dir, null, null);
      for (const args of [["logs"], ["status"]]) {
        const run = await runCli(args, env);
        assertEquals(run.code, 1, run.stdout + run.stderr);
        assert(!run.stdout.includes("OUTSIDE") && !run.stderr.includes("OUTSIDE"), run.stdout);
        assertMatch(run.stderr, /fast-intercom-mcp\.log is a link; .*delete it/);
        assertOneClearLine(run.stderr, args[0]);
      }
      assertEquals(Deno.readTextFileSync(outside), "OUTSIDE-FILE-CONTENT\n", "not written to");
    } finally {
      Deno.removeSync(dir, { recursive: true });
      Deno.removeSync(outside);
    }
  },
});

Deno.test("logs shows a log holding terminal escapes and forged lines as inert text", async () => {
  const dir = tempDir();
  try {
    Deno.mkdirSync(`${dir}/logs`, { mode: 0o700 });
    Deno.writeTextFileSync(
      `${dir}/logs/fast-intercom-mcp.log`,
      "2026-01-01 [INF] one\n\x1b]0;pwned\x07\x1b[2J two\r2026-01-01 [ERR] forged\n",
      { mode: 0o600 },
    );
    const run = await runCli(["logs"], testEnv(dir, null, null));
    assertEquals(run.code, 0, run.stderr);
    // deno-lint-ignore no-control-regex
    assert(!/[\x00-\x08\x0b-\x1f\x7f]/.test(run.stdout), JSON.stringify(run.stdout));
    assertEquals(run.stdout.trimEnd().split("\n"), [
      "2026-01-01 [INF] one",
      "\\x1b]0;pwned\\x07\\x1b[2J two\\r2026-01-01 [ERR] forged",
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a data directory holding someone else's files is refused before anything is made in it", async () => {
  const dir = tempDir();
  try {
    Deno.writeTextFileSync(`${dir}/notes.txt`, "mine");
    const before = [...Deno.readDirSync(dir)].map((e) => e.name);
    for (const args of [["status"], ["sync"], ["logs"]]) {
      const run = await runCli(args, testEnv(dir, null, null));
      assertEquals(run.code, 1);
      assertMatch(run.stderr, /holds files that are not fast-intercom-mcp's \(notes\.txt\)/);
      assertOneClearLine(run.stderr, args[0]);
    }
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), before);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "a data directory that belongs to another user is refused by the program itself, inside its fence",
  ignore: !POSIX || Deno.uid() !== 0,
  fn: async () => {
    const dir = tempDir();
    try {
      Deno.chownSync(dir, 4242, 4242);
      const run = await runCli(["status"], testEnv(dir, null, null));
      assertEquals(run.code, 1);
      assertMatch(run.stderr, /belongs to another user \(uid 4242\)/);
      assertOneClearLine(run.stderr, "status");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
