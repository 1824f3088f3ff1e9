// Hostile input to the MCP tools, through the real server over real stdio: FTS operators and
// quotes, unicode, a 1 MB string, bad numbers, cursors, timeframes and emails, wrong types and
// extra properties. The server must survive all of it, refuse what is wrong in a sentence, and
// answer what is right. Also: every SQL statement in src/ takes user values as parameters.

import fc from "fast-check";
import { fileURLToPath } from "node:url";
import { assert, assertEquals } from "../assert.ts";
import { App } from "../../src/app.ts";
import type { CallToolResult } from "../../src/mcp/sdk.ts";
import { tempDir, testSettings, TOKEN } from "../cache_check.ts";
import { startDouble } from "../double/server.ts";
import { conversationsInWindow, generateWorkspace } from "../double/workspace.ts";
import { connectServer } from "../mcp_client.ts";
import { testEnv } from "../program.ts";
import { DAY, textOf } from "./helpers.ts";

// ---------------------------------------------------------------------------------------------
// What a call should come to

/** ok: must answer; bad: must be a tool error; either: may be either, well formed. */
type Verdict = "ok" | "bad" | "either";

interface Field {
  value: unknown;
  verdict: Verdict;
}

interface Case {
  tool: string;
  args: Record<string, unknown>;
  verdict: Verdict;
}

function worst(verdicts: Verdict[]): Verdict {
  if (verdicts.includes("bad")) return "bad";
  return verdicts.includes("either") ? "either" : "ok";
}

const field = (verdict: Verdict) => (value: unknown): Field => ({ value, verdict });
const ok = field("ok");
const bad = field("bad");
const either = field("either");

/** 1 MB: past every length limit, and a test of the transport. */
const HUGE = "x".repeat(1 << 20);

/** Wrong JSON types for a string or number field. */
const WRONG_TYPES: unknown[] = [5, -1, true, false, null, [], {}, ["refund"], { $gt: "" }];

/** Pieces of FTS5 syntax, SQL, quotes and awkward unicode, to be glued into queries. */
const QUERY_PIECES = [
  '"',
  "'",
  "*",
  "-",
  "+",
  "^",
  ":",
  "(",
  ")",
  "NEAR",
  "NEAR(",
  "NEAR/2",
  "AND",
  "OR",
  "NOT",
  "{",
  "}",
  "[",
  "]",
  "\\",
  "%",
  "_",
  ";",
  "--",
  "/*",
  "*/",
  "'; DROP TABLE conversations; --",
  "subject:",
  "search_index:",
  "rank",
  "bm25(",
  "?",
  "?1",
  ":name",
  "@x",
  "$x",
  "${x}",
  "\u0000",
  "\u0301",
  "\u202e",
  "\ufeff",
  "\ud800",
  "é",
  "İ",
  "ß",
  "日本語",
  "🙂",
  "👩‍💻",
  "refund",
  "export",
  "invoice",
  "a",
  "0",
  "\t",
  "\n",
  " ",
];

/** The documented rule: a query with no letter or digit is refused, any other answers. */
function queryVerdict(q: string): Verdict {
  if (q.length > 10_000) return "bad";
  const t = q.trim();
  if (t === "") return "ok";
  if (t.length > 1000) return "bad";
  return /[\p{L}\p{N}\p{M}_]/u.test(t) ? "ok" : "bad";
}

const glued = (sep: string) =>
  fc.array(fc.constantFrom(...QUERY_PIECES), { maxLength: 12 }).map((a) => a.join(sep));

// Weights keep most fields good, so that many whole calls are good and must answer.
const query: fc.Arbitrary<Field> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.oneof(
      glued(""),
      glued(" "),
      fc.string({ maxLength: 40, unit: "grapheme" }),
      fc.string({ maxLength: 40, unit: "binary" }),
      fc.constantFrom(HUGE, "refund ".repeat(200), `"${"a ".repeat(600)}"`, "é".repeat(1000)),
    ).map((q) => ({ value: q, verdict: queryVerdict(q) })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...WRONG_TYPES).map(bad) },
);

const anyString = fc.string({ maxLength: 30, unit: "grapheme" });

/** A free-text field: blank means "no filter", over 1000 characters is refused. */
const freeText = (good: string[], badText: string[]): fc.Arbitrary<Field> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...good, "", "   ").map(ok) },
    { weight: 1, arbitrary: fc.constantFrom(...badText, "x".repeat(1001), HUGE).map(bad) },
    { weight: 2, arbitrary: anyString.map((s) => s.trim() === "" ? ok(s) : either(s)) },
    { weight: 1, arbitrary: fc.constantFrom(...WRONG_TYPES).map(bad) },
  );

