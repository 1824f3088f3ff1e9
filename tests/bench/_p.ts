import { App } from "../../src/app.ts";
import { testSettings } from "../cache_check.ts";
import { parseQuery } from "../../src/store/fts_query.ts";
import { matchTerms, rankPage } from "../../src/store/ranking.ts";
const app = new App(testSettings("/tmp/c100k", "http://127.0.0.1:9"));
function t(label: string, f: () => unknown) {
  f();
  const xs: number[] = [];
  let r: any;
  for (let i = 0; i < 7; i++) {
    const a = performance.now();
    r = f();
    xs.push(performance.now() - a);
  }
  xs.sort((a, b) => a - b);
  console.log(label.padEnd(40), xs[3].toFixed(1));
  return r;
}
for (const q of ["refund invoice", "customer was charged twice for their subscription"]) {
  const { terms } = parseQuery(q);
  const where = { sql: [], params: [], fromConversations: false };
  for (const term of terms) {
    t(`json ${term.text}`, () =>
      JSON.parse(
        (app.store.stmt(
          "SELECT json_group_array(rowid) AS ids FROM search_index WHERE search_index MATCH ?",
        ).get(term.fts) as any).ids,
      ).length);
  }
  const m = t(`matchTerms ${q}`, () => matchTerms(app.store, terms, where));
  t(`rankPage`, () => rankPage(app.store, terms, m, { offset: 0, limit: 10 }));
  t(
    `plain OR top10`,
    () =>
      app.store.stmt(
        "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY bm25(search_index) LIMIT 10",
      ).all(terms.map((x) => x.fts).join(" OR ")),
  );
}
