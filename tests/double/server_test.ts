// The HTTP double behaves like Intercom where a syncing client can trip: auth, paging, caps,
// rate limits, faults, and it shuts down cleanly.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { type Double, type DoubleOptions, startDouble } from "./server.ts";
import { makeRng } from "./text.ts";
import {
  addPart,
  conversationsInWindow,
  generateWorkspace,
  plainText,
  type Workspace,
} from "./workspace.ts";

const TOKEN = "server-test-token";
const NOW = Math.floor(Date.now() / 1000);

async function withDouble(
  fn: (d: Double, ws: Workspace) => Promise<void>,
  opts: Partial<DoubleOptions> & { conversations?: number } = {},
): Promise<void> {
  const ws = generateWorkspace({ seed: 2, conversations: opts.conversations ?? 150, now: NOW });
  const d = await startDouble({ workspace: ws, token: TOKEN, ...opts });
  try {
    await fn(d, ws);
  } finally {
    await d.close();
  }
}

async function get(
  d: Double,
  path: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return await fetch(d.url + path, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } });
}

async function search(d: Double, body: unknown): Promise<Response> {
  return await fetch(d.url + "/conversations/search", {
    method: "POST",
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      "Content-Type": "application/json",
      "Intercom-Version": "2.16",
    },
    body: JSON.stringify(body),
  });
}

interface Page {
  total_count: number;
  pages: {
    page: number;
    per_page: number | string;
    total_pages: number;
    next?: { page: number; starting_after: string };
  };
  conversations: Array<{ id: string; updated_at: number; conversation_parts?: unknown }>;
}

function windowQuery(since: number) {
  return {
    operator: "OR",
    value: [
      { field: "updated_at", operator: ">", value: since },
      { field: "updated_at", operator: "=", value: since },
    ],
  };
}

Deno.test("a missing or wrong token, or one revoked, gets 401 unauthorized as an error.list", async () => {
  await withDouble(async (d) => {
    const attempts: Array<Record<string, string>> = [{}, { Authorization: "Bearer wrong" }, {
      Authorization: TOKEN,
    }];
    for (const headers of attempts) {
      const res = await fetch(d.url + "/me", { headers });
      assertEquals(res.status, 401);
      const body = await res.json();
      assertEquals(body.type, "error.list");
      assertEquals(body.errors[0], { code: "unauthorized", message: "Access Token Invalid" });
      assert(typeof body.request_id === "string");
      assertEquals(res.headers.get("X-RateLimit-Limit"), null);
    }
    assertEquals((await get(d, "/me")).status, 200);
    d.revokeToken();
    const revoked = await get(d, "/me");
    assertEquals(revoked.status, 401);
    await revoked.body?.cancel();
  });
});

Deno.test("Accept must allow JSON (else 406); an unknown Intercom-Version is 400; the log records the version sent", async () => {
  await withDouble(async (d) => {
    const html = await get(d, "/me", { Accept: "text/html" });
    assertEquals(html.status, 406);
    await html.body?.cancel();
    for (
      const accept of [
        "application/json",
        "*/*",
        "application/json; charset=utf-8",
        "text/html, application/*;q=0.8",
      ]
    ) {
      const res = await get(d, "/me", { Accept: accept });
      assertEquals(res.status, 200, accept);
      await res.body?.cancel();
    }
    const bad = await get(d, "/me", { "Intercom-Version": "2.99" });
    assertEquals(bad.status, 400);
    assertEquals((await bad.json()).errors[0].code, "intercom_version_invalid");
    const ok = await get(d, "/me", { "Intercom-Version": "2.16" });
    const me = await ok.json();
    assertEquals([me.type, me.app.region, typeof me.app.id_code], ["admin", "US", "string"]);
    assertEquals(d.log.at(-1)?.intercomVersion, "2.16");
    assertEquals(d.log.at(-2)?.intercomVersion, "2.99");
    assertEquals(d.log[0].intercomVersion, null);
    assertEquals(d.log.at(-1)?.authorization, `Bearer ${TOKEN}`);
  });
});

