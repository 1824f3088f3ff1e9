// Sets the figures of several bench runs side by side, a column a cache size, so what grows with
// the cache shows: `deno run -A tests/bench/side_by_side.ts .bench/10k.json .bench/1m.json …`
// (each written by `deno task bench --out …`, any sizes, any parts skipped). A size measured by
// more than one run shows the median and the spread across the runs.

export interface Figure {
  measure: string;
  goal: string;
  size: number;
  value: number;
}

// deno-lint-ignore no-explicit-any
type Results = any;

/** Every figure of one results file, each with the cache size it was measured at. */
export function figuresOf(r: Results): Figure[] {
  const out: Figure[] = [];
  const add = (measure: string, goal: string, size: number | null | undefined, value: unknown) => {
    if (typeof size === "number" && typeof value === "number") {
      out.push({ measure, goal, size, value });
    }
  };
  for (const s of r.search ?? []) {
    for (const q of s.mix) {
      add(`search p95 (ms): ${q.name}`, `≤ ${q.words >= 4 ? 30 : 20}`, s.conversations, q.ours.p95);
    }
    add("get_conversation p95 in-process (ms)", "≤ 5", s.conversations, s.getConversation.p95);
  }
  for (const s of r.stats ?? []) {
    for (const q of s.mix) {
      add(`conversation_stats p95 (ms): ${q.name}`, "≤ 50", s.conversations, q.ours.p95);
    }
  }
  const large = r.sizes?.large;
  if (r.server) {
    add("search_conversations over stdio p95 (ms)", "≤ 25", large, r.server.search.p95);
    add("get_conversation over stdio p95 (ms)", "≤ 25", large, r.server.getConversation.p95);
    add("spawn → initialize answered, median (ms)", "≤ 150", large, r.server.initializeMs);
    add("spawn → first search answered, median (ms)", "", large, r.server.firstSearchMs);
    add("peak RSS of start serving searches (MB)", "≤ 100", large, r.server.peakRssMb);
  }
  if (r.isolates) {
    add("start: outer isolate's heap (MB)", "", large, r.isolates.outerHeapMb);
    add("start: Worker's heap (MB)", "", large, r.isolates.workerHeapMb);
  }
  if (r.incremental) {
    const i = r.incremental;
    const what = `incremental sync of ${i.changed} changed`;
    add(`${what}: requests`, "", i.conversations, i.requests);
    add(`${what}: local work, CPU (s)`, "≤ 2", i.conversations, i.cpuSeconds);
    add(`${what}: the sync, ${i.latencyMs} ms latency (s)`, "", i.conversations, i.syncSeconds);
  }
  if (r.disk) {
    add("disk per conversation (bytes)", "", large, r.disk.bytesPerConversation);
    add("disk ÷ text", "≤ 2", large, r.disk.ratioToText);
  }
  if (r.sync) {
    add("first sync (conversations/s)", "≥ 150", r.sync.conversations, r.sync.perSecond);
    add("peak RSS of sync (MB)", "≤ 100", r.sync.conversations, r.sync.peakRssMb);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) * 50) / 100;
}

function cell(values: number[] | undefined): string {
  if (!values?.length) return "";
  if (values.length === 1) return String(values[0]);
  return `${median(values)} (${Math.min(...values)}–${Math.max(...values)}, ${values.length} runs)`;
}

/** The markdown table: a row a measure, a column a size, and the last size over the one before. */
export function sideBySide(runs: readonly Results[]): string {
  const byMeasure = new Map<string, { goal: string; bySize: Map<number, number[]> }>();
  const sizes = new Set<number>();
  for (const run of runs) {
    for (const f of figuresOf(run)) {
      sizes.add(f.size);
      let m = byMeasure.get(f.measure);
      if (!m) byMeasure.set(f.measure, m = { goal: f.goal, bySize: new Map() });
      const list = m.bySize.get(f.size) ?? [];
      list.push(f.value);
      m.bySize.set(f.size, list);
    }
  }
  const columns = [...sizes].sort((a, b) => a - b);
  const [before, last] = columns.slice(-2);
  const header = [
    "measure",
    ...columns.map((n) => n.toLocaleString("en-US")),
    ...(before !== undefined
      ? [`${last.toLocaleString("en-US")} ÷ ${before.toLocaleString("en-US")}`]
      : []),
    "goal",
  ];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const [measure, { goal, bySize }] of byMeasure) {
    const growth = before !== undefined && bySize.has(before) && bySize.has(last)
      ? `${Math.round(median(bySize.get(last)!) / median(bySize.get(before)!) * 100) / 100}×`
      : "";
    const cells = columns.map((n) => cell(bySize.get(n)));
    lines.push(
      `| ${[measure, ...cells, ...(before !== undefined ? [growth] : []), goal].join(" | ")} |`,
    );
  }
  return lines.join("\n");
}

if (import.meta.main) {
  if (!Deno.args.length) throw new Error("usage: side_by_side.ts RESULTS.json [RESULTS.json …]");
  const runs = Deno.args.map((path) => JSON.parse(Deno.readTextFileSync(path)));
  const machines = new Set(runs.map((r) => {
    const m = r.machine;
    return `${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Deno ${m.deno}`;
  }));
  console.log(
    `${runs.length} runs (${runs.map((r) => r.machine.date).join(", ")}) on ${
      [...machines].join("; ")
    }.\n`,
  );
  console.log(sideBySide(runs));
}
