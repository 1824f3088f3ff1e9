// Log lines are one line each, whatever a value holds: no forged line, no terminal escape.

import { assert, assertEquals } from "../tests/assert.ts";
import { closeLogging, escapeControl, getLogger, ROOT, setupLogging } from "./log.ts";

Deno.test("escapeControl writes out C0 and C1 controls, DEL and text-reordering marks, and keeps tabs", () => {
  assertEquals(
    escapeControl("a\nb\r\x1b[31m\x07\x7f\x9b\u202eZ\u2066\tend"),
    "a\\nb\\r\\x1b[31m\\x07\\x7f\\x9b\\u202eZ\\u2066\tend",
  );
  assertEquals(escapeControl("plain — ünïcode ✓"), "plain — ünïcode ✓");
});

Deno.test("a value with newlines and escapes stays on its own line in the log file, and the token is redacted", () => {
  const dir = Deno.makeTempDirSync({ prefix: "fim-log-" });
  const file = `${dir}/logs/fast-intercom-mcp.log`;
  const secret = "tok_ABCDEFGH12345678";
  try {
    setupLogging({ level: "INFO", stderr: false, file, secrets: [secret] });
    const log = getLogger([ROOT, "test"]);
    log.info("query {q}", { q: "x\n2026-01-01 00:00:00.000 +00:00 [ERR] forged\x1b[2J" });
    log.warning(`token ${secret}\r\u202e`);
    closeLogging();
    const lines = Deno.readTextFileSync(file).split("\n").filter((l) => l !== "");
    assertEquals(lines.length, 2, lines.join("\n"));
    assert(lines[0].endsWith("query x\\n2026-01-01 00:00:00.000 +00:00 [ERR] forged\\x1b[2J"));
    assert(lines[1].endsWith("token [redacted]\\r\\u202e"), lines[1]);
    // deno-lint-ignore no-control-regex
    assert(!/[\x00-\x08\x0b-\x1f\x7f]/.test(lines.join("")));
  } finally {
    closeLogging();
    Deno.removeSync(dir, { recursive: true });
  }
});
