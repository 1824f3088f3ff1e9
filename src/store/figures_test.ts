import { assertEquals } from "../../tests/assert.ts";
import type { Conversation, Part } from "../model.ts";
import { figures, finOutcome } from "./figures.ts";

let nextId = 1;
function part(partType: string, authorType: string, createdAt: number): Part {
  return {
    id: String(nextId++),
    partType,
    body: partType === "comment" || partType === "note" ? "text" : null,
    createdAt,
    updatedAt: createdAt,
    author: { type: authorType, id: "1", name: null, email: null },
    assignedTo: null,
    redacted: false,
    attachments: [],
  };
}

function conversation(parts: Part[], extra: Partial<Conversation> = {}): Conversation {
  return {
    id: "1",
    createdAt: 1000,
    updatedAt: 9000,
    title: null,
    state: "closed",
    read: true,
    priority: "none",
    adminAssigneeId: null,
    teamAssigneeId: null,
    tags: [],
    source: {
      type: "conversation",
      subject: "",
      body: "help",
      url: null,
      author: { type: "user", id: "9", name: null, email: null },
    },
    contactIds: ["9"],
    partsTotal: parts.length,
    parts,
    ...extra,
  };
}

Deno.test("figures() computes the first reply from the thread, skipping notes and bots, where Intercom sent none", () => {
  const f = figures(conversation([
    part("comment", "bot", 1010),
    part("note", "admin", 1100),
    part("assignment", "admin", 1150),
    part("comment", "admin", 1300),
    part("close", "admin", 2000),
    part("open", "user", 2100),
    part("close", "admin", 2500),
  ]));
  assertEquals(f.firstResponse, { seconds: 300, source: "computed" });
  assertEquals(f.timeToClose, { seconds: 1500, source: "computed" });
  assertEquals(f.reopens, 1);
  assertEquals(f.closedOnce, true);
});

Deno.test("figures() takes Intercom's own figures where it sent them", () => {
  const c = conversation([part("comment", "admin", 1300), part("close", "admin", 2000)]);
  c.handling = {
    deliveredAs: "customer_initiated",
    waitingSince: null,
    snoozedUntil: null,
    statistics: { time_to_admin_reply: 120, time_to_last_close: 900, count_reopens: 0 },
    rating: null,
    aiAgentParticipated: false,
    aiAgent: null,
    sla: null,
    customAttributes: {},
  };
  const f = figures(c);
  assertEquals(f.firstResponse, { seconds: 120, source: "intercom" });
  assertEquals(f.timeToClose, { seconds: 900, source: "intercom" });
  assertEquals(f.reopens, 0);
});

Deno.test("figures() computes nothing from a thread Intercom cut, and starts an outbound one at the customer's first reply", () => {
  const cut = figures(conversation([part("comment", "admin", 1300)], { partsTotal: 600 }));
  assertEquals(cut.firstResponse, null);
  assertEquals(cut.reopens, null);
  const outbound = conversation([
    part("comment", "admin", 1100),
    part("comment", "user", 1200),
    part("comment", "admin", 1260),
  ], { state: "open" });
  outbound.source.author = { type: "admin", id: "1", name: null, email: null };
  assertEquals(figures(outbound).firstResponse, { seconds: 60, source: "computed" });
  assertEquals(figures(outbound).timeToClose, null);
});

Deno.test("finOutcome() names what Fin did in one word", () => {
  assertEquals(finOutcome(false, null), "not involved");
  assertEquals(finOutcome(true, null), "no answer");
  assertEquals(finOutcome(true, "assumed_resolution"), "assumed_resolution");
});
