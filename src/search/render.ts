// A compact text rendering of a search result, for people and for a model's context.

import type { SearchOutput } from "./search.ts";

export function renderSearch(r: SearchOutput): string {
  const what = [
    r.query ? `"${r.query}"` : "all conversations",
    r.timeframe ? `${r.timeframe.meaning} (${r.timeframe.start} to ${r.timeframe.end})` : null,
    ...Object.entries(r.filters).map(([k, v]) => `${k}=${v}`),
  ].filter(Boolean).join(", ");
  const lines = [
    `${r.total} conversation${r.total === 1 ? "" : "s"} match ${what}; showing ${
      r.returned ? `${r.offset + 1}–${r.offset + r.returned}` : "none"
    }, ${r.sort === "relevance" ? "best first" : `${r.sort} first`}` +
    `${r.ranked_among ? ` (ranked among the ${r.ranked_among} most recently updated)` : ""}.`,
  ];
  for (const c of r.conversations) {
    const who = [c.customer_name, c.customer_email].filter(Boolean).join(" ") || "unknown customer";
    lines.push(
      `\n#${c.id} [${c.state}${c.priority !== "none" ? `, ${c.priority}` : ""}] ${c.title}` +
        `\n  ${who}; updated ${c.updated_at}; ${c.messages} messages` +
        `${c.assignee ? `; assignee ${c.assignee}` : ""}${c.team ? `; team ${c.team}` : ""}` +
        `${c.tags.length ? `; tags ${c.tags.join(", ")}` : ""}` +
        (c.snippet ? `\n  ${c.snippet}` : ""),
    );
  }
  if (r.next_cursor) lines.push(`\nMore results: pass cursor "${r.next_cursor}".`);
  lines.push(`\n${freshnessLine(r.freshness)}`);
  return lines.join("\n");
}

export function freshnessLine(f: SearchOutput["freshness"]): string {
  if (f.last_sync_finished_at === null) {
    return `Cache: never synced${
      f.sync_running || f.background_sync_started ? "; a sync is running now" : ""
    }.`;
  }
  return `Cache: last synced ${f.last_sync_finished_at} (${f.age_minutes} min ago)` +
    `${f.stale ? `, older than ${f.max_sync_age_minutes} min: stale` : ""}` +
    `${
      f.background_sync_started
        ? "; a sync was started in the background"
        : f.sync_running
        ? "; a sync is running now"
        : ""
    }.`;
}
