import { DatabaseSync } from "node:sqlite";
import { assertEquals } from "../../tests/assert.ts";
import { parseQuery } from "./fts_query.ts";

const texts = (q: string, opts = {}) => parseQuery(q, opts).terms.map((t) => t.text);

Deno.test("parseQuery() keeps words, phrases and prefixes, each quoted for FTS5", () => {
  const { terms } = parseQuery('refund "password reset" webhook* e-mail');
  assertEquals(terms.map((t) => t.fts), ['"refund"', '"password reset"', '"webhook"*', '"e mail"']);
  assertEquals(terms.map((t) => t.text), ["refund", '"password reset"', "webhook*", '"e mail"']);
  assertEquals(parseQuery("!!! ---").terms, []);
});

Deno.test("parseQuery() leaves out English function words unless nothing else is left", () => {
  const q = parseQuery("customer was charged twice for their subscription");
  assertEquals(q.terms.map((t) => t.text), ["charged", "twice", "subscription"]);
  assertEquals(q.ignored, ["customer", "was", "for", "their"]);
  assertEquals(texts("can't sign in after the update"), ["sign", "update"]);
  assertEquals(texts("the customer's invoice"), ["invoice"]);
  // Only function words: they are all there is to search for.
  assertEquals(texts("who was there"), ["who", "was", "there"]);
  // Quoted, a phrase of function words means what it says; other languages are left alone.
  assertEquals(texts('"to be or not"'), ['"to be or not"']);
  assertEquals(texts("die Rechnung ist falsch"), ["die", "rechnung", "ist", "falsch"]);
  assertEquals(texts("sign-in two-factor"), ['"sign in"', '"two factor"']);
});

Deno.test("parseQuery() marks +words required, or every word with requireAll", () => {
  assertEquals(parseQuery("+sso login").terms.map((t) => t.required), [true, false]);
  assertEquals(parseQuery("sso login", { requireAll: true }).terms.map((t) => t.required), [
    true,
    true,
  ]);
  assertEquals(texts("refund Refund REFUND"), ["refund"]);
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
    "+",
    '+""',
    "🙂 emoji",
    "naïve café",
  ];
  for (const text of hostile) {
    const { terms } = parseQuery(text);
    if (terms.length) q.get(terms.map((t) => t.fts).join(" OR ")); // throws on a syntax error
  }
  assertEquals(
    (q.get(parseQuery("NOT billing").terms.map((t) => t.fts).join(" OR ")) as {
      n: number;
    }).n,
    1,
  );
  db.close();
});
