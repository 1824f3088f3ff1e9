// `logs`: the end of the log file, and with --follow what is written to it from then on.

import { logPath } from "../../config.ts";
import { readOwnTextFile } from "../../datadir.ts";
import { inertLines } from "../../log.ts";
import { defineCommand } from "../command.ts";
import { followFile } from "../follow.ts";

const encoder = new TextEncoder();

export const logs = defineCommand({
  name: "logs",
  summary: "the end of the log file",
  options: {
    n: { type: "string", short: "n", value: "N", range: [1, 100_000], help: "lines (default 50)" },
    follow: { type: "boolean", short: "f", help: "keep printing new lines until Ctrl-C" },
  },
  usage: `Prints the last N lines (default 50) of the log file; --follow keeps printing new lines
until Ctrl-C.`,
  async run(ctx) {
    const path = logPath(ctx.settings.dataDir);
    let text = "";
    try {
      text = readOwnTextFile(path) ?? "";
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    const lines = text.split("\n").filter((l) => l !== "");
    // Escaped: a log line must not drive the terminal.
    if (lines.length) ctx.out(inertLines(lines.slice(-(ctx.options.n ?? 50)).join("\n")));
    else if (!ctx.options.follow) ctx.out(`(the log ${path} is empty)`);
    if (ctx.options.follow) {
      await followFile(path, {
        from: encoder.encode(text).length,
        write: (bytes) =>
          ctx.io.stdout.writeSync(encoder.encode(inertLines(new TextDecoder().decode(bytes)))),
        signal: ctx.io.signal,
      });
    }
    return 0;
  },
});
