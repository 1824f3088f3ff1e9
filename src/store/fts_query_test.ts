import { DatabaseSync } from "node:sqlite";
import { assertEquals } from "../../tests/assert.ts";
import { parseQuery } from "./fts_query.ts";

Deno.test("parseQuery() quotes every word, keeps phrases and prefixes", () => {
  assertEquals(parseQuery("refund invoice").match, '"refund" AND "invoice"');
  assertEquals(parseQuery('"password reset" link').match, '"password reset" AND "link"');
  assertEquals(parseQuery("webhook*").match, '"webhook"*');
  assertEquals(parseQuery("e-mail").terms, ['"e mail"']);
  assertEquals(parseQuery("!!! ---").match, null);
});

Deno.test("parseQuery() output always parses as FTS5, whatever operators the text holds", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE VIRTUAL TABLE t USING fts5(x)");
  db.exec("INSERT INTO t VALUES ('near the billing and not the refund')");
  const q = db.prepare("SELECT count(*) AS n FROM t WHERE t MATCH ?");
  const hostile = [
    "NEAR(a b, 2)",
    "a OR b",
    "NOT x",
    "-billing",
    '"unbalanced',
    "x:y",
    "^start",
    "(a",
    "a)",
    "* *",
    "AND",
    '""',
    "col:billing",
    "billing*",
    "{a b}",
    "a + b",
    "🙂 emoji",
    "naïve café",
  ];
  for (const text of hostile) {
    const { match } = parseQuery(text);
    if (match !== null) q.get(match); // throws on a syntax error
  }
  assertEquals((q.get(parseQuery("NOT billing").match!) as { n: number }).n, 1);
  db.close();
});