Deno.test("paging with the cursor covers every matching conversation exactly once when nothing changes", async () => {
  await withDouble(async (d, ws) => {
    const since = NOW - 10 * 86400;
    const expected = conversationsInWindow(ws, since).map((c) => c.id);
    for (const perPage of [1, 7, 150]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await search(d, {
          query: windowQuery(since),
          pagination: { per_page: perPage, starting_after: cursor ?? null },
          sort: { field: "updated_at", order: "ascending" },
        });
        const page: Page = await res.json();
        assertEquals(page.total_count, expected.length);
        assertEquals(page.pages.page, pages + 1);
        assertEquals(Number(page.pages.per_page), perPage);
        assertEquals(page.pages.total_pages, Math.ceil(expected.length / perPage));
        assert(
          page.conversations.every((c) => c.conversation_parts === undefined),
          "search results carry no parts",
        );
        seen.push(...page.conversations.map((c) => c.id));
        cursor = page.pages.next?.starting_after;
        pages++;
      } while (cursor);
      assertEquals(seen, expected, `per_page ${perPage}`);
    }
  }, { rateLimit: { limit: 10_000 } });
});

Deno.test("a conversation updated between two page requests moves to the end and the rest shift: one is skipped", async () => {
  let touched = "";
  const ws = generateWorkspace({ seed: 2, conversations: 150, now: NOW });
  const since = NOW - 10 * 86400;
  const before = conversationsInWindow(ws, since).map((c) => c.id);
  let searches = 0;
  const d = await startDouble({
    workspace: ws,
    token: TOKEN,
    onRequest: ({ path }) => {
      if (path !== "/conversations/search" || ++searches !== 2) return;
      // Between page 1 and page 2, a customer writes in one of page 1's conversations.
      touched = before[3];
      ws.clock = () => NOW + 5;
      addPart(ws, touched, { body: "<p>One more thing…</p>" });
    },
  });
  try {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await search(d, {
        query: windowQuery(since),
        pagination: { per_page: 10, starting_after: cursor ?? null },
        sort: { field: "updated_at", order: "ascending" },
      });
      const page: Page = await res.json();
      seen.push(...page.conversations.map((c) => c.id));
      cursor = page.pages.next?.starting_after;
    } while (cursor);
    assertEquals(
      seen.filter((id) => id === touched).length,
      2,
      "the updated conversation is seen again at the end",
    );
    assertEquals(seen.at(-1), touched);
    const skipped = before.filter((id) => !seen.includes(id));
    assertEquals(
      skipped,
      [before[10]],
      "the first conversation of page 2 shifted onto page 1 and was never seen",
    );
  } finally {
    await d.close();
  }
});

Deno.test("GET /conversations/{id} caps parts at the 500 most recent and keeps the full count in statistics", async () => {
  await withDouble(async (d, ws) => {
    const long = [...ws.conversations.values()].find((c) =>
      c.conversation_parts.conversation_parts.length > 500
    )!;
    const all = long.conversation_parts.conversation_parts;
    const body = await (await get(d, `/conversations/${long.id}`)).json();
    assertEquals(body.conversation_parts.conversation_parts.length, 500);
    assertEquals(body.conversation_parts.conversation_parts[0].id, all[all.length - 500].id);
    assertEquals(body.conversation_parts.conversation_parts[499].id, all.at(-1)!.id);
    assertEquals(body.statistics.count_conversation_parts, all.length);
    const missing = await get(d, "/conversations/215470999999");
    assertEquals(missing.status, 404);
    assertEquals((await missing.json()).errors[0].code, "not_found");
    const deleted = await get(d, `/conversations/${ws.deleted[0].id}`);
    assertEquals(deleted.status, 404);
    await deleted.body?.cancel();
  });
});

