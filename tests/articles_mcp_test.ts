// search_articles, get_article and intercom://article/{id} as clients meet them: the real
// program over real stdio, driven by the real SDK client, on a cache synced from the double's
// multilingual help center.

import { assert, assertEquals, assertMatch } from "./assert.ts";
import { syncInto, tempDir, TOKEN } from "./cache_check.ts";
import { helpCenterOf } from "./double/articles.ts";
import { type Double, startDouble } from "./double/server.ts";
import { generateWorkspace } from "./double/workspace.ts";
import { type Caller, caller, type Connected, connectServer } from "./mcp_client.ts";
import { testEnv } from "./program.ts";

const ws = generateWorkspace({ seed: 41, conversations: 30 });
const hc = helpCenterOf(ws, { articles: 60, multilingual: true });
const dir = tempDir();
const double: Double = await startDouble({ workspace: ws, token: TOKEN });
await syncInto(dir, double.url);
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

// deno-lint-ignore no-explicit-any
type Json = any;

async function withServer(fn: (s: Connected, call: Caller) => Promise<void>): Promise<void> {
  const s = await connectServer({ ...testEnv(dir, double.url, TOKEN), TZ: "UTC" });
  try {
    await s.client.listTools();
    await fn(s, caller(s));
  } finally {
    await s.close();
  }
}

const published = [...hc.articles.values()].filter((a) => a.state === "published");
const drafts = [...hc.articles.values()].filter((a) => a.state === "draft");

Deno.test("search_articles ranks a title match first and says where the article sits", async () => {
  await withServer(async (_s, c) => {
    const r = await c.ok("search_articles", { query: "refunds" });
    assertEquals(r.articles[0].title, "How refunds work");
    assertEquals(r.articles[0].collection, ["Billing and payments", "Refunds"]);
    assertMatch(r.articles[0].snippet, /\*\*[Rr]efunds?\*\*/);
    assert(r.total >= 1 && r.articles.every((a: Json) => a.state === "published"));
    assertEquals(r.note, null);
    assert(r.freshness.last_sync_finished_at, "the answer says how fresh the cache is");
  });
});

Deno.test("search_articles lists published articles newest first, pages them, and takes drafts when asked", async () => {
  await withServer(async (_s, c) => {
    const first = await c.ok("search_articles", { limit: 5 });
    assertEquals(first.total, published.length);
    assertEquals(first.next_offset, 5);
    const newest = [...published].sort((a, b) => b.updated_at - a.updated_at)[0];
    assertEquals(first.articles[0].id, newest.id);
    const second = await c.ok("search_articles", { limit: 5, offset: 5 });
    assertEquals(second.offset, 5);
    assert(!second.articles.some((a: Json) => first.articles.some((b: Json) => b.id === a.id)));
    const all = await c.ok("search_articles", { include_drafts: true, limit: 50 });
    assertEquals(all.total, hc.articles.size);
    assert(drafts.length > 0 && all.articles.some((a: Json) => a.state === "draft"));
  });
});

Deno.test("search_articles filters by collection (its sections included) and by language", async () => {
  await withServer(async (_s, c) => {
    const billing = await c.ok("search_articles", {
      collection: "billing and payments",
      limit: 50,
    });
    const expected = published.filter((a) => a.parent_ids.length && a.parent_ids[0] === 2140000);
    assertEquals(billing.total, expected.length);
    assert(billing.articles.some((a: Json) => a.collection.includes("Invoices")));
    const french = await c.ok("search_articles", { query: "remboursement", locale: "fr" });
    assert(french.total > 0 && french.articles.every((a: Json) => a.locale === "fr"));
    const unknown = await c.fails("search_articles", { collection: "Nope" });
    assertMatch(unknown, /no collection is named "Nope".*Billing and payments/);
  });
});

Deno.test("get_article reads an article whole by id or URL, in any of its languages", async () => {
  await withServer(async (_s, c) => {
    const a = published[0];
    const byId = await c.ok("get_article", { article_id: a.id });
    assertEquals([byId.id, byId.title, byId.state, byId.locale], [
      a.id,
      a.title,
      "published",
      "en",
    ]);
    assertMatch(byId.body, /contact us \(https:\/\/example\.com\/contact\) & we will answer/);
    assertEquals(byId.translations.map((t: Json) => t.locale).sort(), ["de", "fr"]);
    assertEquals(byId.author, ws.admins.find((x) => Number(x.id) === a.author_id)!.name);
    const byUrl = await c.ok("get_article", { article_id: a.url, locale: "fr" });
    assertEquals([byUrl.id, byUrl.locale], [a.id, "fr"]);
    assertEquals(byUrl.url, a.url!.replace("/en/", "/fr/"));
    const byNumber = await c.ok("get_article", { article_id: Number(a.id) });
    assertEquals(byNumber.id, a.id);
  });
});

Deno.test("get_article and search_articles refuse bad arguments with a clear error and keep answering", async () => {
  await withServer(async (_s, c) => {
    assertMatch(await c.fails("get_article", { article_id: "99999" }), /not in the cache/);
    assertMatch(await c.fails("get_article", { article_id: "drop table" }), /not an article id/);
    assertMatch(
      await c.fails("get_article", { article_id: published[0].id, locale: "xx" }),
      /no "xx" content; it has: en, fr, de/,
    );
    await c.fails("get_article", {});
    await c.fails("get_article", { article_id: -1 });
    await c.fails("search_articles", { limit: 0 });
    await c.fails("search_articles", { limit: 51 });
    await c.fails("search_articles", { include_drafts: "yes" });
    const odd = await c.ok("search_articles", { query: '"unclosed NEAR( -x ^y:' });
    assertEquals(odd.total, 0);
    const none = await c.ok("search_articles", { query: "!!!" });
    assertEquals([none.total, none.terms], [0, []]);
  });
});

Deno.test("articles are resources at intercom://article/{id}", async () => {
  await withServer(async (s) => {
    const { resourceTemplates } = await s.client.listResourceTemplates();
    assert(resourceTemplates.some((t) => t.uriTemplate === "intercom://article/{id}"));
    const a = published[0];
    const read = await s.client.readResource({ uri: `intercom://article/${a.id}` });
    const text = (read.contents[0] as { text: string }).text;
    assertMatch(text, new RegExp(`# ${a.title} \\[article ${a.id}\\]`));
    // The list holds the 50 most recently updated published articles, the newest among them.
    const { resources } = await s.client.listResources();
    const listed = resources.filter((r) => r.uri.startsWith("intercom://article/"));
    assertEquals(new Set(listed.map((r) => r.uri)).size, Math.min(50, published.length));
    const newest = published.reduce((x, y) => (y.updated_at > x.updated_at ? y : x));
    assert(listed.some((r) => r.uri === `intercom://article/${newest.id}`));
    await s.client.readResource({ uri: "intercom://article/1" }).then(
      () => assert(false, "an unknown article is not a resource"),
      (e: Error) => assertMatch(e.message, /not in the cache/),
    );
  });
});

Deno.test("the double is closed after the last test", async () => {
  await double.close();
  assert(true);
});
