// Small pieces of text for people, shared by the command line and the tools' text renderings.

/** "0.4s", "42s", "3m05s", "2h07m": short enough for a progress line. */
export function formatDuration(seconds: number): string {
  // Tenths below ten seconds: a quick sync is not "done in 0s".
  if (seconds < 9.95) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** "1 message", "2 messages"; `many` for nouns whose plural is not the noun plus "s". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
