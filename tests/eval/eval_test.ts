import { App } from "../../src/app.ts";
import { assert } from "../assert.ts";
import { tempDir, testSettings } from "../cache_check.ts";
import { generateWorkspace } from "../double/workspace.ts";
import { fillCache } from "../fill.ts";
import { evaluate } from "./evaluate.ts";
import { QUESTIONS } from "./questions.ts";

Deno.test("search answers the evaluation's questions at least as well as plain BM25, never empty", () => {
  const dir = tempDir();
  const app = new App(testSettings(dir, "http://127.0.0.1:9"));
  try {
    const ws = generateWorkspace({
      seed: 3,
      conversations: 300,
      olderConversations: 0,
      deleted: 0,
    });
    fillCache(app, ws);
    const [ours, plainAny, allWords] = evaluate(app, ws);
    const line = (r: typeof ours) =>
      `${r.ranker}: precision at 10 ${r.precisionAt10.toFixed(3)}, ${r.empty} empty`;
    console.log([ours, plainAny, allWords].map(line).join("\n"));
    assert(QUESTIONS.length >= 40, "the evaluation holds at least 40 questions");
    assert(ours.empty === 0, `no question goes unanswered: ${line(ours)}`);
    assert(
      ours.precisionAt10 >= plainAny.precisionAt10,
      `at least plain BM25's precision: ${line(ours)}; ${line(plainAny)}`,
    );
    assert(ours.precisionAt10 >= FLOOR, `precision floor ${FLOOR}: ${line(ours)}`);
  } finally {
    app.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

/** Set below the measured figure, so a change that makes search worse fails here. */
const FLOOR = 0.58;
