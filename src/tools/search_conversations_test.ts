import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { searchConversations } from "./search_conversations.ts";

Deno.test("search_conversations answers a question with ranked conversations and a compact text", async () => {
  using kit = toolKit();
  const r = await searchConversations.handler(
    { query: "why was the refund not on my card" },
    kit.context(),
  );
  assert(r.structured.total > 0 && r.structured.returned <= 10, JSON.stringify(r.structured));
  assertEquals(r.structured.ignored, ["why", "was", "the", "not", "on", "my"]);
  for (const c of r.structured.conversations) assert(c.matched.length > 0);
  assertMatch(r.text, /^\d+ conversations? match/);
  assertMatch(r.text, /Cache: /);
});

Deno.test("search_conversations refuses what it cannot run with a message saying what to change", async () => {
  using kit = toolKit();
  const refused = (args: Record<string, unknown>) =>
    searchConversations.handler(args as never, kit.context()).then(
      () => "answered",
      (e: Error) => e.message,
    );
  assertMatch(await refused({ query: "!!!" }), /no letters or digits/);
  assertMatch(await refused({ timeframe: "today", timezone: "Mars/Base" }), /unknown time zone/);
  assertMatch(await refused({ query: "refund", similar_to: "1" }), /either query or similar_to/);
  assertMatch(await refused({ similar_to: "1" }), /not in the cache/);
});
