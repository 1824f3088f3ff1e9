// A compact text rendering of a search result, for people and for a model's context: what was
// asked, how many match, one short block a conversation, and what was left out.

import type { SearchOutput } from "./schema.ts";

export function renderSearch(r: SearchOutput): string {
  const asked = [
    r.similar_to
      ? `like #${r.similar_to} (its words: ${r.terms.join(", ")})`
      : r.terms.length === 1
      ? r.terms[0]
      : r.terms.length
      ? `${r.match === "all" ? "all of" : "some of"} ${r.terms.join(" ")}`
      : null,
    r.timeframe
      ? `${r.timeframe.meaning} (${day(r.timeframe.start)} to ${day(r.timeframe.end)})`
      : null,
    ...Object.entries(r.filters).map(([k, v]) => `${k}=${v}`),
  ].filter(Boolean).join("; ");
  const count = r.total === 0
    ? "No conversation matches"
    : `${r.total} conversation${r.total === 1 ? "" : "s"} match${r.total === 1 ? "es" : ""}`;
  const lines = [`${count}${asked ? ` ${asked}` : ""}.`];
  if (r.ignored.length) lines.push(`Not searched (too common): ${r.ignored.join(", ")}.`);
  if (r.returned) {
    lines.push(
      `Showing ${r.offset + 1}–${r.offset + r.returned}, ${
        r.sort === "relevance" ? "best first" : `${r.sort} first`
      }${r.terms.length > 1 && r.sort === "relevance" ? " (most words held first)" : ""}.`,
    );
  } else if (r.total > 0) {
    lines.push(`This page is past the last match (${r.total}).`);
  }
  r.conversations.forEach((c, i) => {
    const who = [c.customer_name, c.customer_email && `<${c.customer_email}>`].filter(Boolean)
      .join(" ") || "unknown customer";
    const facts = [
      `${c.messages} message${c.messages === 1 ? "" : "s"}`,
      `updated ${day(c.updated_at)}`,
      c.assignee ? `assignee ${c.assignee}` : null,
      c.team ? `team ${c.team}` : null,
      c.tags.length ? `tags ${c.tags.join(", ")}` : null,
    ].filter(Boolean).join("; ");
    const state = [c.state, c.priority !== "none" ? c.priority : null].filter(Boolean).join(", ");
    const matched = r.terms.length > 1 && c.matched.length < r.terms.length
      ? `\n   holds ${c.matched.length} of ${r.terms.length}: ${c.matched.join(", ")}`
      : "";
    lines.push(
      `\n${r.offset + i + 1}. #${c.id} [${state}] ${c.title} — ${who}\n   ${facts}${matched}` +
        (c.snippet ? `\n   ${c.snippet}` : ""),
    );
  });
  const more: string[] = [];
  if (r.next_cursor) {
    more.push(`${r.total - r.offset - r.returned} more: pass cursor "${r.next_cursor}"`);
  }
  if (r.returned) more.push("whole threads: get_conversation with an id");
  if (more.length) lines.push(`\n${more.join("; ")}.`);
  lines.push(freshnessLine(r.freshness));
  return lines.join("\n");
}

/** The day of an ISO time, which is all a list of conversations needs. */
function day(isoTime: string): string {
  return isoTime.slice(0, 10);
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
