// Stats answers for reading: a compact table (for people and a model's context), CSV for
// spreadsheets, and a bar chart of volume over time for a terminal.

import { freshnessLine } from "../search/render.ts";
import { type Change, METRIC_NAMES, type Metrics, type StatsOutput } from "./schema.ts";

/** 45s, 12m, 3h05m, 2d4h: short enough for a column, exact to the unit shown. */
export function duration(seconds: number | null): string {
  if (seconds === null) return "-";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  if (m < 24 * 60) return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
  const h = Math.round(s / 3600);
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

function percent(share: number | null): string {
  return share === null ? "-" : `${Math.round(share * 100)}%`;
}

function signed(n: number | null, digits = 0): string {
  if (n === null) return "-";
  const v = n.toFixed(digits);
  return n > 0 ? `+${v}` : v;
}

const COLUMNS: [string, (m: Metrics) => string][] = [
  ["convs", (m) => String(m.conversations)],
  ["1st reply med", (m) => duration(m.first_response_median_seconds)],
  ["1st reply p90", (m) => duration(m.first_response_p90_seconds)],
  ["close med", (m) => duration(m.time_to_close_median_seconds)],
  ["close p90", (m) => duration(m.time_to_close_p90_seconds)],
  ["reopen", (m) => percent(m.reopen_rate)],
  ["CSAT", (m) => (m.csat_average === null ? "-" : m.csat_average.toFixed(2))],
  ["4-5", (m) => percent(m.csat_satisfied_share)],
  ["rated", (m) => String(m.rated)],
  ["Fin", (m) => percent(m.fin_involvement_rate)],
  ["Fin res", (m) => percent(m.fin_resolution_rate)],
];

function changeCell(c: Change | null): string {
  if (!c) return "-";
  const pct = c.conversations_pct;
  return `${signed(c.conversations ?? null)}${pct === null ? "" : ` (${signed(pct)}%)`}`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

export function describeQuestion(r: StatsOutput): string {
  return [
    r.query ? `"${r.query}"` : "all conversations",
    r.timeframe
      ? `created ${r.timeframe.meaning} (${r.timeframe.start} to ${r.timeframe.end})`
      : "created any time",
    ...Object.entries(r.filters).map(([k, v]) => `${k}=${v}`),
    r.group_by ? `by ${r.group_by} (${r.timezone})` : null,
  ].filter(Boolean).join(", ");
}

export function renderStats(r: StatsOutput): string {
  const compare = r.previous_totals !== null;
  const header = [r.group_by ?? "", ...COLUMNS.map(([h]) => h), ...(compare ? ["vs before"] : [])];
  const row = (label: string, m: Metrics, c: Change | null) => [
    label,
    ...COLUMNS.map(([, f]) => f(m)),
    ...(compare ? [changeCell(c)] : []),
  ];
  const rows = r.groups.map((g) => row(g.label, g.metrics, g.change));
  rows.push(row("total", r.totals, r.change));
  if (r.previous_totals && r.previous_period) {
    rows.push(row("before", r.previous_totals, null));
  }
  const t = r.totals;
  const lines = [
    `${t.conversations} conversation${t.conversations === 1 ? "" : "s"}: ${describeQuestion(r)}.`,
    ...(r.previous_period
      ? [`Compared with ${r.previous_period.start} to ${r.previous_period.end}.`]
      : []),
    "",
    ...table(header, rows),
    "",
    `First reply times: ${t.first_response_from_intercom} Intercom's own figure, ` +
    `${t.first_response_computed} computed from the thread. Times to close: ` +
    `${t.time_to_close_from_intercom} Intercom's, ${t.time_to_close_computed} computed.`,
  ];
  if (r.groups_total > r.groups.length) {
    lines.push(`Showing the ${r.groups.length} biggest of ${r.groups_total} groups.`);
  }
  if (t.with_handling_data < t.conversations) {
    lines.push(
      `${t.conversations - t.with_handling_data} of these conversations have no statistics, ` +
        `rating or Fin outcome cached yet (cached before this version); syncs fill them.`,
    );
  }
  lines.push(freshnessLine(r.freshness));
  return lines.join("\n");
}

/** One row per group (and the total), every metric a column; changes with compare. */
export function statsCsv(r: StatsOutput): string {
  const compare = r.previous_totals !== null;
  const header = [
    "group",
    "key",
    ...METRIC_NAMES,
    ...(compare ? [...METRIC_NAMES.map((n) => `previous_${n}`), "conversations_pct"] : []),
  ];
  const cell = (v: string | number | null | undefined) => {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const line = (label: string, key: string, m: Metrics, p: Metrics | null, c: Change | null) =>
    [
      label,
      key,
      ...METRIC_NAMES.map((n) => m[n]),
      ...(compare
        ? [...METRIC_NAMES.map((n) => (p ? p[n] : null)), c?.conversations_pct ?? null]
        : []),
    ].map(cell).join(",");
  return [
    header.join(","),
    ...r.groups.map((g) => line(g.label, g.key, g.metrics, g.previous, g.change)),
    line("total", "", r.totals, r.previous_totals, r.change),
  ].join("\n") + "\n";
}

/** Volume per day, week or month as bars, for a terminal. */
export function volumeChart(r: StatsOutput, width = 40): string {
  const most = Math.max(1, ...r.groups.map((g) => g.metrics.conversations));
  const labelWidth = Math.max(...r.groups.map((g) => g.label.length), 0);
  return r.groups.map((g) => {
    const n = g.metrics.conversations;
    const bar = "█".repeat(Math.round((n / most) * width)) || (n ? "▏" : "");
    return `${g.label.padEnd(labelWidth)}  ${bar} ${n}`;
  }).join("\n");
}
