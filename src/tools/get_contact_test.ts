import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { busiestContact, toolKit } from "../../tests/tool_kit.ts";
import { getContactTool } from "./get_contact.ts";
import { LookupError } from "./lookup_error.ts";

Deno.test("get_contact lists a customer's conversations newest first and counts them by state", async () => {
  using kit = toolKit(40);
  const { id, conversations: n } = busiestContact(kit.ws);
  const r = await getContactTool.handler({ contact_id: id }, kit.context());
  assertEquals(r.structured.conversations_total, n);
  const byState = Object.values(r.structured.conversations_by_state);
  assertEquals(byState.reduce((a, b) => a + b, 0), n);
  const times = r.structured.conversations.map((c) => c.updated_at);
  assertEquals(times, [...times].sort().reverse());
});

Deno.test("get_contact says when no cached contact has the id or email", async () => {
  using kit = toolKit(10);
  await assertRejects(
    () => getContactTool.handler({ contact_id: "nobody@example.com" }, kit.context()),
    LookupError,
    "no cached contact",
  );
});
