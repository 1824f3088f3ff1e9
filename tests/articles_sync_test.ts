// The help center's sync against the HTTP test double: after each sync the cached articles are
// the help center's, in every language; a sync with nothing changed costs two requests.

import { assert, assertEquals } from "./assert.ts";
import { App } from "../src/app.ts";
import { htmlToText } from "../src/intercom/html.ts";
import { articleUpdatedAt, getArticle } from "../src/store/articles.ts";
import type { Store } from "../src/store/store.ts";
import { readKind } from "../src/sync/kinds.ts";
import { renderStatus, statusReport } from "../src/status.ts";
import { tempDir, testSettings, TOKEN } from "./cache_check.ts";
import { killSyncThenResume } from "./kill_sync.ts";
import { refusingFetch } from "./refusing_fetch.ts";
import {
  createArticle,
  deleteArticle,
  editArticle,
  helpCenterOf,
  type HelpCenterOptions,
  publishArticle,
} from "./double/articles.ts";
import { type DoubleOptions, startDouble } from "./double/server.ts";
import { generateWorkspace, type Workspace } from "./double/workspace.ts";

/** Every article of the help center is cached, with its state, texts and collection; no other. */
export function assertArticlesEqualHelpCenter(store: Store, ws: Workspace): void {
  const hc = helpCenterOf(ws);
  const cached = articleUpdatedAt(store);
  assertEquals([...cached.keys()].sort(), [...hc.articles.keys()].sort(), "cached article ids");
  for (const a of hc.articles.values()) {
    const got = getArticle(store, a.id)!;
    assertEquals(got.updatedAt, a.updated_at, `updated_at of article ${a.id}`);
    assertEquals(got.state, a.state, `state of article ${a.id}`);
    assertEquals(got.texts[0].title, a.title);
    assertEquals(got.texts[0].body, htmlToText(a.body), `body of article ${a.id}`);
    const locales = Object.keys(a.translated_content ?? {}).filter((k) => k !== "type").sort();
    assertEquals(got.texts.map((t) => t.locale).sort(), locales.length ? locales : [""]);
    const names = a.parent_ids.map((id) => hc.collections.get(String(id))!.name);
    assertEquals(got.collection, names, `collection of article ${a.id}`);
  }
}

