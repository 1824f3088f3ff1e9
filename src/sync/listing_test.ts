import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { listAndRead, type ListingDeps, type ListingPage } from "./listing.ts";

/**
 * A workspace as Intercom's search sees it, paged the way its cursor behaves: a cursor is a
 * position in a result that is worked out again for every page, so a conversation that moves
 * or disappears shifts the rest under it. And a cache, filled by reads.
 */
class FakeWorkspace {
  readonly live = new Map<string, number>();
  readonly cache = new Map<string, number>();
  readonly reads: string[] = [];
  #deletedSinceCheck: string[] = [];
  mark: number | null = null;
  /** Every value the mark took, in order. */
  readonly marks: number[] = [];
  /** Runs before page `n` (counting every page served) is answered. */
  beforePage: (n: number) => void = () => {};
  /** Runs as a read starts; throw to fail it. */
  onRead: (id: string) => void = () => {};
  #served = 0;

  constructor(readonly perPage: number, conversations: Record<string, number>) {
    for (const [id, updatedAt] of Object.entries(conversations)) this.live.set(id, updatedAt);
  }

  update(id: string, updatedAt: number): void {
    this.live.set(id, updatedAt);
  }

  delete(id: string): void {
    this.live.delete(id);
    this.#deletedSinceCheck.push(id);
  }

  /** The sorted result as Intercom would page it now. */
  #matching(from: number, sorted: boolean): [string, number][] {
    const all = [...this.live].filter(([, u]) => u >= from);
    return sorted ? all.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])) : all;
  }

  async *#pages(from: number, signal: AbortSignal, sorted: boolean): AsyncGenerator<ListingPage> {
    // Bounded: a page of the fake is never empty before the end.
    for (let offset = 0; offset < 10_000;) {
      signal.throwIfAborted();
      this.beforePage(this.#served++);
      const all = this.#matching(from, sorted);
      const slice = all.slice(offset, offset + this.perPage);
      yield { stubs: slice.map(([id, updatedAt]) => ({ id, updatedAt })), totalCount: all.length };
      offset += slice.length;
      if (slice.length === 0 || offset >= all.length) return;
    }
  }

  deps(opts: { sorted?: boolean } = {}): ListingDeps {
    return {
      pages: (from, signal) => this.#pages(from, signal, opts.sorted ?? true),
      cached: (ids) =>
        new Map(ids.flatMap((id) => this.cache.has(id) ? [[id, this.cache.get(id)!]] : [])),
      read: (id, signal) =>
        Promise.resolve().then(() => {
          signal.throwIfAborted();
          this.onRead(id);
          this.reads.push(id);
          const now = this.live.get(id);
          if (now === undefined) this.cache.delete(id);
          else this.cache.set(id, now);
          return now ?? null;
        }),
      mark: {
        get: () => this.mark,
        set: (m) => {
          this.mark = m;
          this.marks.push(m);
        },
      },
      deletions: () => {
        const ids = this.#deletedSinceCheck;
        this.#deletedSinceCheck = [];
        const dropped = ids.flatMap((id) => this.cache.has(id) ? [this.cache.get(id)!] : []);
        for (const id of ids) this.cache.delete(id);
        return Promise.resolve(dropped);
      },
    };
  }

  /** Whether the cache holds every live conversation updated at or after `since`, as it is. */
  assertLevel(since: number): void {
    for (const [id, updatedAt] of this.live) {
      if (updatedAt >= since) {
        assertEquals(this.cache.get(id), updatedAt, `${id} is cached as it is`);
      }
    }
    for (const id of this.cache.keys()) assert(this.live.has(id), `${id} is not deleted`);
  }
}

const never = new AbortController().signal;

Deno.test("listAndRead() reads each conversation once, skips what is cached as it is, and leaves the mark at the newest", async () => {
  const ws = new FakeWorkspace(2, { a: 10, b: 20, c: 30, d: 40, e: 50 });
  ws.cache.set("b", 20);
  ws.cache.set("d", 35);
  const result = await listAndRead(ws.deps(), { since: 0, force: false }, never);
  assertEquals(result, { passes: 1, unchanged: 1 });
  assertEquals(ws.reads.sort(), ["a", "c", "d", "e"]);
  assertEquals(ws.mark, 50);
  ws.assertLevel(0);
});

Deno.test("listAndRead() with force reads what the cache already holds", async () => {
  const ws = new FakeWorkspace(2, { a: 10, b: 20 });
  ws.cache.set("a", 10);
  ws.cache.set("b", 20);
  await listAndRead(ws.deps(), { since: 0, force: true }, never);
  assertEquals(ws.reads.sort(), ["a", "b"]);
});

