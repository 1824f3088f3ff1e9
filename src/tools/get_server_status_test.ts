import { assertEquals, assertMatch } from "../../tests/assert.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { getServerStatus } from "./get_server_status.ts";

Deno.test("get_server_status counts the cache as it is", async () => {
  using kit = toolKit(25);
  const r = await getServerStatus.handler({}, kit.context());
  assertEquals(r.structured.cache.conversations, kit.ws.conversations.size);
  assertMatch(r.text, new RegExp(`${kit.ws.conversations.size} conversations`));
});