const timeframe = freeText(
  [
    "today",
    "yesterday",
    "last 7 days",
    "past 24 hours",
    "this month",
    "7d",
    "2w",
    "3mo",
    "since Monday",
    "last year",
    "2026-01-01 to 2026-02-15",
  ],
  [
    "the day after never",
    "zzz",
    "NEAR(",
    "🙂",
    "last -3 days",
    "last 0 days",
    "2026-13-45",
    "'; DROP TABLE conversations; --",
    "last 99999999 years",
  ],
);

const email = freeText(
  ["quokka@example.com", "ANY@EXAMPLE.COM", "a@b", "  x@y.z  "],
  ["not an email", "a@@b", "@", "a b@c.d", "a@b c", `${"x".repeat(330)}@example.com`],
);

const oneOf = (good: string[], badValues: unknown[]): fc.Arbitrary<Field> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...good).map(ok) },
    { weight: 1, arbitrary: fc.constantFrom(...badValues, "", HUGE, ...WRONG_TYPES).map(bad) },
  );

const intIn = (min: number, max: number, badValues: unknown[]): fc.Arbitrary<Field> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min, max }).map(ok) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ...badValues,
        min - 1,
        max + 1,
        1.5,
        2 ** 53,
        1e300,
        "10",
        null,
        true,
        [],
        {},
      ).map(bad),
    },
  );

/** Properties the tools do not know: ignored, never a reason to fail. */
const KNOWN_KEYS = new Set([
  "query",
  "timeframe",
  "customer_email",
  "state",
  "assignee",
  "team",
  "tag",
  "priority",
  "sort",
  "limit",
  "cursor",
  "conversation_id",
  "offset",
  "force",
]);
const extras = fc.dictionary(
  fc.string({ maxLength: 12 }).filter((k) => !KNOWN_KEYS.has(k) && k !== "__proto__"),
  fc.jsonValue({ maxDepth: 1 }),
  { maxKeys: 3 },
);

function toCase(tool: string, fields: Record<string, Field | undefined>, extra: object): Case {
  const args: Record<string, unknown> = { ...extra };
  const verdicts: Verdict[] = [];
  for (const [key, f] of Object.entries(fields)) {
    if (f === undefined) continue;
    args[key] = f.value;
    verdicts.push(f.verdict);
  }
  return { tool, args, verdict: worst(verdicts) };
}

// ---------------------------------------------------------------------------------------------
// The cache behind the server

const ws = generateWorkspace({ seed: 51, conversations: 120 });
const dir = tempDir();
const double = await startDouble({ workspace: ws, token: TOKEN });
{
  const app = new App(testSettings(dir, double.url));
  await app.syncer.sync();
  app.close();
}
const cachedIds = conversationsInWindow(ws, Math.floor(Date.now() / 1000) - 30 * DAY).map((c) =>
  c.id
);
const cached = new Set(cachedIds);

