// `logs`: the end of the log file, and with --follow what is written to it from then on.

import { logPath } from "../../config.ts";
import { defineCommand } from "../command.ts";
import { followFile } from "../follow.ts";

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
      text = Deno.readTextFileSync(path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    const lines = text.split("\n").filter((l) => l !== "");
    if (lines.length) ctx.out(lines.slice(-(ctx.options.n ?? 50)).join("\n"));
    else if (!ctx.options.follow) ctx.out(`(the log ${path} is empty)`);
    if (ctx.options.follow) {
      await followFile(path, {
        from: new TextEncoder().encode(text).length,
        write: (bytes) => ctx.io.stdout.writeSync(bytes),
        signal: ctx.io.signal,
      });
    }
    return 0;
  },
});
