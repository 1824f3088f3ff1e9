import { configureSync, type LogRecord, resetSync } from "@logtape/logtape";
import { assert, assertEquals } from "../../tests/assert.ts";
import { IntercomClient } from "./client.ts";
import { IntercomError, isRefusal } from "./errors.ts";
import { pathOf, ROUTES } from "./routes.ts";

const TOKEN = "tok_client_test_0123456789abcdef";

interface Seen {
  method: string;
  url: URL;
  body: unknown;
  headers: Headers;
}

/** A client whose wire is `answer`: every request is recorded, nothing leaves the process. */
function clientAnswering(answer: (req: Seen) => Response) {
  const seen: Seen[] = [];
  const fakeFetch: typeof fetch = (input, init) => {
    const req: Seen = {
      method: init?.method ?? "GET",
      url: new URL(String(input)),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
      headers: new Headers(init?.headers),
    };
    seen.push(req);
    return Promise.resolve(answer(req));
  };
  const client = new IntercomClient({
    baseUrl: "http://127.0.0.1:9/",
    token: TOKEN,
    fetch: fakeFetch,
    sleep: () => Promise.resolve(),
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
  });
  return { client, seen };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

Deno.test("every route's label is its method and path, and no two routes share one", () => {
  const labels = Object.values(ROUTES).map((r) => r.label);
  assertEquals(new Set(labels).size, labels.length);
  for (const r of Object.values(ROUTES)) assertEquals(r.label, `${r.method} ${r.path}`);
});

Deno.test("pathOf() fills in and encodes placeholders, and appends the query", () => {
  assertEquals(
    pathOf("/conversations/{id}", { params: { id: "a/b c" }, query: { display_as: "plaintext" } }),
    "/conversations/a%2Fb%20c?display_as=plaintext",
  );
  assertEquals(pathOf("/admins", {}), "/admins");
});

Deno.test("pages() follows the search cursor until a page names none", async () => {
  const { client, seen } = clientAnswering((req) => {
    const after = (req.body as { pagination: { starting_after?: string } }).pagination
      .starting_after;
    const n = after === undefined ? 0 : Number(after);
    return json({
      conversations: [{ id: String(n + 1), updated_at: 100 + n }],
      total_count: 3,
      pages: n < 2 ? { next: { starting_after: String(n + 1) } } : {},
    });
  });
  const body = { query: {}, pagination: { per_page: 1 } };
  const ids: string[] = [];
  for await (const page of client.pages(ROUTES.searchConversations, body)) {
    ids.push(...page.stubs.map((s) => s.id));
  }
  assertEquals(ids, ["1", "2", "3"]);
  assertEquals(seen.map((s) => s.url.pathname), Array(3).fill("/conversations/search"));
  assertEquals(body.pagination, { per_page: 1 }, "the caller's input is left as it was");
});

Deno.test("pages() of deleted conversations asks for page after page, and leaving the loop stops it", async () => {
  const { client, seen } = clientAnswering((req) =>
    json({
      conversations: [{ id: `d${req.url.searchParams.get("page")}`, deleted_at: 1 }],
      pages: { next: "http://127.0.0.1:9/conversations/deleted?page=next" },
    })
  );
  const got: string[] = [];
  for await (const page of client.pages(ROUTES.deletedConversations, { page: 1, perPage: 2 })) {
    got.push(page.deleted[0].id);
    if (got.length === 3) break;
  }
  assertEquals(got, ["d1", "d2", "d3"]);
  assertEquals(seen.length, 3);
  assertEquals(seen[0].url.searchParams.get("per_page"), "2");
  assertEquals(seen[0].url.searchParams.get("order"), "desc");
});

Deno.test("an error answer becomes one IntercomError with status, code and request id, never the token", async () => {
  const { client, seen } = clientAnswering(() =>
    json({
      type: "error.list",
      request_id: "req-42",
      errors: [{ code: "token_unauthorized", message: "Not authorized" }],
    }, 403)
  );
  const error = await client.call(ROUTES.teams, undefined).catch((x: unknown) => x);
  assert(error instanceof IntercomError);
  assertEquals([error.status, error.code, error.requestId], [403, "token_unauthorized", "req-42"]);
  assert(error.message.startsWith("GET /teams: Intercom answered 403 token_unauthorized"));
  assert(!error.message.includes(TOKEN));
  assert(isRefusal(error), "a 403 is a refusal that retrying will not change");
  assertEquals(seen.length, 1, "a 403 is not retried");
  assertEquals(seen[0].headers.get("authorization"), `Bearer ${TOKEN}`);
  assertEquals(seen[0].headers.get("intercom-version"), "2.16");
});

Deno.test("a 503 is retried as retry.ts decides, and the next answer is taken", async () => {
  let n = 0;
  const { client } = clientAnswering(() =>
    ++n === 1 ? new Response("<html>busy</html>", { status: 503 }) : json({ data: [{ id: "1" }] })
  );
  assertEquals(await client.call(ROUTES.tags, undefined), [{ id: "1", name: "1" }]);
  assertEquals(client.counts, { attempts: 2, retries: 1 });
});

Deno.test("getConversation() answers null for a 404, and getContact() follows a merge to where it went", async () => {
  const { client } = clientAnswering((req) => {
    if (req.url.pathname.startsWith("/conversations/")) {
      return json({ type: "error.list", errors: [{ code: "not_found" }] }, 404);
    }
    if (req.url.pathname === "/contacts/old") {
      return json({ type: "error.list", errors: [{ code: "gone" }] }, 410, {
        link: "<http://127.0.0.1:9/contacts/new>; rel=merged",
      });
    }
    return json({ id: "new", email: "a@example.com" });
  });
  assertEquals(await client.getConversation("1"), null);
  assertEquals((await client.getContact("old"))?.id, "new");
});

Deno.test("serverTime is Intercom's clock from the Date header, not this machine's", async () => {
  const { client } = clientAnswering(() =>
    json([], 200, { date: "Sat, 01 Jan 2028 00:00:10 GMT" })
  );
  assertEquals(client.serverTime, null);
  await client.call(ROUTES.tags, undefined);
  assertEquals(client.serverTime, Date.UTC(2028, 0, 1, 0, 0, 10) / 1000);
});

Deno.test("each request is logged at debug with its route, status and duration, and never the token, path values, query or body", async () => {
  const records: LogRecord[] = [];
  configureSync({
    reset: true,
    sinks: { memory: (r) => records.push(r) },
    loggers: [
      { category: ["fast-intercom-mcp"], lowestLevel: "debug", sinks: ["memory"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: [] },
    ],
  });
  try {
    let n = 0;
    const { client } = clientAnswering(() =>
      ++n === 1 ? new Response("", { status: 502 }) : json({ data: [], pages: {} })
    );
    const secretEmail = "someone.private@example.com";
    for await (
      const _ of client.pages(ROUTES.searchContacts, {
        query: { field: "email", operator: "=", value: secretEmail },
        pagination: { per_page: 5 },
      })
    ) {
      // One page.
    }
    await client.getConversation("215470000123-secret-id").catch(() => {});
    const lines = records.map((r) =>
      `${r.level} ${r.message.map(String).join("")} ${JSON.stringify(r.properties)}`
    );
    const answered = records.filter((r) => String(r.rawMessage).includes("answered"));
    assertEquals(answered.length, 3, lines.join("\n"));
    assert(answered.every((r) => r.level === "debug"));
    assertEquals(answered[0].properties.route, "POST /contacts/search");
    assertEquals(answered[0].properties.status, 502);
    assertEquals(answered[1].properties.status, 200);
    assertEquals(typeof answered[1].properties.ms, "number");
    assertEquals(answered[2].properties.route, "GET /conversations/{id}");
    for (const line of lines) {
      for (const secret of [TOKEN, secretEmail, "215470000123-secret-id", "plaintext"]) {
        assert(!line.includes(secret), `a log line shows ${secret}: ${line}`);
      }
    }
  } finally {
    resetSync();
  }
});
