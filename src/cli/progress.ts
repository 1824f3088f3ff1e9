// Sync progress for people: a bar redrawn in place on a terminal, plain lines elsewhere.

import { formatDuration } from "../format.ts";
import { syncPace } from "../sync/pace.ts";
import type { SyncProgress } from "../sync/sync.ts";

const encoder = new TextEncoder();

export function progressReporter(
  out: { writeSync(b: Uint8Array): number; isTerminal(): boolean },
  now: () => number = () => performance.now(),
): { update(p: SyncProgress): void; finish(): void } {
  const tty = out.isTerminal();
  const started = now();
  // The first line comes after one interval too: a quick sync needs none.
  let lastLine = started;
  let drawn = false;
  const write = (s: string) => out.writeSync(encoder.encode(s));
  return {
    update(p) {
      const t = now();
      // In a log the summary that follows says it all.
      if (p.phase === "done" && !tty) return;
      // Redraw at most 10 times a second on a terminal, and every 2 seconds in a log.
      if (t - lastLine < (tty ? 100 : 2000) && p.phase !== "done") return;
      lastLine = t;
      const total = Math.max(p.total ?? 0, p.listed);
      const { perSecond: rate, secondsLeft: left } = syncPace(p, (t - started) / 1000);
      const stats =
        `${p.done} of ${total || "?"} conversations (${p.read} read, ${
          p.done - p.read
        } unchanged), ${rate.toFixed(1)}/s` +
        (left ? `, ${formatDuration(left)} left` : "");
      if (tty) {
        const width = 28;
        const filled = total ? Math.min(width, Math.round((p.done / total) * width)) : 0;
        const bar = "█".repeat(filled) + "░".repeat(width - filled);
        write(`\r\x1b[2K${p.phase.padEnd(8)} ${bar} ${stats}`);
        drawn = true;
      } else {
        write(`sync ${p.phase}: ${stats}\n`);
      }
    },
    finish() {
      if (drawn) write("\r\x1b[2K");
    },
  };
}
