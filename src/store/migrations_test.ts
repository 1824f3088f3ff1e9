// A cache built by the code before the authors table (schema 1, tests/fixtures/cache_v1.db,
// made at commit 47d8ac1 by fillCache from generateWorkspace({ seed: 16, conversations: 8,
// partsPerConversation: 4 }) with its reads saved beside it in cache_v1.json) opens with this
// code, migrates in place, and reads back as it did.

import { DatabaseSync } from "node:sqlite";
import { assert, assertEquals } from "../../tests/assert.ts";
import { conversationStats, type StatsInput } from "../stats/stats.ts";
import { STATISTICS_COLUMNS } from "./handling.ts";
import { search, type SearchInput } from "../search/search.ts";
import type { CachedConversation } from "./store.ts";
import { Store } from "./store.ts";
import { MIGRATIONS } from "./migrations.ts";

interface Fixture {
  version: number;
  now: number;
  conversations: Record<string, CachedConversation>;
  searches: { input: SearchInput; output: unknown }[];
}

const FIXTURE = new URL("../../tests/fixtures/cache_v1.db", import.meta.url);
const EXPECTED = JSON.parse(
  Deno.readTextFileSync(new URL("../../tests/fixtures/cache_v1.json", import.meta.url)),
) as Fixture;

/** A copy of the old cache in a folder of its own: the fixture itself stays as it was made. */
function oldCache(fixture: URL = FIXTURE): { dir: string; path: string } {
  const dir = Deno.makeTempDirSync({ prefix: "fim-migrate-" });
  const path = `${dir}/cache.db`;
  Deno.copyFileSync(fixture, path);
  return { dir, path };
}

