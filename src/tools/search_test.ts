import { assert, assertEquals } from "../../tests/assert.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { searchDocuments } from "./search.ts";

Deno.test("search gives connector clients id, title, url and text, as JSON in its text too", async () => {
  using kit = toolKit();
  const r = await searchDocuments.handler({ query: "refund" }, kit.context());
  assert(r.structured.results.length > 0 && r.structured.results.length <= 10);
  assertEquals(JSON.parse(r.text), r.structured);
  for (const hit of r.structured.results) {
    assert(kit.ws.conversations.has(hit.id), hit.id);
    assertEquals(hit.url, `intercom://conversation/${hit.id}`, "no workspace id: the resource");
    assert(!hit.text.includes("**"), "plain text, no markup");
  }
});
