// Looking after the cache file as a whole: SQLite's own check of it (for `doctor`) and
// deleting it with the files SQLite keeps beside it (for `reset`).

import type { Store } from "./store.ts";

/** SQLite's quick check: "ok", or the first problems it found. */
export function quickCheck(store: Store): string {
  const row = store.stmt("PRAGMA quick_check").get() as { quick_check: string };
  return row.quick_check;
}

/** The write-ahead log and its index live beside the database and belong to it. */
const CACHE_FILE_SUFFIXES = ["", "-wal", "-shm"];

/** Deletes the cache at `path` and its companion files; returns how many existed. */
export function removeCacheFiles(path: string): number {
  let removed = 0;
  for (const suffix of CACHE_FILE_SUFFIXES) {
    try {
      Deno.removeSync(path + suffix);
      removed++;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return removed;
}