Deno.test("display_as=plaintext gives plain-text bodies and subject; without it they are HTML", async () => {
  await withDouble(async (d, ws) => {
    const c = [...ws.conversations.values()].find((x) =>
      x.source.subject !== "" &&
      x.conversation_parts.conversation_parts.some((p) => p.body?.includes("<p>"))
    )!;
    const html = await (await get(d, `/conversations/${c.id}`)).json();
    const plain = await (await get(d, `/conversations/${c.id}?display_as=plaintext`)).json();
    assertEquals(html.source.body, c.source.body);
    assert(html.source.body.includes("<p>"));
    assertEquals(plain.source.body, plainText(c.source.body));
    assert(!plain.source.body.includes("<p>"));
    assertEquals(plain.source.subject, plainText(c.source.subject));
    const parts = c.conversation_parts.conversation_parts;
    for (let i = 0; i < parts.length; i++) {
      assertEquals(html.conversation_parts.conversation_parts[i].body, parts[i].body);
      const want = parts[i].body === null ? null : plainText(parts[i].body!);
      assertEquals(plain.conversation_parts.conversation_parts[i].body, want);
    }
  });
});

Deno.test("past the limit within a window the double answers 429 with rate-limit headers, then a new window opens", async () => {
  await withDouble(async (d) => {
    const started = Date.now();
    for (let i = 0; i < 3; i++) {
      const res = await get(d, "/tags");
      assertEquals(res.status, 200);
      assertEquals(res.headers.get("X-RateLimit-Limit"), "3");
      assertEquals(res.headers.get("X-RateLimit-Remaining"), String(2 - i));
      await res.body?.cancel();
    }
    const limited = await get(d, "/tags");
    assertEquals(limited.status, 429);
    assertEquals(limited.headers.get("X-RateLimit-Remaining"), "0");
    const reset = Number(limited.headers.get("X-RateLimit-Reset"));
    assert(
      reset >= Math.floor(started / 1000) + 1 && reset <= Math.ceil(Date.now() / 1000) + 1,
      `reset ${reset}`,
    );
    const body = await limited.json();
    assertEquals(body.errors[0], {
      code: "rate_limit_exceeded",
      message: "Exceeded rate limit of 3 in 1_seconds",
    });
    await new Promise((r) => setTimeout(r, reset * 1000 - Date.now() + 20));
    const again = await get(d, "/tags");
    assertEquals(again.status, 200);
    assertEquals(again.headers.get("X-RateLimit-Remaining"), "2");
    await again.body?.cancel();
  }, { rateLimit: { limit: 3, windowSeconds: 1 } });
});

Deno.test("faults happen at the configured rates, drawn from the seeded PRNG, and all of them look as promised", async () => {
  const faults = {
    rate429: 0.1,
    rate503Html: 0.1,
    rateEmpty200: 0.1,
    rateReset: 0.1,
    rateMalformed: 0.1,
    seed: 4,
  };
  await withDouble(async (d) => {
    const seenByClient: Record<string, number> = {};
    const note = (k: string) => seenByClient[k] = (seenByClient[k] ?? 0) + 1;
    for (let i = 0; i < 400; i++) {
      let res: Response;
      try {
        res = await get(d, "/me");
      } catch {
        note("dropped");
        continue;
      }
      const text = await res.text();
      const type = res.headers.get("Content-Type") ?? "";
      if (res.status === 503) {
        assert(type.startsWith("text/html") && text.includes("<html>"));
        note("503");
      } else if (res.status === 429) {
        assertEquals(JSON.parse(text).errors[0].code, "rate_limit_exceeded");
        assertEquals(res.headers.get("X-RateLimit-Remaining"), "0");
        note("429");
      } else if (text === "") {
        note("empty");
      } else {
        try {
          JSON.parse(text);
          note("ok");
        } catch {
          note("malformed");
        }
      }
    }
    // The server drew one number per request it saw; replaying the PRNG gives the exact counts.
    const stats = d.stats();
    const rng = makeRng(4);
    const expected: Record<string, number> = {};
    const kinds = ["429", "503", "empty", "reset", "malformed"];
    for (let i = 0; i < stats.requests; i++) {
      const k = kinds[Math.floor(rng() / 0.1)] ?? "ok";
      expected[k] = (expected[k] ?? 0) + 1;
    }
    assertEquals(stats.byStatus["429"], expected["429"]);
    assertEquals(stats.byStatus["503"], expected["503"]);
    assertEquals(stats.byStatus["reset"], expected["reset"]);
    assertEquals(stats.byStatus["200"], expected["empty"] + expected["malformed"] + expected["ok"]);
    for (const k of ["429", "503", "empty", "malformed"]) {
      assertEquals(seenByClient[k], expected[k], k);
      assert(
        Math.abs(expected[k] / stats.requests - 0.1) < 0.05,
        `${k} at ${expected[k]}/${stats.requests}`,
      );
    }
    // Deno's fetch silently retries some requests whose pooled connection dropped.
    assert(seenByClient["dropped"] > 0 && seenByClient["dropped"] <= expected["reset"]);
  }, { faults });
});

