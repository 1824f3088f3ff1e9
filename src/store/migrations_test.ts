// A cache built by the code before the authors table (schema 1, tests/fixtures/cache_v1.db,
// made at commit 47d8ac1 by fillCache from generateWorkspace({ seed: 16, conversations: 8,
// partsPerConversation: 4 }) with its reads saved beside it in cache_v1.json) opens with this
// code, migrates in place, and reads back as it did.

import { assert, assertEquals } from "../../tests/assert.ts";
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
function oldCache(): { dir: string; path: string } {
  const dir = Deno.makeTempDirSync({ prefix: "fim-migrate-" });
  const path = `${dir}/cache.db`;
  Deno.copyFileSync(FIXTURE, path);
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
    const authors = store.db.prepare("SELECT count(*) AS n FROM authors").get() as { n: number };
    assertEquals(authors.n, 3, "one row per distinct author, a renamed one twice");
  } finally {
    store.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
