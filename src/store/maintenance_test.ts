import { assertEquals } from "../../tests/assert.ts";
import { quickCheck, removeCacheFiles } from "./maintenance.ts";
import { Store } from "./store.ts";

Deno.test("quickCheck() says ok for a fresh cache", () => {
  const store = new Store(":memory:");
  try {
    assertEquals(quickCheck(store), "ok");
  } finally {
    store.close();
  }
});

Deno.test("removeCacheFiles() deletes the database with its WAL files, and nothing else", () => {
  const dir = Deno.makeTempDirSync();
  try {
    for (const name of ["cache.db", "cache.db-wal", "cache.db-shm", "config.json"]) {
      Deno.writeTextFileSync(`${dir}/${name}`, name);
    }
    assertEquals(removeCacheFiles(`${dir}/cache.db`), 3);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["config.json"]);
    assertEquals(removeCacheFiles(`${dir}/cache.db`), 0, "nothing left to delete");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