Deno.test("requests matching hang never answer until the client gives up; latency delays answers", async () => {
  await withDouble(async (d) => {
    await assertRejects(() => fetch(d.url + "/me", { signal: AbortSignal.timeout(100) }));
    d.setFaults(undefined);
    d.setLatency(80);
    const start = performance.now();
    const res = await get(d, "/me");
    await res.body?.cancel();
    assert(performance.now() - start >= 75, "latency applied");
    assertEquals(d.stats().byStatus["hang"], 1);
  }, { faults: { hang: (path) => path === "/me" } });
});

Deno.test("GET /conversations/deleted pages by number, newest first, with pages.next a URL string until the last page", async () => {
  await withDouble(async (d, ws) => {
    const seen: Array<{ id: string; deleted_at: number }> = [];
    let next: string | undefined = `${d.url}/conversations/deleted?per_page=4`;
    let pages = 0;
    while (next) {
      const res: Response = await fetch(next, { headers: { Authorization: `Bearer ${TOKEN}` } });
      const body: {
        type: string;
        total_count: number;
        pages: { page: number; next?: string };
        conversations: Array<
          { type: string; id: string; deleted_at: number; metrics_retained: unknown }
        >;
      } = await res.json();
      assertEquals([body.type, body.total_count, body.pages.page], [
        "conversations.list",
        ws.deleted.length,
        pages + 1,
      ]);
      for (const c of body.conversations) {
        assertEquals(c.type, "conversation");
        assertEquals(typeof c.metrics_retained, "boolean");
      }
      seen.push(...body.conversations);
      next = body.pages.next;
      assert(next === undefined || typeof next === "string");
      pages++;
    }
    assertEquals(pages, Math.ceil(ws.deleted.length / 4));
    assertEquals(seen.map((c) => c.id).sort(), ws.deleted.map((c) => c.id).sort());
    for (let i = 1; i < seen.length; i++) assert(seen[i - 1].deleted_at >= seen[i].deleted_at);
    const asc = await (await get(d, `/conversations/deleted?order=asc&per_page=60`)).json();
    assertEquals(asc.conversations.map((c: { id: string }) => c.id), ws.deleted.map((c) => c.id));
    for (const bad of ["per_page=61", "order=newest", "page=0"]) {
      const res = await get(d, `/conversations/deleted?${bad}`);
      assertEquals(res.status, 400, bad);
      await res.body?.cancel();
    }
  }, { conversations: 500 });
});

