// The simulated workspace has the shape and the awkward cases the sync must handle.

import { assert, assertEquals, assertThrows } from "../assert.ts";
import {
  addPart,
  conversationsInWindow,
  createConversation,
  customerEmail,
  deleteConversation,
  generateWorkspace,
  renderConversation,
  setState,
  type Workspace,
} from "./workspace.ts";

const NOW = 1_780_000_000;
const DAY = 86400;

function fixedClock(ws: Workspace, start: number): { tick: (s: number) => void } {
  let now = start;
  ws.clock = () => now;
  return { tick: (s) => now += s };
}

Deno.test("generateWorkspace() gives the same workspace for the same seed and a different one for another", () => {
  const a = generateWorkspace({ seed: 3, conversations: 60, now: NOW });
  const b = generateWorkspace({ seed: 3, conversations: 60, now: NOW });
  const c = generateWorkspace({ seed: 4, conversations: 60, now: NOW });
  assertEquals(
    JSON.stringify([...a.conversations.values()]),
    JSON.stringify([...b.conversations.values()]),
  );
  assert(
    JSON.stringify([...a.conversations.values()]) !== JSON.stringify([...c.conversations.values()]),
  );
});

Deno.test("generateWorkspace() makes the counts it is asked for: recent, older, deleted, long threads, same-second groups", () => {
  const ws = generateWorkspace({
    conversations: 300,
    olderConversations: 20,
    deleted: 9,
    longThreads: 2,
    sameSecondGroups: 3,
    days: 20,
    now: NOW,
  });
  assertEquals(ws.conversations.size, 320);
  assertEquals(ws.deleted.length, 9);
  const all = [...ws.conversations.values()];
  const older = all.filter((c) => c.updated_at < NOW - 40 * DAY);
  assertEquals(older.length, 20);
  assert(older.every((c) => c.updated_at >= NOW - 90 * DAY));
  assertEquals(conversationsInWindow(ws, NOW - 20 * DAY).length, 300);
  const long = all.filter((c) => c.conversation_parts.conversation_parts.length > 500);
  assertEquals(long.length, 2);
  assert(long.every((c) => c.statistics.count_conversation_parts <= 700));
  const bySecond = new Map<number, number>();
  for (const c of all) bySecond.set(c.updated_at, (bySecond.get(c.updated_at) ?? 0) + 1);
  const groups = [...bySecond.values()].filter((n) => n >= 5);
  assertEquals(groups.length, 3);
  for (const d of ws.deleted) assert(!ws.conversations.has(d.id), `deleted ${d.id} is gone`);
});

Deno.test("conversations have Intercom's field types: digit-string ids, numeric assignees (0 when none), ordered times", () => {
  const ws = generateWorkspace({ conversations: 200, now: NOW });
  const all = [...ws.conversations.values()];
  let unassigned = 0;
  for (const c of all) {
    assert(/^\d{12}$/.test(c.id), c.id);
    assertEquals(typeof c.admin_assignee_id, "number");
    assertEquals(typeof c.team_assignee_id, "number");
    if (c.admin_assignee_id === 0) unassigned++;
    assert(["open", "closed", "snoozed"].includes(c.state));
    assertEquals(c.open, c.state !== "closed");
    assert(["none", "low", "medium", "high", "urgent"].includes(c.priority));
    const parts = c.conversation_parts.conversation_parts;
    assertEquals(c.statistics.count_conversation_parts, parts.length);
    let previous = c.created_at;
    for (const p of parts) {
      assert(p.created_at > c.created_at, `part ${p.id} after the conversation began`);
      assert(p.created_at >= previous && p.created_at <= c.updated_at, `part ${p.id} in order`);
      previous = p.created_at;
      assert(/^\d+$/.test(p.id));
      // Event parts carry no text; a close may carry a closing message.
      if (["assignment", "open", "snoozed"].includes(p.part_type)) {
        assertEquals(p.body, null, `${p.part_type} part has no body`);
      }
    }
    assertEquals(parts.at(-1)?.created_at ?? c.updated_at, c.updated_at);
    for (const t of c.tags.tags) {
      assert(t.applied_at >= c.created_at && t.applied_at <= c.updated_at);
    }
  }
  assert(unassigned > 10 && unassigned < 100, `${unassigned} unassigned`);
  for (const team of ws.teams) assert(team.admin_ids.every((id) => typeof id === "number"));
  for (const admin of ws.admins) assert(admin.team_ids.every((id) => typeof id === "number"));
  const types = new Set(
    all.flatMap((c) => c.conversation_parts.conversation_parts.map((p) => p.part_type)),
  );
  for (const t of ["comment", "note", "assignment", "open", "close", "snoozed", "quick_reply"]) {
    assert(types.has(t), `some part is a ${t}`);
  }
  assert(all.some((c) => c.title === null) && all.some((c) => c.title !== null));
  assert(all.some((c) => c.source.subject === "") && all.some((c) => c.source.subject !== ""));
});

