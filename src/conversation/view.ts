// One conversation as people and models read it: every message in order with who wrote it
// (customer, teammate, bot) and when, notes marked internal, events told in words.

import type { Author, Part } from "../model.ts";
import type { CachedConversation } from "../store/store.ts";
import { iso } from "../time.ts";
import type { ConversationView, Role, ThreadEntry } from "./schema.ts";

export type { ConversationView, Role, ThreadEntry };

/** Parts that say nothing a reader needs: buttons a bot offered. */
const BOILERPLATE = new Set(["quick_reply"]);

export function roleOf(a: Author): Role {
  switch (a.type) {
    case "admin":
    case "team":
      return "teammate";
    case "bot":
      return "bot";
    case "user":
    case "lead":
    case "contact":
      return "customer";
    default:
      return "system";
  }
}

function authorName(a: Author): string {
  return a.name ?? a.email ??
    (a.type === "bot" ? "Bot" : a.type === "admin" ? "A teammate" : "Customer");
}

/** The event a part records, in words: "assigned to Billing by Ana", "closed by Ana". */
function eventText(
  p: Part,
  names: { admins: Record<string, string>; teams: Record<string, string> },
): string {
  const by = ` by ${authorName(p.author)}`;
  const target = p.assignedTo
    ? p.assignedTo.type === "team"
      ? names.teams[p.assignedTo.id] ?? `team ${p.assignedTo.id}`
      : names.admins[p.assignedTo.id] ?? `teammate ${p.assignedTo.id}`
    : null;
  switch (p.partType) {
    case "assignment":
    case "assign_and_reopen":
    case "default_assignment":
      return target ? `assigned to ${target}${by}` : `unassigned${by}`;
    case "open":
      return `reopened${by}`;
    case "close":
      return `closed${by}`;
    case "snoozed":
      return `snoozed${by}`;
    case "unsnoozed":
    case "timer_unsnooze":
      return "unsnoozed";
    case "away_mode_assignment":
      return target ? `assigned to ${target} (away mode)` : "reassigned (away mode)";
    default:
      return `${p.partType.replaceAll("_", " ")}${by}`;
  }
}

export interface ViewOptions {
  url: string | null;
  /** First entry of the page, counted among the entries shown; default 0. */
  offset?: number;
  /** Entries a page; default all. */
  limit?: number;
  /** Show events (assignments, state changes) and bot prompts; default false. */
  includeEvents?: boolean;
}

export function viewConversation(cached: CachedConversation, opts: ViewOptions): ConversationView {
  const c = cached.conversation;
  const names = { admins: cached.adminNames, teams: cached.teamNames };
  const all: ThreadEntry[] = [{
    index: 0,
    id: c.id,
    kind: "message",
    role: roleOf(c.source.author),
    author: authorName(c.source.author),
    author_email: c.source.author.email,
    time: iso(c.createdAt),
    text: [c.source.subject, c.source.body].filter((s) => s.trim()).join("\n\n"),
    attachments: [],
  }];
  let leftOut = 0;
  c.parts.forEach((p, i) => {
    const kind = p.partType === "note" ? "note" : p.body === null ? "event" : "message";
    if (!opts.includeEvents && (kind === "event" || BOILERPLATE.has(p.partType))) {
      leftOut++;
      return;
    }
    all.push({
      index: i + 1,
      id: p.id,
      kind,
      role: roleOf(p.author),
      author: authorName(p.author),
      author_email: p.author.email,
      time: iso(p.createdAt),
      text: p.body ?? eventText(p, names),
      attachments: p.attachments.map((a) => a.name ?? a.url ?? "attachment"),
    });
  });
  const offset = Math.max(0, opts.offset ?? 0);
  const limit = opts.limit ?? all.length;
  const entries = all.slice(offset, offset + limit);
  return {
    id: c.id,
    title: c.title || c.source.subject || "(no subject)",
    state: c.state,
    priority: c.priority,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    customer: { name: cached.customerName, email: cached.customerEmail },
    assignee: c.adminAssigneeId ? cached.adminNames[c.adminAssigneeId] ?? c.adminAssigneeId : null,
    team: c.teamAssigneeId ? cached.teamNames[c.teamAssigneeId] ?? c.teamAssigneeId : null,
    tags: c.tags.map((t) => t.name),
    url: opts.url,
    truncated: cached.cut,
    parts_in_intercom: c.partsTotal,
    entries_total: all.length,
    left_out: { events: leftOut },
    offset,
    next_offset: offset + entries.length < all.length ? offset + entries.length : null,
    entries,
    synced_at: iso(cached.syncedAt),
  };
}

