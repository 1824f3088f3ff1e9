// The double cannot drift from Intercom's OpenAPI description (2.16): every response it gives is
// checked against the schema the description gives for that operation and status, and every search
// request it accepts against the description's request body.

import fc from "fast-check";
import { assert, assertEquals } from "../assert.ts";
import {
  check,
  DESCRIPTION_SHA256,
  DESCRIPTION_URL,
  type Deviation,
  loadDescription,
  type Problem,
  requestSchema,
  responseFor,
  type Schema,
  schemaAt,
  sha256Hex,
} from "./openapi.ts";
import { type Double, startDouble } from "./server.ts";
import { generateWorkspace, type Workspace } from "./workspace.ts";
import { helpCenterOf } from "./articles.ts";
import { companiesOf } from "./companies.ts";
import { ticketsOf } from "./tickets.ts";

const TOKEN = "contract-token";
const SHARED_COPY = new URL(
  "../../../shared/intercom-openapi/api.intercom.io.yaml",
  import.meta.url,
);
const description = await loadDescription();

const isInteger = (v: unknown) => Number.isInteger(v);

/**
 * Every place where the double answers differently from the description, because the real API
 * does (see INTERCOM_API.md). Nothing else may deviate; the last test proves each entry is needed.
 *
 * Not listed because the description already agrees with the real API: admin_assignee_id,
 * team_assignee_id, team_ids and admin_ids are typed integer there, and timestamps are
 * `type: integer` (their `format: date-time` is an annotation the checker ignores).
 */
const DEVIATIONS: Record<string, Deviation[]> = {
  "GET /conversations/{conversation_id}": [
    {
      at: "statistics.last_closed_by_id",
      accepts: isInteger,
      why: "the real API sends this admin id as a number; the description says string",
    },
  ],
  "POST /conversations/search": [
    {
      at: "conversations[].statistics.last_closed_by_id",
      accepts: isInteger,
      why: "the real API sends this admin id as a number; the description says string",
    },
    {
      at: "pages.per_page",
      accepts: (v) => typeof v === "string" && /^\d+$/.test(v),
      why: "the real API has been seen sending per_page as a string",
    },
    {
      at: "pages.next.page",
      accepts: isInteger,
      why: "the real API's pages.next carries the next page number; starting_after_paging omits it",
    },
  ],
  "GET /tickets/{ticket_id}": [
    {
      at: "ticket_parts.ticket_parts[].app_package_code",
      mayBeAbsent: true,
      why: "only on parts made through an app, as its own description says; the example has one",
    },
  ],
  "GET /conversations/deleted": [
    {
      at: "pages.next",
      mayBeAbsent: true,
      why:
        "absent on the last page, as pages_link's own description says; its example shows page 1",
    },
  ],
};

/** `sort` works on the real API but the description's search_request leaves it out. */
const REQUEST_DEVIATIONS: Deviation[] = [{
  at: "sort",
  accepts: (v) =>
    typeof v === "object" && v !== null && Object.keys(v).every((k) =>
      k === "field" || k === "order"
    ) &&
    typeof (v as { field?: unknown }).field === "string" &&
    ["ascending", "descending"].includes((v as { order?: unknown }).order as string),
  why: "sort works but is missing from the description (INTERCOM_API.md)",
}];

const ERROR_SCHEMA = { $ref: "#/components/schemas/error" };

