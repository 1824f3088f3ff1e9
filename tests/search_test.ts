// The search service over a real cache: paging through every match, timeframes that mean "a
// message was written then", "more like this", and how each result says what it matched.

import { App } from "../src/app.ts";
import type { Conversation } from "../src/model.ts";
import { search, type SearchInput } from "../src/search/search.ts";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { tempDir, testSettings } from "./cache_check.ts";
import { generateWorkspace } from "./double/workspace.ts";
import { fillCache, FRESH } from "./fill.ts";

function withCache(conversations: number, fn: (app: App, now: Date) => void) {
  const dir = tempDir();
  const app = new App(testSettings(dir, "http://127.0.0.1:9"));
  try {
    const ws = generateWorkspace({ seed: 11, conversations, olderConversations: 0, deleted: 0 });
    fillCache(app, ws);
    fn(app, new Date());
  } finally {
    app.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

const ask = (app: App, now: Date, input: SearchInput) =>
  search({ store: app.store, now, freshness: FRESH, conversationUrl: () => null }, input);

Deno.test("following next_cursor returns every match of a common word exactly once, then ends", () => {
  withCache(2600, (app, now) => {
    // Function words alone are searched for: they are all the query has.
    const inputs = [{ query: "the" }, { query: "the", sort: "newest" as const }, {
      query: "please thanks",
    }];
    for (const input of inputs) {
      const first = ask(app, now, { ...input, limit: 150 });
      assert(first.total > 2100, `more matches than the old window: ${first.total}`);
      const seen = new Set<string>();
      let page = first;
      for (let pages = 1;; pages++) {
        for (const c of page.conversations) {
          assert(!seen.has(c.id), `${c.id} came twice (${JSON.stringify(input)})`);
          seen.add(c.id);
        }
        if (page.next_cursor === null) break;
        assert(page.returned > 0, "a page with a cursor after it is never empty");
        assert(pages < 100, "paging ends");
        page = ask(app, now, { ...input, limit: 150, cursor: page.next_cursor });
      }
      assertEquals(seen.size, first.total);
    }
  });
});

Deno.test("a question finds conversations holding most of its words, all of them first, and says which", () => {
  withCache(400, (app, now) => {
    const r = ask(app, now, {
      query: "customer was charged twice for their subscription",
      limit: 50,
    });
    assertEquals(r.ignored, ["customer", "was", "for", "their"]);
    assert(r.total > 0 && r.returned > 0, "a question of several words is answered");
    const held = r.conversations.map((c) => c.matched.length);
    assertEquals(held, [...held].sort((a, b) => b - a), "more words held ranks first");
    for (const c of r.conversations) assert(c.matched.every((t) => r.terms.includes(t)));
    // Requiring every word answers only conversations that hold every word.
    const all = ask(app, now, { query: "refund invoice", match: "all", limit: 150 });
    for (const c of all.conversations) assertEquals(c.matched.sort(), ["invoice", "refund"]);
    const any = ask(app, now, { query: "refund invoice", limit: 150 });
    assert(any.total > all.total, "most-words matching finds more than all-words");
    assertEquals(
      any.conversations.slice(0, all.total).map((c) => c.id).sort(),
      all.conversations.map((c) => c.id).sort(),
      "conversations holding both come first",
    );
    const plus = ask(app, now, { query: "+refund invoice", limit: 150 });
    for (const c of plus.conversations) assert(c.matched.includes("refund"));
  });
});

Deno.test("similar_to finds conversations sharing the distinctive words of the one given, not itself", () => {
  withCache(400, (app, now) => {
    const seed = ask(app, now, { query: "webhook", limit: 1 }).conversations[0];
    const r = ask(app, now, { similar_to: seed.id, limit: 10 });
    assert(r.terms.length > 0 && r.returned > 0, JSON.stringify(r.terms));
    assert(!r.conversations.some((c) => c.id === seed.id), "the conversation itself is left out");
    let refused = "";
    try {
      ask(app, now, { similar_to: "999999999" });
    } catch (e) {
      refused = String(e);
    }
    assert(/not in the cache/.test(refused), refused);
  });
});

Deno.test("a timeframe holds conversations with a message written then, not ones merely updated", () => {
  withCache(30, (app, now) => {
    const day = 86_400;
    const today = Math.floor(now.getTime() / 1000);
    const yesterdayNoon = (() => {
      const d = new Date(now);
      d.setDate(d.getDate() - 1);
      d.setHours(12, 0, 0, 0);
      return Math.floor(d.getTime() / 1000);
    })();
    const ids = ask(app, now, { limit: 3 }).conversations.map((c) => c.id);
    const stamped = ids.map((id) => `${id}0`);
    const restamp = (id: string, created: number, partTimes: number[], updated: number) => {
      const c = { ...app.store.getConversation(id)!.conversation, id: `${id}0` };
      const parts = c.parts.filter((p) => p.body !== null).slice(0, partTimes.length)
        .map((p, i) => ({ ...p, createdAt: partTimes[i], updatedAt: partTimes[i] }));
      const changed: Conversation = { ...c, createdAt: created, updatedAt: updated, parts };
      app.store.saveConversation(changed);
    };
    // Created a month ago, a reply a month ago, then only an event today (updated today).
    restamp(ids[0], today - 30 * day, [today - 30 * day + 60], today - 5);
    // Created a month ago, with a reply yesterday.
    restamp(ids[1], today - 30 * day, [today - 30 * day + 60, yesterdayNoon], yesterdayNoon);
    // Created yesterday.
    restamp(ids[2], yesterdayNoon, [], yesterdayNoon);
    const yesterday = ask(app, now, { timeframe: "yesterday", limit: 150 }).conversations.map((c) =>
      c.id
    );
    assert(
      !yesterday.includes(stamped[0]),
      "updated today without a message yesterday: not in yesterday",
    );
    assert(yesterday.includes(stamped[1]), "a reply written yesterday: in yesterday");
    assert(yesterday.includes(stamped[2]), "created yesterday: in yesterday");
    const withWords = ask(app, now, { query: "the", timeframe: "yesterday", limit: 150 });
    assert(!withWords.conversations.some((c) => c.id === stamped[0]), "the same with a query");
    assert(withWords.conversations.some((c) => c.id === stamped[1]), "the same with a query");
  });
});

Deno.test("timezone says what a day means: the same yesterday an ocean apart, and a bad zone is refused", () => {
  withCache(30, (app) => {
    // Mid-afternoon in Paris, morning in New York: the same calendar day in both.
    const now = new Date("2026-11-25T15:00:00Z");
    const paris = ask(app, now, { timeframe: "yesterday", timezone: "Europe/Paris" });
    const newYork = ask(app, now, { timeframe: "yesterday", timezone: "America/New_York" });
    const hours = (Date.parse(newYork.timeframe!.start) - Date.parse(paris.timeframe!.start)) /
      3_600_000;
    assertEquals(hours, 6, "New York's yesterday starts six hours after Paris's");
    assertMatch(paris.timeframe!.meaning, /Europe\/Paris/);
    let refused = "";
    try {
      ask(app, now, { timeframe: "today", timezone: "Mars/Base" });
    } catch (e) {
      refused = String(e);
    }
    assert(/unknown time zone "Mars\/Base"/.test(refused), refused);
  });
});