/** The head of a rendering: what the conversation is and where it stands, in four lines. */
function head(v: ConversationView): string[] {
  const lines = [
    `Conversation #${v.id}: ${v.title}`,
    `${v.state}${v.priority !== "none" ? `, ${v.priority} priority` : ""}; ` +
    `assignee ${v.assignee ?? "none"}${v.team ? `, team ${v.team}` : ""}` +
    `${v.tags.length ? `; tags ${v.tags.join(", ")}` : ""}`,
    `Customer ${
      [v.customer.name, v.customer.email && `<${v.customer.email}>`].filter(Boolean)
        .join(" ") || "unknown"
    }; created ${minute(v.created_at)}, updated ${minute(v.updated_at)}`,
  ];
  if (v.url) lines.push(v.url);
  if (v.truncated) {
    lines.push(
      `Intercom holds ${v.parts_in_intercom} parts and returns only the newest 500: older ones this cache never saw are missing.`,
    );
  }
  return lines;
}

/** What the page holds and what it leaves out, and how to get the rest. */
function footer(v: ConversationView, what: string): string {
  const notes: string[] = [];
  const first = v.offset + 1;
  const last = v.offset + v.entries.length;
  if (v.entries.length === 0) {
    notes.push(`No ${what} from ${first}: the thread has ${v.entries_total}.`);
  } else if (v.offset > 0 || v.next_offset !== null) {
    notes.push(`${what[0].toUpperCase()}${what.slice(1)} ${first}–${last} of ${v.entries_total}.`);
  }
  if (v.next_offset !== null) {
    notes.push(`${v.entries_total - v.next_offset} more: offset ${v.next_offset}.`);
  }
  if (v.left_out.events) {
    notes.push(
      `${v.left_out.events} event${
        v.left_out.events === 1 ? "" : "s"
      } left out (include_events shows them).`,
    );
  }
  return notes.join(" ");
}

/** How an entry starts, for an outline: its first words on one line. */
export function gist(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > GIST_CHARS ? `${line.slice(0, GIST_CHARS - 1)}…` : line;
}

const GIST_CHARS = 30;

/** A compact text rendering for people and for a model's context. */
export function renderConversation(v: ConversationView): string {
  let day = "";
  const lines = v.entries.map((e) => {
    const stamp = e.time.slice(0, 10) === day ? e.time.slice(11, 16) : minute(e.time);
    day = e.time.slice(0, 10);
    if (e.kind === "event") return `[${stamp}] — ${e.text}`;
    const who = `${e.author} (${e.role}${e.kind === "note" ? ", internal note" : ""})`;
    const files = e.attachments.length ? `\n  attachments: ${e.attachments.join(", ")}` : "";
    return `[${stamp}] ${who}:\n${indent(e.text)}${files}`;
  });
  const end = footer(v, "entries");
  return `${head(v).join("\n")}\n\n${lines.join("\n")}${end ? `\n\n${end}` : ""}`;
}

/**
 * The thread's outline: who wrote when, one line an entry, from a view whose texts are already
 * cut to their gist (outlineView).
 */
export function renderOutline(v: ConversationView): string {
  let day = "";
  const lines = v.entries.map((e, i) => {
    const date = e.time.slice(0, 10);
    const dayLine = date === day ? "" : `${date}\n`;
    day = date;
    const role = e.kind === "note" ? "note" : e.role;
    return `${dayLine}${v.offset + i} ${e.time.slice(11, 16)} ${e.author} (${role}): ${e.text}`;
  });
  const end = footer(v, "lines");
  return `${
    head(v).join("\n")
  }\n\nOutline (number, time, who, how it starts; read the full text from a number with offset):\n${
    lines.join("\n")
  }${end ? `\n\n${end}` : ""}`;
}

/** The same view with each entry's text cut to its gist, as an outline gives it. */
export function outlineView(v: ConversationView): ConversationView {
  return { ...v, entries: v.entries.map((e) => ({ ...e, text: gist(e.text), attachments: [] })) };
}

/** An ISO time to the minute, as people read it: "2026-11-30 14:02". */
function minute(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 16)}`;
}

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`).join("\n");
}
