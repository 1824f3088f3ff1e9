import { assert, assertEquals, assertMatch, assertRejects } from "../../tests/assert.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { conversationStatsTool } from "./conversation_stats.ts";

Deno.test("conversation_stats counts the cache by team, and names the groupings it knows when asked for another", async () => {
  using kit = toolKit(40);
  const r = await conversationStatsTool.handler({ group_by: "team" }, kit.context());
  assertEquals(r.structured.totals.conversations, kit.ws.conversations.size);
  const sum = r.structured.groups.reduce((n, g) => n + g.metrics.conversations, 0);
  assertEquals(sum, kit.ws.conversations.size, "teams split the conversations");
  assertMatch(r.text, /^team +convs/m);
  await assertRejects(
    () => conversationStatsTool.handler({ group_by: "weather" }, kit.context()),
    (e: Error) => {
      assert(e.message.includes("state, tag, team") && e.message.includes("month"), e.message);
      return true;
    },
  );
});