function cases(): fc.Arbitrary<Case> {
  const admin = ws.admins[0];
  const team = ws.teams[0];
  const tag = ws.tags[0];
  const search = fc.record({
    fields: fc.record({
      query,
      timeframe,
      customer_email: email,
      state: oneOf(["open", "closed", "snoozed"], ["OPEN", "Open", "all"]),
      assignee: freeText(
        ["unassigned", admin.name, admin.email, admin.id],
        ["no-such-teammate-zz9"],
      ),
      team: freeText([team.name, team.id], ["no-such-team-zz9"]),
      tag: freeText([tag.name, tag.id], ["no-such-tag-zz9"]),
      priority: oneOf(["none", "low", "medium", "high", "urgent"], ["URGENT", "critical"]),
      sort: oneOf(["relevance", "newest", "oldest"], ["NEWEST", "random"]),
      limit: intIn(1, 150, [0, -1, 151, 1000]),
      cursor: fc.oneof(
        { weight: 6, arbitrary: fc.constant(ok("")) },
        { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }).map(bad) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            btoa(JSON.stringify({ o: 50, f: "xyz" })),
            btoa(JSON.stringify({ o: -1 })),
            btoa("null"),
            btoa("[]"),
            btoa('{"o":1e400}'),
            "x".repeat(1001),
            HUGE,
            ...WRONG_TYPES,
          ).map(bad),
        },
      ),
    }, { requiredKeys: [] }),
    extra: extras,
  }).map(({ fields, extra }) => toCase("search_conversations", fields, extra));

  // Good calls only, with the hostile but valid text the tools must search for as words.
  const goodSearch = fc.record({
    fields: fc.record({
      query: query.filter((f) => f.verdict === "ok"),
      timeframe: fc.constantFrom("today", "last 30 days", "this year", "7d").map(ok),
      customer_email: fc.constantFrom("quokka@example.com", "  ").map(ok),
      state: fc.constantFrom("open", "closed", "snoozed").map(ok),
      assignee: fc.constantFrom("unassigned", admin.name).map(ok),
      priority: fc.constantFrom("none", "urgent").map(ok),
      sort: fc.constantFrom("relevance", "newest", "oldest").map(ok),
      limit: fc.integer({ min: 1, max: 150 }).map(ok),
    }, { requiredKeys: ["query"] }),
    extra: extras,
  }).map(({ fields, extra }) => toCase("search_conversations", fields, extra));

  const conversationId = fc.oneof(
    fc.constantFrom(...cachedIds).map(ok),
    fc.constantFrom(...cachedIds).map((id) => ok(Number(id))),
    fc.constantFrom(...cachedIds).map((id) => ok(`  ${id}\n`)),
    fc.constantFrom(...cachedIds).map((id) =>
      ok(`https://app.intercom.com/a/inbox/${ws.app.id_code}/inbox/conversation/${id}`)
    ),
    fc.constantFrom(
      "",
      "abc",
      "-1",
      "1; DROP TABLE conversations",
      `9${"0".repeat(25)}`,
      "https://evil.example.com/conversation/1",
      -1,
      1.5,
      1e21,
      HUGE,
      ...WRONG_TYPES.filter((v) => v !== 5),
    ).map(bad),
    // Any other text is no id of this cache: refused, whether or not Intercom is asked.
    anyString.filter((s) => !cached.has(s.trim())).map(bad),
  );
  const get = fc.record({
    fields: fc.record({
      conversation_id: conversationId,
      offset: intIn(0, 1_000_000, [-1]),
      limit: intIn(1, 500, [0, 501]),
    }, { requiredKeys: [] }),
    extra: extras,
  }).map(({ fields, extra }) => {
    const c = toCase("get_conversation", fields, extra);
    // The id is required.
    return fields.conversation_id === undefined ? { ...c, verdict: "bad" as const } : c;
  });

  const status = extras.map((extra) => toCase("get_server_status", {}, extra));
  const sync = fc.record({
    force: fc.oneof(
      fc.constantFrom(false).map(ok),
      fc.constantFrom("true", 1, 0, null, [], {}).map(bad),
    ),
  }).map(({ force }) => toCase("sync_conversations", { force }, {}));
  // The connector pair: a question for search, an id (and anything else) for fetch.
  const connector = fc.oneof(
    goodSearch.map((c) => ({ ...c, tool: "search", args: { query: c.args.query } })).filter((c) =>
      typeof c.args.query === "string" && c.args.query.trim() !== ""
    ),
    fc.constantFrom(...cachedIds).map((id): Case => ({
      tool: "fetch",
      args: { id },
      verdict: "ok",
    })),
    fc.constantFrom(
      "",
      5,
      null,
      [],
      "abc",
      HUGE,
      "1; DROP TABLE conversations",
      "widget:1",
      "article:abc",
      "contact:",
      "contact:nobody@example.com",
    ).map((
      id,
    ): Case => ({ tool: "fetch", args: { id }, verdict: "bad" })),
    fc.constantFrom("", null, 5, HUGE).map((query): Case => ({
      tool: "search",
      args: { query },
      verdict: "bad",
    })),
  );
  const unknown = fc.constantFrom(
    "searches",
    "get_conversations",
    "SEARCH_CONVERSATIONS",
    "",
    "search_conversations ",
    "../get_conversation",
    "x".repeat(100),
  ).map((tool): Case => ({ tool, args: {}, verdict: "bad" }));

  return fc.oneof(
    { arbitrary: search, weight: 8 },
    { arbitrary: goodSearch, weight: 5 },
    { arbitrary: get, weight: 6 },
    { arbitrary: status, weight: 1 },
    { arbitrary: sync, weight: 1 },
    { arbitrary: connector, weight: 2 },
    { arbitrary: unknown, weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// What an answer and a refusal must look like

function assertClearRefusal(text: string, c: Case): void {
  const what = `${c.tool} ${JSON.stringify(c.args).slice(0, 300)}`;
  assert(text.trim().length > 0, `${what}: an empty error`);
  // Never the 1 MB input echoed back; the timeframe error, which lists every form, is the longest.
  assert(text.length <= 4000, `${what}: an error of ${text.length} characters`);
  assert(!/^\s+at |file:\/\/|\.ts:\d+/m.test(text), `${what}: a stack trace: ${text}`);
  assert(!/sqlite/i.test(text), `${what}: SQLite's own words: ${text}`);
  // The SDK's schema check says "expected string, received undefined" of a missing argument:
  // that is a sentence. Any other "undefined" is a value that was never filled in.
  assert(
    !/\bundefined\b|\bNaN\b|\[object Object\]/.test(text.replaceAll("received undefined", "")),
    `${what}: an unfilled value: ${text}`,
  );
}

function assertAnswer(result: CallToolResult, c: Case): void {
  const what = `${c.tool} ${JSON.stringify(c.args).slice(0, 300)}`;
  assert(!result.isError, `${what} should answer, got: ${textOf(result).slice(0, 1000)}`);
  const s = result.structuredContent as Record<string, unknown> | undefined;
  assert(s && typeof s === "object", `${what}: no structuredContent`);
  if (c.tool === "search_conversations") {
    const hits = s.conversations as { id: string }[];
    const limit = typeof c.args.limit === "number" ? c.args.limit : 10;
    assert(hits.length <= limit && hits.length <= (s.total as number), `${what}: counts`);
    for (const h of hits) assert(cached.has(h.id), `${what}: ${h.id} is not a cached conversation`);
  }
  if (c.tool === "get_conversation") {
    assert(cached.has(s.id as string), `${what}: answered with ${s.id}`);
  }
  if (c.tool === "fetch") {
    const id = String(s.id).replace(/^conversation:/, "");
    assert(cached.has(id), `${what}: answered with ${s.id}`);
  }
  if (c.tool === "search") {
    for (const r of s.results as { id: string; kind: string }[]) {
      assert(r.id.startsWith(`${r.kind}:`), `${what}: ${r.id} does not name its kind`);
      const id = r.id.slice(r.kind.length + 1);
      if (r.kind === "conversation") {
        assert(cached.has(id), `${what}: ${r.id} is not a cached conversation`);
      }
    }
  }
}

Deno.test("1,200 hostile tool calls over one stdio connection: no crash, every bad call a clear tool error, every good call an answer", async () => {
  const env = {
    ...testEnv(dir, double.url, TOKEN),
    // Reads must not start syncs: each case should meet the same cache.
    FASTINTERCOM_MAX_SYNC_AGE_MINUTES: "100000",
  };
  const server = await connectServer(env);
  const tally: Record<string, number> = {};
  try {
    // The client checks structuredContent against the outputSchemas it has listed.
    await server.client.listTools();
    await fc.assert(
      fc.asyncProperty(cases(), async (c) => {
        const result = await server.client.callTool({
          name: c.tool,
          arguments: c.args,
        }) as CallToolResult;
        const outcome = result.isError ? "refused" : "answered";
        tally[`${c.verdict} ${outcome}`] = (tally[`${c.verdict} ${outcome}`] ?? 0) + 1;
        if (c.verdict === "bad") {
          assert(result.isError, `${c.tool} should refuse ${JSON.stringify(c.args).slice(0, 300)}`);
        }
        if (result.isError) {
          assert(
            c.verdict !== "ok",
            `${c.tool} refused good arguments ${JSON.stringify(c.args).slice(0, 300)}: ${
              textOf(result).slice(0, 1000)
            }`,
          );
          assertEquals(result.structuredContent, undefined);
          assertClearRefusal(textOf(result), c);
        } else {
          assertAnswer(result, c);
        }
      }),
      { numRuns: 1_200 },
    );
    const status = await server.client.callTool({ name: "get_server_status", arguments: {} });
    assert(!status.isError && status.structuredContent, "the server still answers");
    assert(!/uncaught|panic/i.test(server.stderr()), server.stderr().slice(-2000));
  } finally {
    await server.close();
  }
  console.log("outcomes by verdict:", JSON.stringify(tally));
  // Each kind of case was met, so no verdict went untested.
  for (const key of ["ok answered", "bad refused"]) assert((tally[key] ?? 0) > 100, key);
});

// ---------------------------------------------------------------------------------------------
// Every SQL statement takes user values as parameters

/**
 * Interpolations into SQL that are known to be constant fragments or placeholders, by file.
 * A new `${...}` inside SQL fails the test until it is added here with its reason; add one
 * only for text that can never come from a user.
 */
const ALLOWED_IN_SQL: Record<string, Record<string, string>> = {
  "src/store/search.ts": {
    CUSTOMER_NAME: "a constant SQL expression",
    column: "inList's column: a constant column name from its callers in this file",
    'where.sql.join(" AND ")': "conditions built in this file from constant SQL and ? placeholders",
    whereSql: "WHERE plus the conditions above",
    select: "one of two constant SELECTs of rowids from this file",
    order: "one of two constant ORDER BY clauses",
    kind: 'typed "admins" | "teams" | "tags"',
  },
  "src/store/ranking.ts": {
    WEIGHTS: "constant bm25 weights",
    from: "one of two constant FROM clauses",
    conditions: "the filter conditions of src/store/search.ts, constant SQL and ? placeholders",
  },
  "src/store/articles.ts": {
    WEIGHTS: "constant bm25 weights",
    whereSql: "AND plus conditions built from constant SQL and ? placeholders",
    hits: "a constant WITH clause whose MATCH takes a ? parameter",
    from: "one of two constant FROM clauses with whereSql",
  },
  "src/store/ticket_lookup.ts": {
    WEIGHTS: "constant bm25 weights",
    whereSql: "AND plus conditions built in this file from constant SQL and ? placeholders",
    from: "one of two constant FROM clauses with whereSql",
  },
  "src/store/contact_lookup.ts": {
    WEIGHTS: "constant bm25 weights",
    CONVERSATIONS_OF: "a constant SQL condition",
    'where.join(" AND ")': "conditions built in this file from constant SQL and ? placeholders",
    whereSql: "WHERE plus the conditions above",
    from: "one of two constant FROM clauses",
    order: "one of two constant ORDER BY clauses",
  },
  "src/store/store.ts": {
    CUSTOMER_NAME: "a constant SQL expression",
    'HANDLING_COLUMNS.join(", ")': "the constant column names of src/store/handling.ts",
  },
  "src/store/stats.ts": {
    "group.key": "a grouping's key from keyOf: constant SQL, its values as ? placeholders",
    "group.name": "a grouping's name from keyOf: a constant subquery or NULL",
    from: "one of two constant FROM clauses",
    'where.join(" AND ") || "1"':
      "conditions built here and by filterClauses from constant SQL and ? placeholders",
  },
  "src/store/conversation_read.ts": { CUSTOMER_NAME: "a constant SQL expression" },
  "src/store/db.ts": { version: "the migration number, a loop counter" },
};

/** Arguments of prepare()/stmt()/exec() that are not literals: variables holding checked SQL. */
const ALLOWED_SQL_VARIABLES: Record<string, string[]> = {
  "src/store/search.ts": ["sql"],
  "src/store/ranking.ts": ["sql"],
  "src/store/store.ts": ["sql"],
  "src/store/cache_stats.ts": ["sql"],
  "src/store/stats.ts": ["sql"],
  "src/store/db.ts": ["MIGRATIONS[version - 1]"],
};

/** A list of ? placeholders, one per value: `xs.map(() => "?").join(", ")`, maybe `|| "NULL"`. */
const PLACEHOLDERS = /^[\w.?]+\.map\(\(\) => "\?"\)\.join\(", "\)(?: \|\| "(?:NULL|0)")?$/;

/** Text that reads as SQL: a statement or a clause, in SQLite's upper-case keywords. */
const LOOKS_LIKE_SQL =
  /\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|\bWHERE\b|\bPRAGMA\b|\bIN\s*\(|\bORDER BY\b|\bJOIN\b|\bMATCH\b|\bLIMIT\b|\b(?:ASC|DESC)\b/;

interface SqlViolation {
  file: string;
  line: number;
  problem: string;
}

/** Parses `source` with Deno's own parser (via the lint plugin API) and lists violations. */
function sqlViolations(file: string, source: string): SqlViolation[] {
  const out: SqlViolation[] = [];
  const allowed = ALLOWED_IN_SQL[file] ?? {};
  const variables = ALLOWED_SQL_VARIABLES[file] ?? [];
  const lineOf = (offset: number) => source.slice(0, offset).split("\n").length;
  const sinkTemplates = new Set<number>();
  const templates: Deno.lint.TemplateLiteral[] = [];
  const concatenations: Deno.lint.BinaryExpression[] = [];
  const plugin: Deno.lint.Plugin = {
    name: "sql-parameters",
    rules: {
      check: {
        create(ctx) {
          const text = (node: Deno.lint.Node) => ctx.sourceCode.getText(node);
          const checkSink = (arg: Deno.lint.Node | undefined, name: string) => {
            if (!arg || arg.type === "Literal") return;
            if (arg.type === "TemplateLiteral") sinkTemplates.add(arg.range[0]);
            else if (arg.type === "ConditionalExpression") {
              checkSink(arg.consequent, name);
              checkSink(arg.alternate, name);
            } else if (!variables.includes(text(arg))) {
              out.push({
                file,
                line: lineOf(arg.range[0]),
                problem: `${name}() of ${text(arg).slice(0, 80)}, not SQL text checked here`,
              });
            }
          };
          return {
            CallExpression(node) {
              const callee = node.callee;
              if (callee.type !== "MemberExpression" || callee.property.type !== "Identifier") {
                return;
              }
              const name = callee.property.name;
              // exec() is also RegExp's: only a database's counts.
              const isSink = name === "prepare" || name === "stmt" ||
                (name === "exec" && /\bdb$/.test(text(callee.object)));
              if (isSink) checkSink(node.arguments[0], name);
            },
            TemplateLiteral(node) {
              templates.push(node);
            },
            BinaryExpression(node) {
              if (node.operator === "+") concatenations.push(node);
            },
          };
        },
      },
    },
  };
  Deno.lint.runPlugin(plugin, file, source);
  for (const t of templates) {
    const staticText = t.quasis.map((q) => q.cooked ?? q.raw).join(" ? ");
    if (!sinkTemplates.has(t.range[0]) && !LOOKS_LIKE_SQL.test(staticText)) continue;
    for (const e of t.expressions) {
      const expr = source.slice(e.range[0], e.range[1]).replace(/\s+/g, " ");
      if (PLACEHOLDERS.test(expr) || expr in allowed) continue;
      out.push({ file, line: lineOf(e.range[0]), problem: `\${${expr}} inside SQL` });
    }
  }
  for (const b of concatenations) {
    const sides = [b.left, b.right];
    const sql = sides.some((s) =>
      s.type === "Literal" && typeof s.value === "string" && LOOKS_LIKE_SQL.test(s.value)
    );
    if (sql && sides.some((s) => s.type !== "Literal")) {
      out.push({ file, line: lineOf(b.range[0]), problem: "SQL text joined with + to a value" });
    }
  }
  return out;
}

function sourceFiles(path: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(path)) {
    const p = `${path}/${entry.name}`;
    if (entry.isDirectory) out.push(...sourceFiles(p));
    else if (p.endsWith(".ts") && !p.endsWith("_test.ts")) out.push(p);
  }
  return out.sort();
}

Deno.test("every SQL statement in src/ takes user values as ? parameters, never as interpolated text", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const violations: SqlViolation[] = [];
  const files = sourceFiles(`${root}src`).map((p) => p.slice(root.length));
  for (const file of files) {
    violations.push(...sqlViolations(file, Deno.readTextFileSync(`${root}${file}`)));
  }
  assertEquals(violations, []);
  assert(files.includes("src/store/search.ts") && files.includes("src/store/store.ts"));
});

Deno.test("the SQL check catches user text interpolated or concatenated into SQL", () => {
  const found = sqlViolations(
    "src/store/example.ts",
    [
      "export function find(db: any, store: any, name: string, ids: string[]) {",
      "  db.prepare(`SELECT * FROM conversations WHERE subject = '${name}'`).all();",
      '  db.exec("DELETE FROM conversations WHERE id = " + name);',
      "  store.stmt(name);",
      "  const where = `c.state IN (${ids.join(', ')})`;",
      '  return db.prepare(`SELECT id FROM t WHERE id IN (${ids.map(() => "?").join(", ")})`);',
      "}",
    ].join("\n"),
  );
  assertEquals([...new Set(found.map((v) => v.line))].sort(), [2, 3, 4, 5]);
});