Deno.test("contacts answer 200, 404 when unknown and 410 contact_merged with a Link to the canonical contact", async () => {
  await withDouble(async (d, ws) => {
    const merged = [...ws.contacts.values()].find((c) => c.merged_into)!;
    const gone = await get(d, `/contacts/${merged.id}`);
    assertEquals(gone.status, 410);
    assertEquals(gone.headers.get("Link"), `</contacts/${merged.merged_into}>; rel="canonical"`);
    assertEquals((await gone.json()).errors[0].code, "contact_merged");
    const canonical = await (await get(d, `/contacts/${merged.merged_into}`)).json();
    assertEquals([canonical.type, canonical.email], ["contact", merged.email]);
    assert(!("merged_into" in canonical));
    const unknown = await get(d, "/contacts/ffffffffffffffffffffffff");
    assertEquals(unknown.status, 404);
    await unknown.body?.cancel();
    const admins = await (await get(d, "/admins")).json();
    const teams = await (await get(d, "/teams")).json();
    const tags = await (await get(d, "/tags")).json();
    assertEquals([admins.type, teams.type, tags.type], ["admin.list", "team.list", "list"]);
    assertEquals(admins.admins.length, ws.admins.length);
    const route = await get(d, "/conversations/1/reply");
    assertEquals(route.status, 404);
    await route.body?.cancel();
  });
});

Deno.test("stats count requests by route and status, onRequest sees a running count, and the log keeps POST bodies", async () => {
  const counts: number[] = [];
  await withDouble(async (d, ws) => {
    await (await get(d, "/me")).body?.cancel();
    await (await get(d, `/conversations/${ws.conversations.keys().next().value}`)).body?.cancel();
    await (await get(d, "/nope")).body?.cancel();
    const body = {
      query: { field: "state", operator: "=", value: "open" },
      pagination: { per_page: 2 },
    };
    await (await search(d, body)).body?.cancel();
    await (await search(d, { query: body.query, sort: { field: "updated_at", order: "desc" } }))
      .body?.cancel();
    assertEquals(d.stats(), {
      requests: 5,
      byRoute: {
        "GET /me": 1,
        "GET /conversations/{id}": 1,
        "unmatched": 1,
        "POST /conversations/search": 2,
      },
      byStatus: { "200": 3, "404": 1, "400": 1 },
    });
    assertEquals(d.log[3].body, body);
    assertEquals(d.log[4].status, 400);
    assertEquals(counts, [1, 2, 3, 4, 5]);
    d.resetStats();
    assertEquals([d.stats().requests, d.log.length], [0, 0]);
  }, { onRequest: ({ count }) => void counts.push(count) });
});

Deno.test("close() ends hung and delayed requests and leaves no timer, socket or server running", async () => {
  const ws = generateWorkspace({ seed: 2, conversations: 20, now: NOW });
  const d = await startDouble({
    workspace: ws,
    token: TOKEN,
    latencyMs: 60_000,
    faults: { hang: (path) => path === "/hang" },
  });
  const outcome = (path: string) =>
    fetch(d.url + path, { headers: { Authorization: `Bearer ${TOKEN}` } }).then(
      (res) => `answered ${res.status}`,
      () => "failed",
    );
  const hung = outcome("/hang");
  const slow = outcome("/me");
  // Let both requests reach the double before closing it.
  while (d.stats().requests < 2) await new Promise((r) => setTimeout(r, 5));
  await d.close();
  assertEquals(await hung, "failed");
  assertEquals(await slow, "failed");
  await assertRejects(() => fetch(d.url + "/me"));
  // Deno's sanitizers fail this test if a timer, socket or listener outlives close().
});

Deno.test("an onRequest that throws answers 500 and makes close() reject with its error", async () => {
  const ws = generateWorkspace({ seed: 2, conversations: 20, now: NOW });
  const d = await startDouble({
    workspace: ws,
    token: TOKEN,
    onRequest: () => {
      throw new Error("bug in the test's hook");
    },
  });
  const res = await get(d, "/me");
  assertEquals(res.status, 500);
  await res.body?.cancel();
  await assertRejects(() => d.close(), /bug in the test's hook/);
});