Deno.test("about one conversation in ten hides the author's email, which the contact (or its merge target) still has", () => {
  const ws = generateWorkspace({ conversations: 400, now: NOW });
  const hidden = [...ws.conversations.values()].filter((c) =>
    !c.source.author.email && c.source.author.type !== "admin"
  );
  assert(hidden.length > 20 && hidden.length < 70, `${hidden.length} without email`);
  assert(
    hidden.some((c) => c.source.author.email === null) &&
      hidden.some((c) => c.source.author.email === ""),
  );
  const merged = new Set<string>();
  for (const c of hidden) {
    const contact = ws.contacts.get(c.contacts.contacts[0].id);
    assert(contact?.email, `contact of ${c.id} has an email`);
    if (contact.merged_into) {
      merged.add(contact.id);
      assertEquals(ws.contacts.get(contact.merged_into)?.email, contact.email);
    }
    assertEquals(customerEmail(ws, c.id), contact.email);
  }
  assertEquals(merged.size, 2, "two of those contacts were merged into another");
});

Deno.test("renderConversation() keeps the 500 most recent parts, oldest first, with the full count in statistics", () => {
  const ws = generateWorkspace({ conversations: 60, longThreads: 1, now: NOW });
  const long = [...ws.conversations.values()].find((c) =>
    c.conversation_parts.conversation_parts.length > 500
  )!;
  const all = long.conversation_parts.conversation_parts;
  const body = renderConversation(ws, long.id, { plaintext: false }) as {
    conversation_parts: { conversation_parts: Array<{ id: string }>; total_count: number };
    statistics: { count_conversation_parts: number };
  };
  assertEquals(body.conversation_parts.conversation_parts.length, 500);
  assertEquals(body.conversation_parts.total_count, 500);
  assertEquals(
    body.conversation_parts.conversation_parts.map((p) => p.id),
    all.slice(-500).map((p) => p.id),
  );
  assertEquals(body.statistics.count_conversation_parts, all.length);
  assert(!("conversation_parts" in JSON.parse(JSON.stringify(body.statistics))));
});

Deno.test("addPart() appends a part at the clock's time and moves updated_at, statistics and waiting_since", () => {
  const ws = generateWorkspace({ conversations: 50, now: NOW });
  const clock = fixedClock(ws, NOW + 100);
  const c = [...ws.conversations.values()].find((x) => x.state === "open")!;
  const before = c.statistics.count_conversation_parts;
  const revision = ws.revision;
  addPart(ws, c.id, { body: "<p>Still <b>broken</b> &amp; urgent</p>" });
  assertEquals(c.updated_at, NOW + 100);
  assertEquals(c.statistics.count_conversation_parts, before + 1);
  assertEquals(c.statistics.last_contact_reply_at, NOW + 100);
  assert(c.waiting_since !== null);
  assert(ws.revision > revision);
  const last = c.conversation_parts.conversation_parts.at(-1)!;
  assertEquals([last.part_type, last.author.type === "user" || last.author.type === "lead"], [
    "comment",
    true,
  ]);
  clock.tick(60);
  addPart(ws, c.id, { body: "<p>Looking into it.</p>", author_type: "admin" });
  assertEquals(c.waiting_since, null);
  addPart(ws, c.id, {
    body: "<p>Internal: checked logs</p>",
    part_type: "note",
    author_type: "admin",
  });
  assertEquals(c.conversation_parts.conversation_parts.at(-1)?.part_type, "note");
  assertThrows(() => addPart(ws, "1", { body: "x" }));
});

Deno.test("setState() adds an admin event part; closing records last_close_at and a numeric last_closed_by_id", () => {
  const ws = generateWorkspace({ conversations: 50, now: NOW });
  fixedClock(ws, NOW + 500);
  const c = [...ws.conversations.values()].find((x) => x.state === "open")!;
  setState(ws, c.id, "closed");
  assertEquals([c.state, c.open, c.updated_at], ["closed", false, NOW + 500]);
  assertEquals(c.conversation_parts.conversation_parts.at(-1)?.part_type, "close");
  assertEquals(c.statistics.last_close_at, NOW + 500);
  assertEquals(typeof c.statistics.last_closed_by_id, "number");
  setState(ws, c.id, "snoozed");
  assertEquals([c.state, c.open], ["snoozed", true]);
  assert(c.snoozed_until! > NOW + 500);
});

Deno.test("createConversation() and deleteConversation() change what exists and what /deleted lists", () => {
  const ws = generateWorkspace({ conversations: 50, now: NOW });
  fixedClock(ws, NOW + 900);
  const highest = Math.max(
    ...[...ws.conversations.keys(), ...ws.deleted.map((d) => d.id)].map(Number),
  );
  const id = createConversation(ws, { body: "<p>Brand new</p>", subject: "Hello", email: null });
  assertEquals(Number(id), highest + 1);
  const c = ws.conversations.get(id)!;
  assertEquals([c.created_at, c.updated_at, c.source.author.email, c.source.subject], [
    NOW + 900,
    NOW + 900,
    null,
    "Hello",
  ]);
  assert(customerEmail(ws, id), "the contact has the email");
  deleteConversation(ws, id);
  assert(!ws.conversations.has(id));
  assertEquals(ws.deleted.at(-1), { id, deleted_at: NOW + 900, metrics_retained: false });
  assertThrows(() => renderConversation(ws, id, { plaintext: true }));
});

Deno.test("conversationsInWindow() lists updated_at >= since, oldest first", () => {
  const ws = generateWorkspace({ conversations: 80, now: NOW });
  const since = NOW - 5 * DAY;
  const list = conversationsInWindow(ws, since);
  assertEquals(
    list.length,
    [...ws.conversations.values()].filter((c) => c.updated_at >= since).length,
  );
  for (let i = 1; i < list.length; i++) assert(list[i - 1].updated_at <= list[i].updated_at);
});
