import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { parseArticle, parseArticlePage, parseCollectionPage } from "./parse_articles.ts";
import { ResponseShapeError } from "./parse.ts";

const article = {
  type: "article",
  id: 39,
  parent_ids: [18, "19"],
  title: "Refunds &amp; returns",
  description: null,
  body: '<p>Within <b>10</b> days.</p><p>See <a href="https://x.example/r">terms</a></p>',
  author_id: 991267492,
  state: "published",
  created_at: 1734537283,
  updated_at: "1734537290",
  url: "http://help.example/en/articles/39",
  default_locale: "en",
  translated_content: {
    type: "article_translated_content",
    en: { title: "ignored: the root fields are the default language" },
    fr: { title: "Remboursements", body: "<p>Sous 10 jours.</p>", state: "draft" },
    de: null,
  },
  tags: { type: "tag.list", tags: [{ type: "tag", id: "7", name: "billing" }] },
};

Deno.test("parseArticle reads ids of either type, the body as text, and every translation but the default", () => {
  const a = parseArticle(article);
  assertEquals([a.id, a.parentIds, a.authorId, a.updatedAt], [
    "39",
    ["18", "19"],
    "991267492",
    1734537290,
  ]);
  assertEquals(a.tags, ["billing"]);
  assertEquals(a.texts.map((t) => [t.locale, t.title, t.state]), [
    ["en", "Refunds & returns", "published"],
    ["fr", "Remboursements", "draft"],
  ]);
  assertEquals(a.texts[0].body, "Within 10 days.\nSee terms (https://x.example/r)");
  assertEquals(a.texts[0].description, "");
  assertEquals(
    a.texts[1].updatedAt,
    1734537290,
    "a translation without a time takes the article's",
  );
});

Deno.test("parseArticle refuses an article without an id or an updated_at", () => {
  assertThrows(() => parseArticle({ ...article, id: null }), ResponseShapeError);
  assertThrows(() => parseArticle({ ...article, updated_at: "soon" }), ResponseShapeError);
  assertThrows(() => parseArticle("no"), ResponseShapeError);
});

Deno.test("a numbered page has more after it by page and total_pages, else by a next link", () => {
  const page = (pages: unknown) => ({ type: "list", total_count: 3, pages, data: [article] });
  assert(parseArticlePage(page({ page: 1, total_pages: 2 })).hasNext);
  assert(!parseArticlePage(page({ page: 2, total_pages: 2 })).hasNext);
  assert(parseArticlePage(page({ next: "https://api.example/articles?page=2" })).hasNext);
  assert(!parseArticlePage(page(null)).hasNext);
  assert(!parseArticlePage({ data: [], pages: { page: 1, total_pages: 5 } }).hasNext);
  assertThrows(() => parseCollectionPage({ type: "list" }), ResponseShapeError);
  const c = parseCollectionPage({ data: [{ id: 5, name: "Billing", parent_id: null }] });
  assertEquals(c.items, [{ id: "5", name: "Billing", parentId: null, url: null, updatedAt: 0 }]);
});