Deno.test("conversations tied on one second across pages: a failed read leaves the mark on that second, and resuming from it misses none", async () => {
  // Pages of three: [a@90 b@100 c@100] [d@100 e@100 f@100] [g@100 h@110]
  const ws = new FakeWorkspace(3, {
    a: 90,
    b: 100,
    c: 100,
    d: 100,
    e: 100,
    f: 100,
    g: 100,
    h: 110,
  });
  ws.onRead = (id) => {
    if (id === "e") throw new Error("the read of e failed");
  };
  await assertRejects(
    () => listAndRead(ws.deps(), { since: 0, force: false, pagesAhead: 0 }, never),
    /the read of e failed/,
  );
  assertEquals(ws.mark, 100, "the mark stays on the tied second, not past it");
  assert(!ws.cache.has("e"), "the failed read stored nothing");
  ws.onRead = () => {};
  await listAndRead(ws.deps(), { since: ws.mark!, force: false }, never);
  ws.assertLevel(0);
  assertEquals(ws.mark, 110);
});

Deno.test("a conversation updated while the listing pages is listed again, and the one that shifted under the cursor is not skipped", async () => {
  const ids = "abcdefghij".split("");
  const ws = new FakeWorkspace(3, Object.fromEntries(ids.map((id, i) => [id, 100 + i])));
  ws.beforePage = (n) => {
    // After the first page [a b c]: b moves to the end, so d shifts into the served part.
    if (n === 1) ws.update("b", 500);
  };
  const result = await listAndRead(ws.deps(), { since: 0, force: false }, never);
  assertEquals(result.passes, 2, "the listing ran again");
  assert(ws.reads.includes("d"), "d, which shifted under the cursor, was read");
  ws.assertLevel(0);
  assert(ws.marks.some((m) => m <= 101), "the mark went back to where b first stood");
  assertEquals(ws.mark, 500);
});

Deno.test("a conversation deleted while the listing pages sends the listing back to where it stood", async () => {
  const ids = "abcdefghij".split("");
  const ws = new FakeWorkspace(3, Object.fromEntries(ids.map((id, i) => [id, 100 + i])));
  ws.beforePage = (n) => {
    // After the first page [a b c]: b is deleted, so d shifts into the served part.
    if (n === 1) ws.delete("b");
  };
  const result = await listAndRead(ws.deps(), { since: 0, force: false }, never);
  assertEquals(result.passes, 2);
  assert(ws.reads.includes("d"), "d, which shifted under the cursor, was read");
  ws.assertLevel(0);
  assertEquals(ws.mark, 109);
});

Deno.test("a listing the API does not sort moves the mark only at the end, to the newest listed", async () => {
  const ws = new FakeWorkspace(2, { a: 50, b: 10, c: 40, d: 20, e: 30 });
  ws.onRead = (id) => {
    if (id === "e") throw new Error("the read of e failed");
  };
  await assertRejects(() =>
    listAndRead(ws.deps({ sorted: false }), { since: 0, force: false, pagesAhead: 0 }, never)
  );
  assertEquals(ws.mark, null, "no mark while the order is not known to be sorted");
  ws.onRead = () => {};
  await listAndRead(ws.deps({ sorted: false }), { since: 0, force: false }, never);
  assertEquals(ws.mark, 50);
  ws.assertLevel(0);
});

Deno.test("an abort stops the listing with the abort's reason and leaves the mark before the unread", async () => {
  const ws = new FakeWorkspace(2, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 });
  const controller = new AbortController();
  ws.beforePage = (n) => {
    if (n === 2) controller.abort(new Error("stopped"));
  };
  await assertRejects(
    () => listAndRead(ws.deps(), { since: 0, force: false, pagesAhead: 0 }, controller.signal),
    /stopped/,
  );
  assertEquals(ws.mark, 4);
  for (const [id, u] of ws.live) if (u <= ws.mark!) assert(ws.cache.has(id), `${id} is cached`);
});

Deno.test("a first listing holds the ids of the pages in flight only, however many conversations it lists", async () => {
  const peaks: number[] = [];
  for (const size of [300, 3000]) {
    const ws = new FakeWorkspace(
      10,
      Object.fromEntries(Array.from({ length: size }, (_, i) => [`c${i}`, 1000 + i])),
    );
    const deps = ws.deps();
    const read = deps.read;
    // Reads that take a turn of the event loop, so pages pile up as far as the listing lets them.
    deps.read = async (id, signal) => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      return read(id, signal);
    };
    const footprint = { peakInFlight: 0 };
    await listAndRead(deps, { since: 0, force: false, pagesAhead: 4 }, never, footprint);
    ws.assertLevel(0);
    assertEquals(ws.reads.length, size, "every conversation was read once");
    peaks.push(footprint.peakInFlight);
  }
  assert(peaks[0] > 0, "reads were in flight");
  assert(peaks[1] <= (4 + 1) * 10, `at most the pages in flight: ${peaks[1]}`);
  assertEquals(peaks[1], peaks[0], "ten times the conversations, the same ids held");
});
