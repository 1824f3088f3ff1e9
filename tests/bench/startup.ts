// `deno run -A tests/bench/startup.ts [starts] [data-dir]`: the median time from spawn to the
// `initialize` answer of `start`, the bench's start-up figure measured alone, so a change to
// what loads at start can be weighed without running the whole bench; and from spawn to the
// first `tools/list` answered, which waits for the MCP SDK and the program to load.

import { connectServer } from "../mcp_client.ts";
import { testEnv } from "../program.ts";

/** One start: wall time from spawn to the answer, and the CPU the server spent to get there. */
export interface StartSample {
  ms: number;
  /** User + system CPU of the server process (Linux /proc), less disturbed by a busy machine. */
  cpuMs: number | null;
  /** Spawn to the first `tools/list` answered, sent right after `initialize`. */
  toolsMs: number;
  /** The process's CPU by then. */
  toolsCpuMs: number | null;
}

/** Spawns `start` `n` times against `dataDir` and measures each spawn → initialize. */
export async function startupTimes(dataDir: string, n: number): Promise<StartSample[]> {
  const env = testEnv(dataDir, null, null);
  const samples: StartSample[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const server = await connectServer(env);
    const ms = performance.now() - started;
    const cpuMs = server.pid ? cpuMsOf(server.pid) : null;
    await server.client.listTools();
    const toolsMs = performance.now() - started;
    samples.push({ ms, cpuMs, toolsMs, toolsCpuMs: server.pid ? cpuMsOf(server.pid) : null });
    await server.close();
  }
  return samples;
}

/** utime + stime of a process in ms, from /proc/PID/stat (fields 14 and 15, in clock ticks). */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // The command name may hold spaces: count fields from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/** The middle value: a start-up is one sample per process, and one slow spawn says little. */
export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

if (import.meta.main) {
  const n = Number(Deno.args[0] ?? 9);
  const dir = Deno.args[1] ?? Deno.makeTempDirSync({ prefix: "fim-startup-" });
  const samples = await startupTimes(dir, n);
  const report = (label: string, wall: number[], cpuOrNull: (number | null)[]) => {
    const cpu = cpuOrNull.flatMap((c) => c === null ? [] : [c]);
    console.log(
      `spawn → ${label}, median of ${n}: ${median(wall).toFixed(1)} ms wall, ` +
        `${cpu.length ? median(cpu).toFixed(0) : "?"} ms CPU ` +
        `(${wall.map((ms) => ms.toFixed(0)).join(", ")})`,
    );
  };
  report("initialize", samples.map((s) => s.ms), samples.map((s) => s.cpuMs));
  report("first tools/list", samples.map((s) => s.toolsMs), samples.map((s) => s.toolsCpuMs));
  if (!Deno.args[1]) Deno.removeSync(dir, { recursive: true });
}
