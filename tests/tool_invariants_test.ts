// What holds for every tool, read from the one tool list (src/tools/mod.ts): each has its own
// file and a test beside it, and a tool that declares itself read-only never writes the cache.

import { TOOLS } from "../src/tools/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import { toolKit } from "./tool_kit.ts";
import { helpCenterOf } from "./double/articles.ts";
import { ticketsOf } from "./double/tickets.ts";

const TOOLS_DIR = new URL("../src/tools/", import.meta.url);

Deno.test("every tool has its own file and a test beside it, named after the tool", () => {
  for (const tool of TOOLS) {
    const file = new URL(`${tool.name}.ts`, TOOLS_DIR);
    assert(exists(file), `${tool.name} lives in src/tools/${tool.name}.ts`);
    assert(
      Deno.readTextFileSync(file).includes(`name: "${tool.name}",`),
      `src/tools/${tool.name}.ts defines ${tool.name}`,
    );
    assert(exists(new URL(`${tool.name}_test.ts`, TOOLS_DIR)), `${tool.name}_test.ts beside it`);
  }
});

Deno.test("a tool that says it only reads never writes the cache, whatever it is asked", async () => {
  using kit = toolKit(30);
  const [id] = kit.ws.conversations.keys();
  // Arguments that make each tool do its work: every required input, from the cache.
  const [articleId] = helpCenterOf(kit.ws).articles.keys();
  const contactId = kit.ws.conversations.get(id)!.contacts.contacts[0].id;
  const [ticketId] = ticketsOf(kit.ws).tickets.keys();
  const sample: Record<string, unknown> = {
    query: "refund",
    id,
    conversation_id: id,
    article_id: articleId,
    contact_id: contactId,
    ticket_id: ticketId,
  };
  const changes = () =>
    Number((kit.app.store.db.prepare("SELECT total_changes() AS n").get() as { n: number }).n);
  for (const tool of TOOLS.filter((t) => t.annotations.readOnlyHint)) {
    const args = Object.fromEntries(
      Object.keys(tool.inputSchema).filter((k) => k in sample).map((k) => [k, sample[k]]),
    );
    const before = changes();
    await tool.handler(args as never, kit.context());
    assertEquals(changes(), before, `${tool.name} wrote to the cache`);
  }
});

function exists(url: URL): boolean {
  try {
    return Deno.statSync(url).isFile;
  } catch {
    return false;
  }
}
