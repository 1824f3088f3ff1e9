import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { getConversation } from "./get_conversation.ts";

Deno.test("get_conversation pages a thread, leaves events out unless asked, and outlines it", async () => {
  using kit = toolKit();
  const record = [...kit.ws.conversations.values()].find((c) =>
    c.conversation_parts.conversation_parts.some((p) => p.body === null)
  )!;
  const id = record.id;
  const all = await getConversation.handler(
    { conversation_id: id, include_events: true, limit: 500 },
    kit.context(),
  );
  const plain = await getConversation.handler({ conversation_id: id, limit: 500 }, kit.context());
  assert(plain.structured.left_out.events > 0);
  assertEquals(
    plain.structured.entries.length + plain.structured.left_out.events,
    all.structured.entries.length,
  );
  assertMatch(plain.text, /left out \(include_events shows them\)/);
  const page = await getConversation.handler({ conversation_id: id, limit: 1 }, kit.context());
  assertEquals(page.structured.next_offset, 1);
  assertMatch(page.text, /more: offset 1/);
  const outline = await getConversation.handler(
    { conversation_id: id, outline: true },
    kit.context(),
  );
  assertMatch(outline.text, /^Conversation #/);
  for (const e of outline.structured.entries) assert(e.text.length <= 30, e.text);
});

Deno.test("get_conversation without a token says the conversation is not in the cache", async () => {
  using kit = toolKit();
  const error = await getConversation.handler({ conversation_id: "4242" }, kit.context()).then(
    () => "",
    (e: Error) => e.message,
  );
  assertEquals(error, "conversation 4242 was not found in the cache");
});
