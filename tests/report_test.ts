// `report` as people and scripts run it: the real program in a subprocess over a cache synced
// from the double; the numbers themselves are held to the workspace in stats_test.ts.

import { assert, assertEquals, assertMatch } from "./assert.ts";
import { syncInto, tempDir, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { generateWorkspace } from "./double/workspace.ts";
import { runCli, testEnv } from "./program.ts";
import { GROUPINGS } from "../src/stats/stats.ts";

const ws = generateWorkspace({ seed: 8, conversations: 90 });
const dir = tempDir();
const double = await startDouble({ workspace: ws, token: TOKEN });
try {
  await syncInto(dir, double.url);
} finally {
  await double.close();
}
// No API behind it: report reads the cache only.
const env = { ...testEnv(dir, "http://127.0.0.1:9", TOKEN), TZ: "UTC" };
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

async function ok(args: string[]): Promise<string> {
  const r = await runCli(["report", ...args], env);
  assertEquals(r.code, 0, `report ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

Deno.test("report prints a table by team with the previous period beside it", async () => {
  const out = await ok(["-t", "last 10 days", "-g", "team", "--compare"]);
  assertMatch(out, /^\d+ conversations: all conversations, created last 10 days/);
  assertMatch(out, /^team +convs +1st reply med .* vs before$/m);
  assertMatch(out, /^total +\d+ /m);
  assertMatch(out, /^before +\d+ /m);
  assertMatch(out, /First reply times: \d+ Intercom's own figure, \d+ computed from the thread/);
});

Deno.test("report --json is the tool's answer: snake_case keys and ISO times", async () => {
  const r = JSON.parse(await ok(["-t", "last 14 days", "-g", "fin_outcome", "--json"]));
  assertEquals(r.group_by, "fin_outcome");
  assertMatch(r.timeframe.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const keys = JSON.stringify(r).match(/"([^"]+)":/g) ?? [];
  assert(keys.every((k) => !/[A-Z]/.test(k)), "every key is snake_case");
  const sum = r.groups.reduce(
    (n: number, g: { metrics: { conversations: number } }) => n + g.metrics.conversations,
    0,
  );
  assertEquals(sum, r.totals.conversations, "Fin outcomes split the conversations");
  // The workspace's older conversations (40 to 90 days) lie outside the first sync's 30 days.
  const since = Date.now() / 1000 - 30 * 86400;
  const cached = [...ws.conversations.values()].filter((c) => c.updated_at >= since);
  assertEquals(JSON.parse(await ok(["--json"])).totals.conversations, cached.length);
});

Deno.test("report --csv has a row per group and the total, a column per metric", async () => {
  const out = await ok(["-g", "state", "--csv"]);
  const lines = out.trim().split("\n");
  const header = lines[0].split(",");
  assertEquals(header.slice(0, 3), ["group", "key", "conversations"]);
  assert(
    header.includes("first_response_median_seconds") && header.includes("fin_resolution_rate"),
  );
  const states = new Set([...ws.conversations.values()].map((c) => c.state));
  assertEquals(lines.length, 1 + states.size + 1);
  assert(lines.every((l) => l.split(",").length === header.length), "every row is whole");
  assertMatch(lines[lines.length - 1], /^total,,\d+,/);
});

Deno.test("report by day draws volume as bars, one per day", async () => {
  const out = await ok(["-t", "last 7 days", "-g", "day"]);
  const chart = out.split("Conversations per day:\n")[1];
  assert(chart, out);
  const rows = chart.trim().split("\n");
  assert(rows.length >= 7 && rows.length <= 8, chart);
  assert(rows.every((r) => /^\d{4}-\d\d-\d\d {2}[█▏]* ?\d+$/.test(r)), chart);
});

Deno.test("report refuses an unknown grouping by naming the valid ones, and --json with --csv", async () => {
  const bad = await runCli(["report", "-g", "weather"], env);
  assertEquals(bad.code, 2, "wrong usage");
  for (const g of GROUPINGS) assert(bad.stderr.includes(g), bad.stderr);
  const both = await runCli(["report", "--json", "--csv"], env);
  assertEquals(both.code, 2);
  assertMatch(both.stderr, /one of --json and --csv/);
  assertMatch((await runCli(["help", "report"], env)).stdout, /--group-by G/);
});
