// The benchmark runs once at a tiny size in the suite, so it cannot rot: every figure of the
// table must come out as a number.

import { assert, assertEquals } from "../assert.ts";
import { sideBySide } from "./side_by_side.ts";

/** Runs the bench at its tiny size with these arguments; its table and its figures. */
async function bench(args: string[]) {
  const out = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    // -A: the benchmark reads other processes' memory in /proc, which Deno allows only so.
    const run = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("./bench.ts", import.meta.url).pathname,
        "--tiny",
        "--out",
        out,
        ...args,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(run.code, 0, new TextDecoder().decode(run.stderr));
    return {
      table: new TextDecoder().decode(run.stdout),
      r: JSON.parse(Deno.readTextFileSync(out)),
    };
  } finally {
    Deno.removeSync(out);
  }
}

let full: Awaited<ReturnType<typeof bench>> | null = null;

Deno.test("deno task bench --tiny measures every figure of the table", async () => {
  full = await bench([]);
  const { table, r } = full;
  assert(table.includes("| measure | result | goal |"), table);
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
  assertEquals(r.incremental.changed, 10, "the incremental sync found every change");
  assertEquals(r.incremental.conversations, r.sizes.large);
  assert(
    r.incremental.requests > 0 && r.incremental.cpuSeconds > 0,
    JSON.stringify(r.incremental),
  );
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
});

Deno.test("a run at another size can skip what was measured, and the runs set side by side", async () => {
  const { table, r } = await bench([
    "--large",
    "1500",
    "--skip",
    "small,quality,stats,server,isolates,tokens,sync",
  ]);
  assertEquals(r.search.length, 1, "the small cache was skipped");
  assertEquals(r.search[0].conversations, 1500);
  assertEquals([r.server, r.sync, r.stats.length, r.tokens.length], [null, null, 0, 0]);
  assertEquals(r.incremental.changed, 10);
  assert(table.includes("incremental sync finding 10 changed of 1500 cached"), table);
  assert(full, "the full run went first");
  const sides = sideBySide([full.r, r, r]).split("\n");
  assertEquals(sides[0], "| measure | 150 | 300 | 1,000 | 1,500 | 1,500 ÷ 1,000 | goal |");
  const rare = sides.find((l) => l.startsWith("| search p95 (ms): rare word |"));
  assert(rare && /\| [\d.]+ \([\d.]+–[\d.]+, 2 runs\) \| [\d.]+× \| ≤ 20 \|$/.test(rare), rare);
  const local = sides.find((l) => l.includes("local work, CPU (s)"));
  assert(local && local.split("|").filter((c) => /\d/.test(c)).length >= 3, local);
});
