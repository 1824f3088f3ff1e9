import { assertEquals, assertMatch, assertRejects } from "../../tests/assert.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { fetchDocument } from "./fetch.ts";

Deno.test("fetch reads one cached conversation as a document, and says when there is none", async () => {
  using kit = toolKit();
  const [id] = kit.ws.conversations.keys();
  const r = await fetchDocument.handler({ id: `conversation:${id}` }, kit.context());
  assertEquals(r.structured.id, id);
  assertEquals(JSON.parse(r.text), r.structured);
  assertMatch(r.structured.text, new RegExp(`Conversation #${id}`));
  assertEquals(r.structured.metadata.state, kit.ws.conversations.get(id)!.state);
  await assertRejects(() => fetchDocument.handler({ id: "123" }, kit.context()), Error, "123");
});
