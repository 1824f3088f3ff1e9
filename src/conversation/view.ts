// One conversation as people and models read it: every message in order with who wrote it
// (customer, teammate, bot) and when, notes marked internal, events told in words.

import type { Author, Part } from "../model.ts";
import type { CachedConversation } from "../store/store.ts";

export type Role = "customer" | "teammate" | "bot" | "system";

export interface ThreadEntry {
  /** 0 is the opening message. */
  index: number;
  id: string;
  kind: "message" | "note" | "event";
  role: Role;
  author: string;
  author_email: string | null;
  time: string;
  /** The message text, or the event told in words. */
  text: string;
  attachments: string[];
}

export interface ConversationView {
  id: string;
  title: string;
  state: string;
  priority: string;
  created_at: string;
  updated_at: string;
  customer: { name: string | null; email: string | null };
  assignee: string | null;
  team: string | null;
  tags: string[];
  url: string | null;
  /** Intercom holds more parts than it returned, and this cache never saw the rest. */
  truncated: boolean;
  parts_in_intercom: number;
  entries_total: number;
  offset: number;
  next_offset: number | null;
  entries: ThreadEntry[];
  synced_at: string;
}

const iso = (s: number) => new Date(s * 1000).toISOString();

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

export function viewConversation(
  cached: CachedConversation,
  opts: { url: string | null; offset?: number; limit?: number },
): ConversationView {
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
  for (const p of c.parts) {
    const kind = p.partType === "note" ? "note" : p.body === null ? "event" : "message";
    all.push({
      index: all.length,
      id: p.id,
      kind,
      role: roleOf(p.author),
      author: authorName(p.author),
      author_email: p.author.email,
      time: iso(p.createdAt),
      text: p.body ?? eventText(p, names),
      attachments: p.attachments.map((a) => a.name ?? a.url ?? "attachment"),
    });
  }
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
    offset,
    next_offset: offset + entries.length < all.length ? offset + entries.length : null,
    entries,
    synced_at: iso(cached.syncedAt),
  };
}

/** A compact text rendering for people and for a model's context. */
export function renderConversation(v: ConversationView): string {
  const head = [
    `Conversation ${v.id}: ${v.title}`,
    `State: ${v.state}, priority ${v.priority}; assignee ${v.assignee ?? "unassigned"}` +
    `${v.team ? `, team ${v.team}` : ""}${v.tags.length ? `; tags: ${v.tags.join(", ")}` : ""}`,
    `Customer: ${[v.customer.name, v.customer.email].filter(Boolean).join(" ") || "unknown"}`,
    `Created ${v.created_at}, updated ${v.updated_at}${v.url ? `\n${v.url}` : ""}`,
  ];
  if (v.truncated) {
    head.push(
      `Note: Intercom holds ${v.parts_in_intercom} parts and returns only the newest 500; older ones this cache never saw are missing.`,
    );
  }
  const lines = v.entries.map((e) => {
    const who = `${e.author} (${e.role})`;
    if (e.kind === "event") return `[${e.time}] — ${e.text}`;
    const label = e.kind === "note" ? `${who}, internal note` : who;
    const files = e.attachments.length ? `\n  attachments: ${e.attachments.join(", ")}` : "";
    return `[${e.time}] ${label}:\n${indent(e.text)}${files}`;
  });
  const more = v.next_offset !== null
    ? `\n… ${v.entries_total - v.next_offset} more entries: ask again with offset ${v.next_offset}.`
    : "";
  const range = v.offset > 0 || v.next_offset !== null
    ? `Entries ${v.offset}–${v.offset + v.entries.length - 1} of ${v.entries_total}:\n`
    : "";
  return `${head.join("\n")}\n\n${range}${lines.join("\n\n")}${more}`;
}

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`).join("\n");
}