interface Fetched {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(
  d: Double,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Fetched> {
  const res = await fetch(d.url + path, {
    method: init.method ?? "GET",
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      Accept: "application/json",
      "Intercom-Version": "2.16",
      ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, headers: res.headers, body: JSON.parse(await res.text()) };
}

function describe(problems: Problem[]): string {
  return problems.slice(0, 12).map((p) => `  ${p.at}: ${p.message}`).join("\n");
}

/**
 * Checks a response against what the description gives for that operation and status; error
 * statuses it leaves out of an operation (429 everywhere, 406, 404 on contacts, 400 on search)
 * must still be the error.list it uses for every error it does describe.
 */
function conforms(
  method: string,
  describedPath: string,
  res: Fetched,
  deviations: Deviation[] = [],
) {
  const described = responseFor(description, method, describedPath, res.status);
  if (!described) {
    assert(
      res.status >= 400,
      `${method} ${describedPath} answered ${res.status}, which it does not describe`,
    );
  }
  const schema = described?.schema ?? ERROR_SCHEMA;
  const result = check(description, schema, res.body, {
    example: described?.example,
    deviations: [...(DEVIATIONS[`${method} ${describedPath}`] ?? []), ...deviations],
  });
  assertEquals(
    result.problems,
    [],
    `${method} ${describedPath} ${res.status} departs from the description:\n${
      describe(result.problems)
    }`,
  );
}

async function withDouble(
  fn: (d: Double, ws: Workspace) => Promise<void>,
  opts: { rateLimit?: { limit: number; windowSeconds?: number } } = {},
): Promise<void> {
  const ws = generateWorkspace({ seed: 5, conversations: 120 });
  const d = await startDouble({ workspace: ws, token: TOKEN, ...opts });
  try {
    await fn(d, ws);
  } finally {
    await d.close();
  }
}

Deno.test("the description in the repo is Intercom's published 2.16 file, the same as ../shared's when present", async () => {
  assertEquals(
    await sha256Hex(DESCRIPTION_URL),
    DESCRIPTION_SHA256,
    "tests/double/api.intercom.io.yaml changed (by deno fmt?): copy it again from upstream and keep it in deno.json's fmt.exclude",
  );
  let shared: string | undefined;
  try {
    shared = await sha256Hex(SHARED_COPY);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  if (shared !== undefined) assertEquals(shared, DESCRIPTION_SHA256);
  assertEquals((description.doc.info as Schema).version, "2.16");
});

Deno.test("the checker rejects a wrong type, a missing required property, a stray null, an undescribed property and a missing example property", () => {
  const errorSchema = schemaAt(description, "#/components/schemas/error");
  const good = {
    type: "error.list",
    request_id: "5ef5682e-f66e-40a4-b828-8592175f83b8",
    errors: [{ code: "unauthorized", message: "Access Token Invalid" }],
  };
  assertEquals(check(description, errorSchema, good).problems, []);
  const wrong: Array<[unknown, string]> = [
    [{ ...good, errors: "unauthorized" }, "errors"],
    [{ type: "error.list", request_id: null }, "(root)"],
    [{ ...good, errors: [{ message: "no code" }] }, "errors[]"],
    [{ ...good, type: null }, "type"],
    [{ ...good, retry_after: 3 }, "retry_after"],
  ];
  for (const [body, at] of wrong) {
    const problems = check(description, errorSchema, body).problems;
    assert(
      problems.some((p) => p.at === at),
      `${JSON.stringify(body)} should fail at ${at}: ${JSON.stringify(problems)}`,
    );
  }

  const conversation = responseFor(description, "GET", "/conversations/{conversation_id}", 200)!;
  const example = structuredClone(conversation.example) as Record<string, unknown>;
  // The description's own example gives part ids as numbers, against its schema.
  const parts = (example.conversation_parts as { conversation_parts: Array<{ id: unknown }> })
    .conversation_parts;
  for (const part of parts) part.id = String(part.id);
  assertEquals(check(description, conversation.schema, example, { example }).problems, []);
  const stringAssignee = { ...example, admin_assignee_id: "991267715" };
  assert(
    check(description, conversation.schema, stringAssignee).problems.some((p) =>
      p.at === "admin_assignee_id"
    ),
  );
  const { ai_agent_participated: _dropped, ...lacking } = example;
  assert(
    check(description, conversation.schema, lacking, { example }).problems.some((p) =>
      p.at === "ai_agent_participated"
    ),
    "a property the description's example shows may not go missing",
  );
  const badState = { ...example, state: "pending" };
  assert(check(description, conversation.schema, badState).problems.some((p) => p.at === "state"));
});

Deno.test("GET /me, /admins, /teams and /tags answer what the description describes", async () => {
  await withDouble(async (d) => {
    conforms("GET", "/me", await call(d, "/me"));
    conforms("GET", "/admins", await call(d, "/admins"));
    conforms("GET", "/teams", await call(d, "/teams"));
    conforms("GET", "/tags", await call(d, "/tags"));
    const unauthorized = await call(d, "/admins", { headers: { Authorization: "Bearer nope" } });
    assertEquals(unauthorized.status, 401);
    conforms("GET", "/admins", unauthorized);
  });
});

Deno.test("GET /contacts/{id} answers a described contact, 410 contact_merged and an error.list 404", async () => {
  await withDouble(async (d, ws) => {
    const live = [...ws.contacts.values()].find((c) => !c.merged_into)!;
    const merged = [...ws.contacts.values()].find((c) => c.merged_into)!;
    assert(merged, "the workspace has a merged contact");
    const ok = await call(d, `/contacts/${live.id}`);
    assertEquals(ok.status, 200);
    conforms("GET", "/contacts/{contact_id}", ok);
    const gone = await call(d, `/contacts/${merged.id}`);
    assertEquals(gone.status, 410);
    conforms("GET", "/contacts/{contact_id}", gone);
    const missing = await call(d, "/contacts/000000000000000000000000");
    assertEquals(missing.status, 404);
    conforms("GET", "/contacts/{contact_id}", missing);
  });
});

Deno.test("GET /conversations/{id} answers every conversation as described, in HTML and plain text", async () => {
  await withDouble(async (d, ws) => {
    for (const id of ws.conversations.keys()) {
      const html = await call(d, `/conversations/${id}`);
      assertEquals(html.status, 200);
      conforms("GET", "/conversations/{conversation_id}", html);
      const plain = await call(d, `/conversations/${id}?display_as=plaintext`);
      conforms("GET", "/conversations/{conversation_id}", plain);
    }
    const missing = await call(d, "/conversations/999999999999");
    assertEquals(missing.status, 404);
    conforms("GET", "/conversations/{conversation_id}", missing);
    const unauthorized = await call(d, `/conversations/${ws.conversations.keys().next().value}`, {
      headers: { Authorization: "Bearer nope" },
    });
    assertEquals(unauthorized.status, 401);
    conforms("GET", "/conversations/{conversation_id}", unauthorized);
  });
});

Deno.test("the conversations checked above carry every kind of statistics, rating and Fin outcome", () => {
  // The same workspace withDouble serves: what this finds, the test above held to the description.
  const all = [...generateWorkspace({ seed: 5, conversations: 120 }).conversations.values()];
  const outcomes = new Set(all.map((c) => c.ai_agent ? String(c.ai_agent.resolution_state) : "-"));
  for (const o of ["-", "null", "assumed_resolution", "confirmed_resolution", "escalated"]) {
    assert(outcomes.has(o), `a conversation with Fin outcome ${o}`);
  }
  assert(all.some((c) => c.ai_agent?.rating), "a rating of Fin");
  const ratings = new Set(all.flatMap((c) => c.conversation_rating?.rating ?? []));
  assert(ratings.size >= 3, "conversation ratings of several values");
  assert(all.some((c) => c.statistics.time_to_admin_reply !== undefined), "statistics with times");
  assert(
    all.some((c) => c.statistics.first_admin_reply_at && !c.statistics.time_to_admin_reply),
    "statistics whose times Intercom has not computed yet",
  );
  assert(all.some((c) => c.statistics.median_time_to_reply !== undefined));
  assert(all.some((c) => c.statistics.handling_time !== undefined));
  assert(
    all.some((c) => c.sla_applied) && all.some((c) => Object.keys(c.custom_attributes).length),
  );
});

Deno.test("POST /conversations/search answers every page as described, and its errors as error.list", async () => {
  await withDouble(async (d, ws) => {
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call(d, "/conversations/search", {
        method: "POST",
        body: {
          query: { field: "updated_at", operator: ">", value: 0 },
          pagination: { per_page: 50, ...(cursor ? { starting_after: cursor } : {}) },
          sort: { field: "updated_at", order: "ascending" },
        },
      });
      assertEquals(res.status, 200);
      conforms("POST", "/conversations/search", res);
      cursor = (res.body as { pages: { next?: { starting_after: string } } }).pages.next
        ?.starting_after;
      pages++;
    } while (cursor);
    assertEquals(pages, Math.ceil(ws.conversations.size / 50));
    const rejected = await call(d, "/conversations/search", {
      method: "POST",
      body: {
        query: { field: "state", operator: "=", value: "open" },
        sort: { field: "updated_at", order: "asc" },
      },
    });
    assertEquals(rejected.status, 400);
    conforms("POST", "/conversations/search", rejected);
  });
});

Deno.test("GET /conversations/deleted answers every page as described, and 400 before 2.16", async () => {
  await withDouble(async (d) => {
    let next: string | undefined = "/conversations/deleted?per_page=1";
    while (next) {
      const res = await call(d, next.replace(d.url, ""));
      assertEquals(res.status, 200);
      conforms("GET", "/conversations/deleted", res);
      next = (res.body as { pages: { next?: string } }).pages.next;
    }
    const old = await call(d, "/conversations/deleted", {
      headers: { "Intercom-Version": "2.15" },
    });
    assertEquals(old.status, 400);
    conforms("GET", "/conversations/deleted", old);
    const tooMany = await call(d, "/conversations/deleted?per_page=61");
    assertEquals(tooMany.status, 400);
    conforms("GET", "/conversations/deleted", tooMany);
  });
});

Deno.test("refusals the description leaves out (406, unknown version, 429, unknown route) are error.list bodies", async () => {
  await withDouble(async (d) => {
    const notAcceptable = await call(d, "/me", { headers: { Accept: "text/html" } });
    assertEquals(notAcceptable.status, 406);
    conforms("GET", "/me", notAcceptable);
    const badVersion = await call(d, "/me", { headers: { "Intercom-Version": "3.0" } });
    assertEquals(badVersion.status, 400);
    conforms("GET", "/me", badVersion);
    const unknown = await call(d, "/nothing/here");
    assertEquals(unknown.status, 404);
    assertEquals(check(description, ERROR_SCHEMA, unknown.body).problems, []);
    const limited = await call(d, "/conversations/search", {
      method: "POST",
      body: { query: { field: "state", operator: "=", value: "open" } },
    });
    assertEquals(limited.status, 429);
    conforms("POST", "/conversations/search", limited);
  }, { rateLimit: { limit: 3 } });
});

// Search bodies, most of them valid, some wrong in one of the ways a client can get them wrong.
const validFilterArb = fc.oneof(
  fc.record({
    field: fc.constantFrom("created_at", "updated_at"),
    operator: fc.constantFrom("=", "!=", ">", "<", ">=", "<="),
    value: fc.oneof(
      fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
      fc.constant("1700000000"),
    ),
  }),
  fc.record({
    field: fc.constantFrom("state", "priority", "source.author.email", "id"),
    operator: fc.constantFrom("=", "!=", "~", "!~", "^", "$"),
    value: fc.constantFrom("open", "closed", "high", "example.com", "2154700001"),
  }),
  fc.record({
    field: fc.constantFrom("admin_assignee_id", "team_assignee_id"),
    operator: fc.constantFrom("IN", "NIN"),
    value: fc.array(fc.integer({ min: 0, max: 991267600 }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ field: fc.constant("open"), operator: fc.constant("="), value: fc.boolean() }),
);
const wrongFilterArb = fc.record({
  field: fc.constantFrom("updated_at", "state", "open", "no_such_field"),
  operator: fc.constantFrom("=", ">", "~", "IN", "LIKE"),
  value: fc.oneof(
    fc.constant(null),
    fc.constant("soon"),
    fc.integer(),
    fc.array(fc.boolean(), { maxLength: 2 }),
  ),
});
const filterArb = fc.oneof({ arbitrary: validFilterArb, weight: 5 }, {
  arbitrary: wrongFilterArb,
  weight: 1,
});
const groupOpArb = fc.oneof(
  { arbitrary: fc.constantFrom("AND", "OR"), weight: 9 },
  { arbitrary: fc.constant("XOR"), weight: 1 },
);
const groupOfFiltersArb = fc.record({
  operator: groupOpArb,
  value: fc.array(filterArb, { minLength: 1, maxLength: 4 }),
});
const queryArb = fc.oneof(
  { arbitrary: filterArb, weight: 2 },
  { arbitrary: groupOfFiltersArb, weight: 3 },
  {
    arbitrary: fc.record({
      operator: groupOpArb,
      value: fc.array(groupOfFiltersArb, { minLength: 1, maxLength: 3 }),
    }),
    weight: 2,
  },
  // Groups of a mix, empty groups and three levels: all refused.
  {
    arbitrary: fc.record({
      operator: groupOpArb,
      value: fc.tuple(filterArb, groupOfFiltersArb).map((pair) => [...pair]),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ operator: groupOpArb, value: fc.constant([]) }), weight: 1 },
  {
    arbitrary: fc.record({
      operator: groupOpArb,
      value: fc.array(
        fc.record({
          operator: groupOpArb,
          value: fc.array(groupOfFiltersArb, { minLength: 1, maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    }),
    weight: 1,
  },
);

const searchBodyArb = fc.record({
  query: queryArb,
  pagination: fc.option(
    fc.record({
      per_page: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 150 }), weight: 8 },
        { arbitrary: fc.constantFrom(0, 151, "20"), weight: 1 },
      ),
      starting_after: fc.constantFrom(null, "WyJvZmZzZXQiLDJd", "not-a-cursor"),
    }, { requiredKeys: [] }),
  ),
  sort: fc.option(fc.record({
    field: fc.constantFrom("updated_at", "created_at", "bogus"),
    order: fc.constantFrom("ascending", "descending", "asc", "desc"),
  })),
}, { requiredKeys: ["query"] });

Deno.test("the double accepts a search request only if the description's search_request describes it (plus sort)", async () => {
  const schema = requestSchema(description, "POST", "/conversations/search");
  await withDouble(async (d) => {
    let accepted = 0;
    let refused = 0;
    let outsideDescription = 0;
    await fc.assert(
      fc.asyncProperty(searchBodyArb, async (body) => {
        const res = await call(d, "/conversations/search", { method: "POST", body });
        const result = check(description, schema, body, { deviations: REQUEST_DEVIATIONS });
        if (result.problems.length > 0) outsideDescription++;
        if (res.status === 400) {
          refused++;
          return;
        }
        assertEquals(res.status, 200);
        accepted++;
        assertEquals(
          result.problems,
          [],
          `accepted ${JSON.stringify(body)}:\n${describe(result.problems)}`,
        );
      }),
      { numRuns: 400, seed: 1 },
    );
    assert(
      accepted > 40 && refused > 40 && outsideDescription > 20,
      `${accepted} accepted, ${refused} refused, ${outsideDescription} outside the description: too one-sided`,
    );

    // And the shapes a sync client sends are accepted.
    const since = 1_700_000_000;
    for (
      const query of [
        { field: "updated_at", operator: ">", value: since },
        {
          operator: "OR",
          value: [{ field: "updated_at", operator: ">", value: since }, {
            field: "updated_at",
            operator: "=",
            value: since,
          }],
        },
        {
          operator: "AND",
          value: [{ field: "updated_at", operator: ">=", value: since }, {
            field: "updated_at",
            operator: "<",
            value: since + 86400,
          }],
        },
        {
          operator: "AND",
          value: [
            { operator: "OR", value: [{ field: "state", operator: "=", value: "open" }] },
            { operator: "OR", value: [{ field: "id", operator: "IN", value: ["1", "2"] }] },
          ],
        },
      ]
    ) {
      const body = {
        query,
        pagination: { per_page: 150 },
        sort: { field: "updated_at", order: "ascending" },
      };
      assertEquals(
        check(description, schema, body, { deviations: REQUEST_DEVIATIONS }).problems,
        [],
      );
      assertEquals(
        (await call(d, "/conversations/search", { method: "POST", body })).status,
        200,
        JSON.stringify(query),
      );
    }
  }, { rateLimit: { limit: 100_000 } });
});

Deno.test("each allowed deviation is needed: without it a real response of the double fails the description", async () => {
  await withDouble(async (d, ws) => {
    const closed = [...ws.conversations.values()].find((c) =>
      c.statistics.last_closed_by_id !== undefined
    )!;
    const cases: Array<[string, string, Fetched]> = [
      ["GET", "/conversations/{conversation_id}", await call(d, `/conversations/${closed.id}`)],
    ];
    const page1 = await call(d, "/conversations/search", {
      method: "POST",
      body: {
        query: { field: "state", operator: "=", value: "closed" },
        pagination: { per_page: 5 },
      },
    });
    const next =
      (page1.body as { pages: { next: { starting_after: string } } }).pages.next.starting_after;
    cases.push([
      "POST",
      "/conversations/search",
      await call(d, "/conversations/search", {
        method: "POST",
        body: {
          query: { field: "state", operator: "=", value: "closed" },
          pagination: { per_page: 5, starting_after: next },
        },
      }),
    ]);
    const perPage = ws.deleted.length;
    cases.push([
      "GET",
      "/conversations/deleted",
      await call(d, `/conversations/deleted?per_page=${perPage}`),
    ]);
    const ticket = [...ticketsOf(ws).tickets.values()].find((t) => t.parts.length > 0)!;
    cases.push(["GET", "/tickets/{ticket_id}", await call(d, `/tickets/${ticket.id}`)]);

    for (const [method, path, res] of cases) {
      const described = responseFor(description, method, path, res.status)!;
      const deviations = DEVIATIONS[`${method} ${path}`];
      const strict = check(description, described.schema, res.body, { example: described.example });
      const lenient = check(description, described.schema, res.body, {
        example: described.example,
        deviations,
      });
      assertEquals(lenient.problems, []);
      for (const dev of deviations) {
        assert(lenient.used.has(dev), `${method} ${path}: ${dev.at} was not needed`);
        assert(
          strict.problems.some((p) => p.at === dev.at),
          `${method} ${path}: ${dev.at} passes without the allowance`,
        );
      }
    }
    const requestSchemaForSearch = requestSchema(description, "POST", "/conversations/search");
    const withSort = {
      query: { field: "state", operator: "=", value: "open" },
      sort: { field: "updated_at", order: "descending" },
    };
    assert(
      check(description, requestSchemaForSearch, withSort).problems.some((p) => p.at === "sort"),
    );
    assertEquals(
      check(description, requestSchemaForSearch, withSort, { deviations: REQUEST_DEVIATIONS })
        .problems,
      [],
    );
  });
});

Deno.test("POST /contacts/search answers a described contact list, without merged contacts", async () => {
  await withDouble(async (d, ws) => {
    const live = [...ws.contacts.values()].filter((c) => !c.merged_into).slice(0, 3);
    const merged = [...ws.contacts.values()].find((c) => c.merged_into)!;
    const res = await call(d, "/contacts/search", {
      method: "POST",
      body: {
        query: { field: "id", operator: "IN", value: [...live.map((c) => c.id), merged.id] },
        pagination: { per_page: 150 },
      },
    });
    assertEquals(res.status, 200);
    conforms("POST", "/contacts/search", res);
    const ids = (res.body as { data: { id: string }[] }).data.map((c) => c.id).sort();
    assertEquals(ids, live.map((c) => c.id).sort());
    const bad = await call(d, "/contacts/search", {
      method: "POST",
      body: { query: { field: "name", operator: "~", value: "x" } },
    });
    assertEquals(bad.status, 400);
    conforms("POST", "/contacts/search", bad);
  });
});

Deno.test("GET /articles and /help_center/collections answer every page as described, drafts and translations included", async () => {
  await withDouble(async (d, ws) => {
    const hc = helpCenterOf(ws, { multilingual: true });
    assert(
      [...hc.articles.values()].some((a) => a.state === "draft"),
      "the help center has drafts",
    );
    for (
      const [path, describedPath] of [["/articles", "/articles"], [
        "/help_center/collections",
        "/help_center/collections",
      ]]
    ) {
      let seen = 0;
      for (let page = 1; page <= 20; page++) {
        const res = await call(d, `${path}?per_page=7&page=${page}`);
        assertEquals(res.status, 200);
        conforms("GET", describedPath, res);
        const body = res.body as { data: unknown[]; pages: { total_pages: number } };
        seen += body.data.length;
        if (page >= body.pages.total_pages) break;
      }
      assertEquals(seen, path === "/articles" ? hc.articles.size : hc.collections.size);
    }
    const article = [...hc.articles.values()][0];
    const one = await call(d, `/articles/${article.id}`);
    assertEquals(one.status, 200);
    conforms("GET", "/articles/{article_id}", one);
    const collection = [...hc.collections.values()][0];
    conforms(
      "GET",
      "/help_center/collections/{collection_id}",
      await call(d, `/help_center/collections/${collection.id}`),
    );
    for (const missing of ["/articles/1", "/help_center/collections/1"]) {
      const res = await call(d, missing);
      assertEquals(res.status, 404);
      conforms(
        "GET",
        missing.replace(
          "/1",
          missing.startsWith("/articles") ? "/{article_id}" : "/{collection_id}",
        ),
        res,
      );
    }
    const tooMany = await call(d, "/articles?per_page=1000");
    assertEquals(tooMany.status, 400);
    conforms("GET", "/articles", tooMany);
  });
});

Deno.test("GET /companies/{id} answers a described company or company_not_found, and contacts name their companies", async () => {
  await withDouble(async (d, ws) => {
    const companies = companiesOf(ws);
    const withCompany = [...ws.contacts.values()].find((c) =>
      !c.merged_into && (c.companies as unknown as { data: unknown[] }).data.length > 0
    )!;
    const contact = await call(d, `/contacts/${withCompany.id}`);
    conforms("GET", "/contacts/{contact_id}", contact);
    const companyId = (contact.body as { companies: { data: { id: string }[] } }).companies.data[0]
      .id;
    assert(companies.has(companyId));
    const one = await call(d, `/companies/${companyId}`);
    assertEquals(one.status, 200);
    conforms("GET", "/companies/{company_id}", one);
    const missing = await call(d, "/companies/nope");
    assertEquals(missing.status, 404);
    conforms("GET", "/companies/{company_id}", missing);
    const changed = await call(d, "/contacts/search", {
      method: "POST",
      body: {
        query: { field: "updated_at", operator: ">", value: 0 },
        pagination: { per_page: 150 },
        sort: { field: "updated_at", order: "ascending" },
      },
    });
    assertEquals(changed.status, 200);
    conforms("POST", "/contacts/search", changed);
    const times = (changed.body as { data: { updated_at: number }[] }).data.map((c) =>
      c.updated_at
    );
    assertEquals(times, [...times].sort((a, b) => a - b));
  });
});

Deno.test("GET /ticket_types and /ticket_states answer what the description describes", async () => {
  await withDouble(async (d, ws) => {
    const desk = ticketsOf(ws);
    const types = await call(d, "/ticket_types");
    assertEquals(types.status, 200);
    conforms("GET", "/ticket_types", types);
    const listed = (types.body as { data: { ticket_type_attributes: { data: unknown[] } }[] }).data;
    assertEquals(listed.length, desk.types.size);
    assert(
      listed.every((t) => t.ticket_type_attributes.data.length >= 2),
      "types carry attributes",
    );
    const states = await call(d, "/ticket_states");
    assertEquals(states.status, 200);
    conforms("GET", "/ticket_states", states);
    const categories = (states.body as { data: { category: string }[] }).data.map((s) =>
      s.category
    );
    assertEquals(
      [...new Set(categories)].sort(),
      ["in_progress", "resolved", "submitted", "waiting_on_customer"],
    );
  });
});

Deno.test("POST /tickets/search answers every page as described, sorted as asked, and its errors as error.list", async () => {
  await withDouble(async (d, ws) => {
    const desk = ticketsOf(ws);
    const request = {
      query: { field: "created_at", operator: ">", value: 0 },
      pagination: { per_page: 7 },
      sort: { field: "updated_at", order: "descending" },
    };
    assertEquals(
      check(description, requestSchema(description, "POST", "/tickets/search"), request, {
        deviations: REQUEST_DEVIATIONS,
      }).problems,
      [],
      "the sync's own request is described (sort aside)",
    );
    const seen: { id: string; updated_at: number }[] = [];
    let body: Record<string, unknown> = request;
    for (let page = 0; page < 30; page++) {
      const res = await call(d, "/tickets/search", { method: "POST", body });
      assertEquals(res.status, 200);
      conforms("POST", "/tickets/search", res);
      const list = res.body as {
        tickets: { id: string; updated_at: number }[];
        pages: { next?: { starting_after: string } };
        total_count: number;
      };
      assertEquals(list.total_count, desk.tickets.size);
      seen.push(...list.tickets);
      if (!list.pages.next) break;
      body = {
        ...request,
        pagination: { per_page: 7, starting_after: list.pages.next.starting_after },
      };
    }
    assertEquals(new Set(seen.map((t) => t.id)).size, desk.tickets.size, "every ticket once");
    const times = seen.map((t) => t.updated_at);
    assertEquals(times, [...times].sort((a, b) => b - a), "newest update first");
    const resolved = await call(d, "/tickets/search", {
      method: "POST",
      body: { query: { field: "state", operator: "=", value: "resolved" } },
    });
    conforms("POST", "/tickets/search", resolved);
    const states = (resolved.body as { tickets: { ticket_state: { category: string } }[] }).tickets
      .map((t) => t.ticket_state.category);
    assert(states.length > 0 && states.every((s) => s === "resolved"), JSON.stringify(states));
    const bad = await call(d, "/tickets/search", {
      method: "POST",
      body: { query: { field: "created_at", operator: "~", value: "x" } },
    });
    assertEquals(bad.status, 400);
    conforms("POST", "/tickets/search", bad);
  });
});

Deno.test("GET /tickets/{id} answers a described ticket, linked to its conversation, or an error.list 404", async () => {
  await withDouble(async (d, ws) => {
    const desk = ticketsOf(ws);
    const linked = [...desk.tickets.values()].filter((t) =>
      t.links.some((l) => l.type === "conversation")
    );
    assert(linked.length > 5, "many tickets link to a conversation");
    for (const t of [...desk.tickets.values()].slice(0, 12)) {
      const res = await call(d, `/tickets/${t.id}`);
      assertEquals(res.status, 200);
      conforms("GET", "/tickets/{ticket_id}", res);
    }
    const one = (await call(d, `/tickets/${linked[0].id}`)).body as {
      linked_objects: { data: { type: string; id: string }[] };
      contacts: { contacts: { id: string }[] };
    };
    const conversation = one.linked_objects.data.find((l) => l.type === "conversation")!;
    assert(ws.conversations.has(conversation.id), "the link names a conversation of the workspace");
    assert(
      ws.contacts.has(one.contacts.contacts[0].id),
      "the ticket's contact is a workspace contact",
    );
    const missing = await call(d, "/tickets/1");
    assertEquals(missing.status, 404);
    conforms("GET", "/tickets/{ticket_id}", missing);
  });
});
