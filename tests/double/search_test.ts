// The double's conversation search evaluates Intercom's filter language and refuses what Intercom refuses.

import { assert, assertEquals, assertThrows } from "../assert.ts";
import { evaluate, parseSearch, SearchError } from "./search.ts";
import { type ConversationRecord, generateWorkspace } from "./workspace.ts";

const NOW = 1_780_000_000;
const ws = generateWorkspace({ seed: 9, conversations: 300, now: NOW });
const all = [...ws.conversations.values()];

function run(query: unknown, sort?: unknown): ConversationRecord[] {
  return evaluate(ws, parseSearch(sort === undefined ? { query } : { query, sort }));
}

function ids(list: ConversationRecord[]): string[] {
  return list.map((c) => c.id).sort();
}

function expect(query: unknown, predicate: (c: ConversationRecord) => boolean): void {
  const got = ids(run(query));
  assertEquals(got, ids(all.filter(predicate)), JSON.stringify(query));
}

Deno.test("> and < are strict, >= and <= inclusive, = exact on timestamps", () => {
  const t = all[Math.floor(all.length / 2)].updated_at;
  expect({ field: "updated_at", operator: ">", value: t }, (c) => c.updated_at > t);
  expect({ field: "updated_at", operator: "<", value: t }, (c) => c.updated_at < t);
  expect({ field: "updated_at", operator: ">=", value: t }, (c) => c.updated_at >= t);
  expect({ field: "updated_at", operator: "<=", value: t }, (c) => c.updated_at <= t);
  expect({ field: "updated_at", operator: "=", value: t }, (c) => c.updated_at === t);
  expect({ field: "created_at", operator: ">", value: String(t) }, (c) => c.created_at > t);
});

Deno.test("AND and OR groups nest, and OR[> t, = t] is the same as >= t", () => {
  const t = all[10].updated_at;
  const inclusive = {
    operator: "OR",
    value: [
      { field: "updated_at", operator: ">", value: t },
      { field: "updated_at", operator: "=", value: t },
    ],
  };
  assertEquals(ids(run(inclusive)), ids(run({ field: "updated_at", operator: ">=", value: t })));
  expect(
    {
      operator: "AND",
      value: [
        {
          operator: "OR",
          value: [{ field: "state", operator: "=", value: "open" }, {
            field: "state",
            operator: "=",
            value: "snoozed",
          }],
        },
        { operator: "AND", value: [{ field: "admin_assignee_id", operator: "!=", value: 0 }] },
      ],
    },
    (c) => c.state !== "closed" && c.admin_assignee_id !== 0,
  );
});

Deno.test("string operators ignore case; IN, NIN, !=, ~, !~, ^ and $ work on strings and numbers", () => {
  const email = all.find((c) => c.source.author.email)!.source.author.email!;
  expect(
    { field: "source.author.email", operator: "=", value: email.toUpperCase() },
    (c) => c.source.author.email === email,
  );
  expect(
    { field: "source.author.email", operator: "~", value: "@example.org" },
    (c) => c.source.author.email?.includes("@example.org") ?? false,
  );
  expect(
    { field: "source.author.email", operator: "!~", value: "@example.org" },
    (c) => !(c.source.author.email?.includes("@example.org") ?? false),
  );
  expect(
    { field: "source.author.email", operator: "$", value: ".net" },
    (c) => c.source.author.email?.endsWith(".net") ?? false,
  );
  expect({ field: "id", operator: "^", value: "2154700001" }, (c) => c.id.startsWith("2154700001"));
  expect(
    { field: "priority", operator: "IN", value: ["high", "urgent"] },
    (c) => c.priority === "high" || c.priority === "urgent",
  );
  expect({ field: "state", operator: "NIN", value: ["closed"] }, (c) => c.state !== "closed");
  expect({ field: "team_assignee_id", operator: "=", value: 0 }, (c) => c.team_assignee_id === 0);
  expect({ field: "open", operator: "=", value: true }, (c) => c.open);
  const tag = all.find((c) => c.tags.tags.length > 0)!.tags.tags[0].id;
  expect(
    { field: "tag_ids", operator: "=", value: tag },
    (c) => c.tags.tags.some((t) => t.id === tag),
  );
  expect(
    { field: "tag_ids", operator: "!=", value: tag },
    (c) => !c.tags.tags.some((t) => t.id === tag),
  );
});

Deno.test("source.body = matches a whole word of the message, ~ any part of it", () => {
  const word = "refund";
  const words = run({ field: "source.body", operator: "=", value: word });
  const parts = run({ field: "source.body", operator: "~", value: word });
  assert(words.length > 0 && parts.length >= words.length);
  assertEquals(run({ field: "source.body", operator: "=", value: "efun" }), []);
});

Deno.test("results come by id without sort, and by the sort field with ties by id", () => {
  const open = { field: "state", operator: "!=", value: "nothing" };
  const plain = run(open);
  assertEquals(
    plain.map((c) => c.id),
    [...plain].sort((a, b) => Number(a.id) - Number(b.id)).map((c) => c.id),
  );
  const desc = run(open, { field: "updated_at", order: "descending" });
  for (let i = 1; i < desc.length; i++) {
    const [a, b] = [desc[i - 1], desc[i]];
    assert(
      a.updated_at > b.updated_at || (a.updated_at === b.updated_at && Number(a.id) < Number(b.id)),
    );
  }
});

Deno.test("parseSearch() refuses what Intercom refuses, naming the parameter", () => {
  const filter = { field: "state", operator: "=", value: "open" };
  const deep = {
    operator: "AND",
    value: [{ operator: "OR", value: [{ operator: "AND", value: [filter] }] }],
  };
  const cases: Array<[unknown, string | undefined]> = [
    [{}, "query"],
    [{ query: filter, sort: { field: "updated_at", order: "asc" } }, "sort.order"],
    [{ query: filter, sort: { field: "updated_at", order: "desc" } }, "sort.order"],
    [{ query: filter, sort: { field: "bogus", order: "ascending" } }, "sort.field"],
    [{ query: deep }, "query"],
    [{ query: { operator: "OR", value: Array(16).fill(filter) } }, "query"],
    [{ query: { operator: "OR", value: [] } }, "query"],
    [{ query: { operator: "AND", value: [filter, { operator: "OR", value: [filter] }] } }, "query"],
    [{ query: { field: "nope", operator: "=", value: 1 } }, "nope"],
    [{ query: { field: "state", operator: ">", value: "open" } }, "state"],
    [{ query: { field: "updated_at", operator: "~", value: 1 } }, "updated_at"],
    [{ query: { field: "updated_at", operator: ">", value: "soon" } }, "updated_at"],
    [{ query: { field: "state", operator: "IN", value: "open" } }, "state"],
    [{ query: filter, pagination: { per_page: 151 } }, "per_page"],
    [{ query: filter, pagination: { per_page: "20" } }, "per_page"],
    [{ query: filter, pagination: { starting_after: "garbage" } }, "starting_after"],
    [{ query: filter, paginaton: { per_page: 5 } }, "paginaton"],
  ];
  for (const [body, field] of cases) {
    assertThrows(
      () => parseSearch(body),
      (e: unknown) => e instanceof SearchError && e.field === field,
      `${JSON.stringify(body)} is refused naming ${field}`,
    );
  }
  const ok = parseSearch({
    query: { operator: "AND", value: Array(15).fill(filter) },
    pagination: { per_page: 150, starting_after: null },
    sort: { field: "updated_at", order: "ascending" },
  });
  assertEquals([ok.perPage, ok.offset], [150, 0]);
});
