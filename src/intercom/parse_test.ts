import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import {
  optionalId,
  parseConversation,
  parseDeletedPage,
  parseSearchPage,
  ResponseShapeError,
} from "./parse.ts";

Deno.test("optionalId() takes numbers and strings, and reads 0, '0', '' and null as none", () => {
  assertEquals(optionalId(5017691), "5017691");
  assertEquals(optionalId("5017691"), "5017691");
  for (const none of [0, "0", "", null, undefined, {}, NaN]) assertEquals(optionalId(none), null);
});

Deno.test("parseConversation() accepts numeric ids, unassigned 0, null bodies and null statistics", () => {
  const c = parseConversation({
    type: "conversation",
    id: 123,
    created_at: 100,
    updated_at: 200,
    admin_assignee_id: 0,
    team_assignee_id: 42,
    state: "open",
    priority: "not_priority",
    statistics: null,
    tags: { type: "tag.list", tags: [{ type: "tag", id: 7, name: "VIP" }] },
    source: {
      type: "conversation",
      subject: null,
      body: "Hi",
      author: { type: "user", id: "u1", email: "" },
    },
    contacts: { contacts: [{ type: "contact", id: "c1" }] },
    conversation_parts: {
      total_count: 2,
      conversation_parts: [
        {
          id: 9,
          part_type: "close",
          body: null,
          created_at: 150,
          author: { type: "admin", id: 5 },
        },
        { id: "10", part_type: "comment", body: "Thanks", created_at: 160, updated_at: 161 },
      ],
    },
  });
  assertEquals(c.id, "123");
  assertEquals(c.adminAssigneeId, null);
  assertEquals(c.teamAssigneeId, "42");
  assertEquals(c.priority, "none");
  assertEquals(c.source.author.email, null);
  assertEquals(c.contactIds, ["c1"]);
  assertEquals(c.tags, [{ id: "7", name: "VIP" }]);
  assertEquals(c.parts.map((p) => [p.id, p.body]), [["9", null], ["10", "Thanks"]]);
  assertEquals(c.partsTotal, 2);
});

Deno.test("parseConversation() knows a thread was cut from statistics.count_conversation_parts", () => {
  const parts = Array.from(
    { length: 500 },
    (_, i) => ({ id: `p${i}`, part_type: "comment", body: "x", created_at: i }),
  );
  const c = parseConversation({
    id: "1",
    updated_at: 1,
    statistics: { count_conversation_parts: 640 },
    conversation_parts: { conversation_parts: parts, total_count: 500 },
  });
  assertEquals(c.parts.length, 500);
  assertEquals(c.partsTotal, 640);
});

Deno.test("parseConversation() rejects what cannot be a conversation with a ResponseShapeError", () => {
  for (const bad of [null, [], "x", {}, { id: "1" }, { id: null, updated_at: 1 }]) {
    assertThrows(() => parseConversation(bad), ResponseShapeError);
  }
});

Deno.test("parseSearchPage() reads the cursor of the next page, and none on the last", () => {
  const page = parseSearchPage({
    type: "conversation.list",
    total_count: 3,
    pages: {
      type: "pages",
      page: 1,
      per_page: "2",
      total_pages: 2,
      next: { page: 2, starting_after: "abc" },
    },
    conversations: [{ id: "1", updated_at: 5 }, { id: 2, updated_at: "6" }],
  });
  assertEquals(page.stubs, [{ id: "1", updatedAt: 5 }, { id: "2", updatedAt: 6 }]);
  assertEquals(page.nextCursor, "abc");
  assertEquals(parseSearchPage({ conversations: [], pages: { page: 2 } }).nextCursor, null);
});

Deno.test("parseDeletedPage() reads pages.next as a URL string", () => {
  const p = parseDeletedPage({
    type: "conversations.list",
    pages: { next: "https://api.intercom.io/conversations/deleted?page=2" },
    conversations: [{ type: "conversation", id: "512", deleted_at: 1734537460 }],
  });
  assert(p.hasNext);
  assertEquals(p.deleted, [{ id: "512", deletedAt: 1734537460 }]);
});

Deno.test("parseConversation() turns HTML bodies into plain text when the API ignored display_as", () => {
  const c = parseConversation({
    id: "1",
    updated_at: 1,
    source: {
      subject: "",
      body:
        '<p>Hi &amp; thanks,</p><p>see <a href="https://x.example/a">the guide</a><br>and &#233;t&eacute;</p>',
      author: { type: "user" },
    },
    conversation_parts: {
      conversation_parts: [{
        id: "p",
        part_type: "comment",
        body: "<ul><li>one</li><li>two</li></ul>",
      }],
    },
  });
  assertEquals(c.source.body, "Hi & thanks,\nsee the guide (https://x.example/a)\nand ét&eacute;");
  assertEquals(c.parts[0].body, "- one\n- two");
  const plainText = parseConversation({ id: "2", updated_at: 1, source: { body: "a <b> c" } });
  assertEquals(plainText.source.body, "a <b> c", "text that only mentions a tag stays as it is");
});

Deno.test("parseConversation() keeps the handling Intercom describes, reading drifting types defensively", () => {
  const c = parseConversation({
    id: "5",
    updated_at: 200,
    created_at: 100,
    waiting_since: "150",
    snoozed_until: null,
    source: { type: "email", delivered_as: "customer_initiated", author: { type: "user" } },
    statistics: {
      type: "conversation_statistics",
      time_to_admin_reply: 60,
      count_reopens: 1,
      last_closed_by_id: 991267459,
      assigned_team_first_response_time: [],
    },
    conversation_rating: { rating: 9, remark: "?" },
    ai_agent_participated: true,
    ai_agent: { source_type: "workflow", resolution_state: "assumed_resolution", rating: 4 },
    sla_applied: { type: "conversation_sla_summary", sla_name: "4h", sla_status: "hit" },
    custom_attributes: { Plan: "Pro" },
  });
  const h = c.handling!;
  assertEquals(h.deliveredAs, "customer_initiated");
  assertEquals(h.waitingSince, 150);
  assertEquals(h.statistics, {
    time_to_admin_reply: 60,
    count_reopens: 1,
    last_closed_by_id: "991267459",
  });
  assertEquals(h.rating, null, "a rating outside 1 to 5 is none");
  assertEquals(h.aiAgentParticipated, true);
  assertEquals(h.aiAgent?.resolutionState, "assumed_resolution");
  assertEquals(h.aiAgent?.rating, 4);
  assertEquals(h.sla, { name: "4h", status: "hit" });
  assertEquals(h.customAttributes, { Plan: "Pro" });
  const bare = parseConversation({ id: "6", updated_at: 200, statistics: null, ai_agent: null });
  assertEquals(bare.handling!.statistics, null);
  assertEquals(bare.handling!.aiAgentParticipated, false);
});
