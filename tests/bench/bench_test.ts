// The benchmark runs once at a tiny size in the suite, so it cannot rot: every figure of the
// table must come out as a number.

import { assert, assertEquals } from "../assert.ts";

Deno.test("deno task bench --tiny measures every figure of the table", async () => {
  const out = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    // -A: the benchmark reads other processes' memory in /proc, which Deno allows only so.
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("./bench.ts", import.meta.url).pathname, "--tiny", "--out", out],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const table = new TextDecoder().decode(run.stdout);
    assertEquals(run.code, 0, new TextDecoder().decode(run.stderr));
    assert(table.includes("| measure | result | goal |"), table);
    const r = JSON.parse(Deno.readTextFileSync(out));
    assertEquals(r.search.length, 2);
    for (const size of r.search) {
      assertEquals(size.mix.length, 11);
      for (const q of size.mix) assert(q.ours.p95 >= 0, JSON.stringify(q));
      assert(size.getConversation.p95 >= 0);
    }
    assertEquals(r.quality.length, 2);
    for (const q of r.quality) {
      assertEquals(q.rankers.length, 3);
      assertEquals(q.paging.seen, q.paging.total, "paging reached every match");
      assertEquals(q.paging.repeats, 0);
    }
    for (const key of ["initializeMs", "firstSearchMs"]) assert(r.server[key] > 0, key);
    assert(r.server.search.p95 > 0 && r.server.getConversation.p95 > 0);
    assert(r.sync.perSecond > 0 && r.sync.requestsPerConversation >= 1);
    assert(
      r.sync.noChangeRequests <= 10,
      `${r.sync.noChangeRequests} requests with nothing changed`,
    );
    for (const m of [r.isolates, r.sync.isolates]) {
      assert(
        m && m.outerHeapMb > 0 && m.workerHeapMb > 0,
        `each isolate's heap: ${JSON.stringify(m)}`,
      );
    }
    assert(r.disk.bytesPerConversation > 0 && r.disk.ratioToText > 0);
    assert(
      r.kinds.contacts >= 900 && r.kinds.articles > 0 && r.kinds.tickets > 0,
      JSON.stringify(r.kinds),
    );
    assertEquals(
      [...new Set(r.kinds.questions.map((q: { tool: string }) => q.tool))],
      ["search_articles", "search_contacts", "search_tickets", "search (every kind)"],
    );
    for (const q of r.kinds.questions) assert(q.ours.p95 >= 0, JSON.stringify(q));
    assert(r.tokens.length >= 9);
    for (const t of r.tokens) assert(t.textTokens > 0 && t.structuredTokens > 0, JSON.stringify(t));
  } finally {
    Deno.removeSync(out);
  }
});