async function setup(
  hc: HelpCenterOptions = {},
  double: Partial<DoubleOptions> = {},
  fetchFn?: typeof fetch,
) {
  const ws = generateWorkspace({ seed: 31, conversations: 40 });
  helpCenterOf(ws, hc);
  const server = await startDouble({ workspace: ws, token: TOKEN, ...double });
  const dir = tempDir();
  const app = new App(testSettings(dir, server.url), {
    timeoutMs: 5000,
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  const helpCenterRequests = () => {
    const r = server.stats().byRoute;
    return (r["GET /articles"] ?? 0) + (r["GET /articles/{id}"] ?? 0) +
      (r["GET /help_center/collections"] ?? 0);
  };
  return {
    ws,
    server,
    app,
    helpCenterRequests,
    async [Symbol.asyncDispose]() {
      app.close();
      await server.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

Deno.test("a sync caches every article of the help center, drafts and translations included", async () => {
  await using t = await setup({ articles: 130, multilingual: true });
  await t.app.syncer.sync();
  assertArticlesEqualHelpCenter(t.app.store, t.ws);
  const kind = readKind(t.app.store, "articles")!;
  assertEquals([kind.available, kind.last?.newCount], [true, 130]);
  assertEquals(t.app.store.integrityCheck(), "ok");
  const status = (await statusReport(t.app)).kinds.articles;
  assertEquals([status.available, status.articles, status.languages], [true, 130, 3]);
  assertEquals(status.missing_scope, null);
});

Deno.test("a second sync with nothing changed reads one page of articles and one of collections", async () => {
  await using t = await setup({ articles: 130 });
  await t.app.syncer.sync();
  t.server.resetStats();
  await t.app.syncer.sync();
  assertEquals(t.helpCenterRequests(), 2, JSON.stringify(t.server.stats().byRoute));
  assertEquals(readKind(t.app.store, "articles")!.last?.requests, 2);
  assertArticlesEqualHelpCenter(t.app.store, t.ws);
});

Deno.test("edits, new articles, drafts published and unpublished are read on the first page", async () => {
  await using t = await setup({ articles: 130 });
  await t.app.syncer.sync();
  const ids = [...helpCenterOf(t.ws).articles.keys()];
  editArticle(t.ws, ids[100], "<p>Refunds now take a <b>quokka</b> of days.</p>");
  publishArticle(t.ws, ids[7], "published");
  publishArticle(t.ws, ids[3], "draft");
  createArticle(t.ws, "Paying by bank transfer", "<p>Use the IBAN on the invoice.</p>");
  t.server.resetStats();
  await t.app.syncer.sync();
  const kind = readKind(t.app.store, "articles")!;
  assertEquals([kind.last?.newCount, kind.last?.changedCount], [1, 3]);
  assertEquals(t.helpCenterRequests(), 2);
  assertArticlesEqualHelpCenter(t.app.store, t.ws);
});

Deno.test("an article deleted deep in the listing is found by the count, confirmed, and removed", async () => {
  await using t = await setup({ articles: 130 });
  await t.app.syncer.sync();
  const oldest =
    [...helpCenterOf(t.ws).articles.values()].sort((a, b) => a.updated_at - b.updated_at)[0];
  deleteArticle(t.ws, oldest.id);
  t.server.resetStats();
  await t.app.syncer.sync();
  assertEquals(readKind(t.app.store, "articles")!.last?.deletedCount, 1);
  assertEquals(t.server.stats().byRoute["GET /articles"], 3, "the whole listing was read");
  assertEquals(t.server.stats().byRoute["GET /articles/{id}"], 1, "the absence was confirmed");
  assertArticlesEqualHelpCenter(t.app.store, t.ws);
});

Deno.test("with 429s, HTML 503s, empty 200s and cut bodies the help center still syncs exactly", async () => {
  await using t = await setup({ articles: 120, multilingual: true }, {
    rateLimit: { limit: 1666, windowSeconds: 1 },
    faults: { rate429: 0.2, rate503Html: 0.05, rateEmpty200: 0.05, rateMalformed: 0.05, seed: 9 },
  });
  await t.app.syncer.sync();
  assertArticlesEqualHelpCenter(t.app.store, t.ws);
  const statuses = t.server.stats().byStatus;
  assert((statuses["429"] ?? 0) + (statuses["503"] ?? 0) > 3, JSON.stringify(statuses));
});

Deno.test("a token without the articles scope syncs every conversation, says which scope is missing, and is not asked again for a day", async () => {
  const refusing = refusingFetch((path) =>
    path === "/articles" || path.startsWith("/help_center/")
  );
  await using t = await setup({}, {}, refusing.fetch);
  const s = await t.app.syncer.sync();
  assert(s.newCount > 30, `${s.newCount} conversations`);
  assertEquals(t.app.store.lastRuns().last?.outcome, "ok");
  const kind = readKind(t.app.store, "articles")!;
  assertEquals(kind.available, false);
  assert(kind.error?.includes("403"), kind.error ?? "");
  assertEquals(articleUpdatedAt(t.app.store).size, 0);
  const report = await statusReport(t.app);
  assertEquals(report.kinds.articles.missing_scope, "Read and list articles");
  assert(report.kinds.articles.note?.includes("403"), report.kinds.articles.note ?? "");
  assert(renderStatus(report).includes('missing: the token needs "Read and list articles"'));
  assertEquals(refusing.refused(), 1, "the first refusal ends the kind's sync");
  await t.app.syncer.sync();
  assertEquals(refusing.refused(), 1, "the refusal is believed: the next sync does not ask");
  await t.app.syncer.sync({ force: true, days: 1 });
  assertEquals(refusing.refused(), 2, "a forced sync asks again");
  assertEquals(readKind(t.app.store, "articles")!.available, false);
});

Deno.test("a sync killed while it lists articles, then run again, leaves the help center whole", async () => {
  const ws = generateWorkspace({ seed: 32, conversations: 30 });
  const ids = [...helpCenterOf(ws, { articles: 130, multilingual: true }).articles.keys()];
  let pages = 0;
  // Killed while the second page is asked for: the first is stored, or being.
  const secondPage = (path: string) => path === "/articles" && ++pages === 2;
  await killSyncThenResume(ws, secondPage, () => {
    editArticle(ws, ids[120], "<p>Changed while the program was down.</p>");
    deleteArticle(ws, ids[5]);
  }, (app) => assertArticlesEqualHelpCenter(app.store, ws));
});
