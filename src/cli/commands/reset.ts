// `reset`: deletes the cache and its sync state; config.json and the log stay.

import { cachePath } from "../../config.ts";
import { removeCacheFiles } from "../../store/maintenance.ts";
import { SyncLock, syncLockPath } from "../../sync/lock.ts";
import { CommandFailed, defineCommand, UsageError } from "../command.ts";
import { askYesNo } from "../input.ts";

export const reset = defineCommand({
  name: "reset",
  summary: "delete the cache and sync state (keeps config.json)",
  options: {
    yes: { type: "boolean", short: "y", help: "do not ask first" },
  },
  usage: `Deletes the cache and its sync state; keeps config.json and the log. Asks first unless
--yes. Refuses while a sync runs on the data directory.`,
  async run(ctx) {
    const dir = ctx.settings.dataDir;
    const path = cachePath(dir);
    if (await SyncLock.isHeld(syncLockPath(dir))) {
      throw new CommandFailed(
        "a sync is running on this data directory; stop it (or wait) and try again",
      );
    }
    if (!ctx.options.yes) {
      if (!ctx.io.stdin.isTerminal()) {
        throw new UsageError(
          "there is no terminal to ask on: pass --yes to delete the cache without a question",
        );
      }
      const question = `Delete the cache ${path} and its sync state? config.json is kept.`;
      if (!await askYesNo(question, ctx.io)) {
        ctx.out("Nothing deleted.");
        return 0;
      }
    }
    ctx.out(
      removeCacheFiles(path)
        ? `Deleted the cache in ${dir}; config.json is kept. Run \`fast-intercom-mcp sync\` to fill it again.`
        : `No cache to delete in ${dir}.`,
    );
    return 0;
  },
});