Deno.test("a cache from before the authors table migrates in place and every conversation reads back the same", () => {
  const { dir, path } = oldCache();
  const store = new Store(path, { now: () => EXPECTED.now });
  try {
    assertEquals(EXPECTED.version, 1, "the fixture was made at schema 1");
    const version = (store.db.prepare("PRAGMA user_version").get() as { user_version: number })
      .user_version;
    assertEquals(version, MIGRATIONS.length, "migrated to the newest schema");
    const ids = Object.keys(EXPECTED.conversations);
    assert(ids.length > 0, "the fixture holds conversations");
    for (const id of ids) {
      assertEquals(
        JSON.parse(JSON.stringify(store.getConversation(id))),
        EXPECTED.conversations[id],
        id,
      );
    }
    const ctx = {
      store,
      now: new Date(EXPECTED.now * 1000),
      freshness: null as never,
      conversationUrl: () => null,
    };
    // What matched, in which order: the wording around the results may change with search.
    const found = (o: unknown) => {
      const { total, conversations } = o as { total: number; conversations: { id: string }[] };
      return { total, ids: conversations.map((c) => c.id) };
    };
    for (const { input, output } of EXPECTED.searches) {
      assertEquals(found(search(ctx, input)), found(output), JSON.stringify(input));
    }
  } finally {
    store.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("after the migration each author is stored once, however many parts they wrote", () => {
  const { dir, path } = oldCache();
  const store = new Store(path);
  try {
    const count = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
    const parts = count("SELECT count(*) AS n FROM parts");
    const authors = count("SELECT count(*) AS n FROM authors");
    const distinct = count(
      "SELECT count(*) AS n FROM (SELECT DISTINCT type, id, name, email FROM authors)",
    );
    assert(authors < parts, `${authors} authors for ${parts} parts`);
    assertEquals(distinct, authors, "no author twice");
    assertEquals(store.integrityCheck(), "ok", "the file and the search index agree");
  } finally {
    store.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a part whose author has no id or email reads back with the nulls it was saved with", () => {
  const dir = Deno.makeTempDirSync({ prefix: "fim-authors-" });
  const store = new Store(`${dir}/cache.db`);
  try {
    const conversation = EXPECTED.conversations[Object.keys(EXPECTED.conversations)[0]]
      .conversation;
    const nobody = { type: "bot", id: null, name: null, email: null };
    const named = { type: "admin", id: "7", name: "Ana", email: null };
    const parts = [nobody, named, nobody, { ...named, name: "Ana B." }].map((author, i) => ({
      ...conversation.parts[0],
      id: `p${i}`,
      createdAt: conversation.createdAt + i,
      author,
    }));
    store.saveConversation({ ...conversation, parts });
    store.saveConversation({ ...conversation, parts });
    const back = store.getConversation(conversation.id)!.conversation.parts;
    assertEquals(back.map((p) => p.author), parts.map((p) => p.author));
    const authors = store.db.prepare(
      "SELECT count(*) AS n FROM authors WHERE rowid IN (SELECT author FROM parts)",
    ).get() as { n: number };
    assertEquals(authors.n, 3, "one row per distinct author, a renamed one twice");
  } finally {
    store.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

// A cache built by the code before migration 8 (schema 6, tests/fixtures/cache_v6.db, made at
// commit 6ccc8a5 from generateWorkspace({ seed: 26, conversations: 12, partsPerConversation: 5 })
// with one conversation saved twice, its reads saved beside it in cache_v6.json).
interface FixtureV6 extends Fixture {
  handling: Record<string, Record<string, unknown> & { statistics: string | null }>;
  stats: { input: StatsInput; output: unknown }[];
}
const V6 = JSON.parse(
  Deno.readTextFileSync(new URL("../../tests/fixtures/cache_v6.json", import.meta.url)),
) as FixtureV6;

/** Intercom's statistics object as the handling row now holds it: columns, then the rest. */
function statisticsOfRow(row: Record<string, unknown>): Record<string, unknown> | null {
  if (row.statistics_more === null) return null;
  const out: Record<string, unknown> = {};
  for (const key of STATISTICS_COLUMNS) if (row[key] !== null) out[key] = row[key];
  return { ...out, ...JSON.parse(String(row.statistics_more)) };
}

Deno.test("a cache from before migration 8 migrates in place: conversations, searches, stats and handling read back the same", () => {
  const { dir, path } = oldCache(new URL("../../tests/fixtures/cache_v6.db", import.meta.url));
  // A key Intercom may add to its statistics one day, which has no column: it is kept too.
  const old = new DatabaseSync(path);
  old.exec(
    `UPDATE handling SET statistics = json_set(statistics, '$.time_to_future', 42)
     WHERE conversation_rowid = (SELECT min(conversation_rowid) FROM handling)`,
  );
  const changed = old.prepare(
    "SELECT c.id FROM conversations c WHERE c.rowid = (SELECT min(conversation_rowid) FROM handling)",
  ).get() as { id: string };
  old.close();
  V6.handling[changed.id].statistics = JSON.stringify({
    ...JSON.parse(V6.handling[changed.id].statistics!),
    time_to_future: 42,
  });
  const store = new Store(path, { now: () => V6.now });
  try {
    assertEquals(V6.version, 6, "the fixture was made at schema 6");
    const version = (store.db.prepare("PRAGMA user_version").get() as { user_version: number })
      .user_version;
    assertEquals(version, MIGRATIONS.length, "migrated to the newest schema");
    const ids = Object.keys(V6.conversations);
    assertEquals(ids.length, 12);
    for (const id of ids) {
      assertEquals(JSON.parse(JSON.stringify(store.getConversation(id))), V6.conversations[id], id);
    }
    const now = new Date(V6.now * 1000);
    const ctx = { store, now, freshness: null as never, conversationUrl: () => null };
    for (const { input, output } of V6.searches) {
      assertEquals(
        JSON.parse(JSON.stringify(search(ctx, input))),
        output,
        JSON.stringify(input),
      );
    }
    for (const { input, output } of V6.stats) {
      assertEquals(
        JSON.parse(JSON.stringify(
          conversationStats({ store, now, freshness: null as never }, {
            timezone: "UTC",
            ...input,
          }),
        )),
        output,
        JSON.stringify(input),
      );
    }
    const rows = store.db.prepare(
      "SELECT c.id, h.* FROM handling h JOIN conversations c ON c.rowid = h.conversation_rowid",
    ).all() as Record<string, unknown>[];
    assertEquals(rows.length, Object.keys(V6.handling).length);
    for (const row of rows) {
      const before = V6.handling[String(row.id)];
      const statistics = before.statistics === null ? null : JSON.parse(before.statistics);
      assertEquals(statisticsOfRow(row), statistics, String(row.id));
      for (const [key, value] of Object.entries(before)) {
        if (key !== "statistics") assertEquals(row[key], value, `${row.id} ${key}`);
      }
    }
    assertEquals(store.integrityCheck(), "ok", "the file and the search index agree");
  } finally {
    store.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a conversation saved again keeps one row a part, its old parts kept and its read ones replaced", () => {
  const dir = Deno.makeTempDirSync({ prefix: "fim-parts-" });
  const store = new Store(`${dir}/cache.db`);
  try {
    const c = V6.conversations[Object.keys(V6.conversations)[0]].conversation;
    store.saveConversation(c);
    // Intercom returns the newest parts only: the first is gone from the read, the second edited,
    // and one new part came; a part twice in one read is kept once.
    const [first, second, ...rest] = c.parts;
    const edited = { ...second, body: "edited kerfuffle", updatedAt: second.createdAt + 60 };
    const added = {
      ...second,
      id: "new-part",
      createdAt: c.updatedAt + 1,
      updatedAt: c.updatedAt + 1,
    };
    store.saveConversation({ ...c, parts: [edited, ...rest, added, added] });
    const back = store.getConversation(c.id)!.conversation.parts;
    assertEquals(back.map((p) => p.id), [
      first.id,
      second.id,
      ...rest.map((p) => p.id),
      "new-part",
    ]);
    assertEquals(back[1], edited);
    const n = store.db.prepare("SELECT count(*) AS n FROM parts").get() as { n: number };
    assertEquals(n.n, c.parts.length + 1);
    assertEquals(store.integrityCheck(), "ok");
  } finally {
    store.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
