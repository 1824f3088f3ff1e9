import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { helpCenterOf } from "../../tests/double/articles.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { LookupError } from "./lookup_error.ts";
import { searchArticlesTool } from "./search_articles.ts";

Deno.test("search_articles puts the article whose title holds the words first, each article once", async () => {
  using kit = toolKit(10);
  const r = await searchArticlesTool.handler({ query: "how refunds work" }, kit.context());
  // The help center has "How refunds work" and its longer parts; one of them leads.
  assert(
    r.structured.articles[0].title.startsWith("How refunds work"),
    r.structured.articles[0].title,
  );
  const ids = r.structured.articles.map((a) => a.id);
  assertEquals(new Set(ids).size, ids.length);
  assert(r.text.includes("How refunds work"));
});

Deno.test("search_articles lists published articles only, unless drafts are asked for", async () => {
  using kit = toolKit(10);
  const all = [...helpCenterOf(kit.ws).articles.values()];
  const published = await searchArticlesTool.handler({ limit: 50 }, kit.context());
  assertEquals(published.structured.total, all.filter((a) => a.state === "published").length);
  const every = await searchArticlesTool.handler(
    { limit: 50, include_drafts: true },
    kit.context(),
  );
  assertEquals(every.structured.total, all.length);
});

Deno.test("search_articles names the collections when asked for one that does not exist", async () => {
  using kit = toolKit(10);
  await assertRejects(
    () => searchArticlesTool.handler({ collection: "Nowhere" }, kit.context()),
    LookupError,
    "Billing and payments",
  );
});
