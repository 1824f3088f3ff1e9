// `sync`: brings the cache up to date, with progress on stderr and a summary at the end.

import { summaryJson, summaryLine } from "../../sync/summary.ts";
import { defineCommand, UsageError } from "../command.ts";
import { progressReporter } from "../progress.ts";

export const sync = defineCommand({
  name: "sync",
  summary: "bring the cache up to date (incremental by default)",
  options: {
    force: { type: "boolean", help: "re-read every conversation of the window, not only changes" },
    days: {
      type: "string",
      value: "N",
      range: [1, 3650],
      help: "with --force: the window, in days (default initial_sync_days)",
    },
    json: { type: "boolean", help: "the summary as JSON" },
  },
  usage: `Brings the cache up to date. Incremental by default: only conversations changed since the
last sync are read. The first sync covers initial_sync_days (30). --force --days N re-reads the
last N days in full. Shows a progress bar on a terminal, plain lines otherwise, and a summary at
the end. One sync runs at a time per data directory; a second one waits for the first.`,
  async run(ctx) {
    const { days, force, json } = ctx.options;
    if (days !== undefined && !force) {
      throw new UsageError(
        "--days goes with --force (an incremental sync reads only what changed)",
      );
    }
    const app = ctx.app();
    const progress = progressReporter(ctx.io.stderr);
    const summary = await app.syncer.sync({
      force: force === true,
      ...(days === undefined ? {} : { days }),
      signal: ctx.io.signal,
      onProgress: (p) => progress.update(p),
      onWait: () =>
        ctx.err("Another sync of this data directory is running; waiting for it to finish…"),
    }).finally(() => progress.finish());
    const cached = app.store.conversationCount();
    ctx.out(
      json ? JSON.stringify(summaryJson(summary, cached), null, 2) : summaryLine(summary, cached),
    );
    return 0;
  },
});
