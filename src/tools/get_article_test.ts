import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { helpCenterOf } from "../../tests/double/articles.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { articleIdFrom, getArticleTool } from "./get_article.ts";
import { LookupError } from "./lookup_error.ts";

Deno.test("get_article reads an article by id or help-center URL, with its collection", async () => {
  using kit = toolKit(10);
  const a = [...helpCenterOf(kit.ws).articles.values()].find((x) => x.url && x.parent_ids.length)!;
  for (const key of [a.id, a.url!]) {
    const r = await getArticleTool.handler({ article_id: key }, kit.context());
    assertEquals([r.structured.id, r.structured.title], [a.id, a.title]);
    assertEquals(r.structured.collection.length, a.parent_ids.length);
  }
});

Deno.test("articleIdFrom() takes digits or an article URL and refuses anything else", () => {
  assertEquals(articleIdFrom(" 8100004 "), "8100004");
  assertEquals(
    articleIdFrom("https://help.example/en/articles/8100004-how-refunds-work"),
    "8100004",
  );
  for (const bad of ["", "abc", "1; DROP TABLE", "https://help.example/en/collections/5"]) {
    let refused = false;
    try {
      articleIdFrom(bad);
    } catch (e) {
      refused = e instanceof LookupError;
    }
    assertEquals(refused, true, bad);
  }
});

Deno.test("get_article says an article is not cached, and which languages one has", async () => {
  using kit = toolKit(10);
  await assertRejects(
    () => getArticleTool.handler({ article_id: "1" }, kit.context()),
    LookupError,
  );
  const [id] = helpCenterOf(kit.ws).articles.keys();
  await assertRejects(
    () => getArticleTool.handler({ article_id: id, locale: "xx" }, kit.context()),
    LookupError,
    'no "xx" content',
  );
});
