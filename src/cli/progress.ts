// Sync progress for people: a bar redrawn in place on a terminal, plain lines elsewhere.

import { syncPace } from "../sync/pace.ts";
import type { SyncProgress } from "../sync/sync.ts";

const encoder = new TextEncoder();

export function progressReporter(
  out: { writeSync(b: Uint8Array): number; isTerminal(): boolean },
  now: () => number = () => performance.now(),
): { update(p: SyncProgress): void; finish(): void } {
  const tty = out.isTerminal();
  const started = now();
  let lastLine = 0;
  let drawn = false;
  const write = (s: string) => out.writeSync(encoder.encode(s));
  return {
    update(p) {
      const t = now();
      // Redraw at most 10 times a second on a terminal, and every 2 seconds in a log.
      if (t - lastLine < (tty ? 100 : 2000) && p.phase !== "done") return;
      lastLine = t;
      const total = Math.max(p.total ?? 0, p.listed);
      const { perSecond: rate, secondsLeft: left } = syncPace(p, (t - started) / 1000);
      const stats =
        `${p.done}/${total || "?"} conversations, ${p.read} read, ${rate.toFixed(1)}/s` +
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

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
