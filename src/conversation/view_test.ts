import { assertEquals, assertMatch } from "../../tests/assert.ts";
import { type ConversationView, renderConversation, type ThreadEntry } from "./view.ts";

function entry(index: number): ThreadEntry {
  return {
    index,
    id: `p${index}`,
    kind: "message",
    role: index === 0 ? "customer" : "teammate",
    author: index === 0 ? "Ana" : "Bo",
    author_email: null,
    time: "2026-01-01T00:00:00.000Z",
    text: `message ${index}`,
    attachments: [],
  };
}

/** A thread of `total` entries, seen from `offset`, `count` of them. */
function view(total: number, offset: number, count: number): ConversationView {
  const entries = Array.from({ length: total }, (_, i) => entry(i)).slice(offset, offset + count);
  return {
    id: "1",
    title: "Refund",
    state: "open",
    priority: "none",
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    customer: { name: "Ana", email: null },
    assignee: null,
    team: null,
    tags: [],
    url: null,
    truncated: false,
    parts_in_intercom: total - 1,
    entries_total: total,
    left_out: { events: 0 },
    offset,
    next_offset: offset + entries.length < total ? offset + entries.length : null,
    entries,
    synced_at: "2026-01-01T00:00:00.000Z",
  };
}

Deno.test("renderConversation() counts entries from 1, as people do", () => {
  const text = renderConversation(view(5, 1, 2));
  assertMatch(text, /Entries 2–3 of 5\./);
  assertMatch(text, /2 more: offset 3\./);
});

Deno.test("renderConversation() shows a whole thread without a range line", () => {
  const text = renderConversation(view(2, 0, 2));
  assertEquals(/Entries /.test(text), false);
  assertMatch(text, /message 1\s*$/);
});

Deno.test("renderConversation() says plainly when the offset is past the end", () => {
  assertMatch(renderConversation(view(2, 5, 10)), /No entries from 6: the thread has 2\./);
});
