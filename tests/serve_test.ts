// `serve` as a team meets it: the real program started with `deno run` and its declared
// permissions, listening on 127.0.0.1, driven by the SDK's Streamable HTTP client, against a
// cache synced from the HTTP double of Intercom. Every server is stopped with a signal and must
// exit 0; neither token may ever reach its stderr or the log file.

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { logPath } from "../src/config.ts";
import { TOOLS } from "../src/tools/mod.ts";
import type { CallToolResult } from "../src/mcp/sdk.ts";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { copyDir, syncInto, tempDir, TOKEN, waitFor } from "./cache_check.ts";
import { type Double, type DoubleOptions, startDouble } from "./double/server.ts";
import { createConversation, generateWorkspace, type Workspace } from "./double/workspace.ts";
import { Client, INITIALIZE } from "./mcp_client.ts";
import { programArgs, testEnv } from "./program.ts";

const SERVER_TOKEN = `test-server-token-${crypto.randomUUID()}`;
/** Every tool the server has: the one list in src/tools/mod.ts. */
const TOOL_NAMES = TOOLS.map((t) => t.name).sort();

// The shared cache: a generated workspace plus conversations about a rare word, synced once.
const ws = generateWorkspace({ seed: 7, conversations: 60 });
for (let i = 0; i < 3; i++) {
  createConversation(ws, {
    body: `<p>The wombat export number ${i} stopped working.</p>`,
    email: `wombat${i}@example.com`,
  });
}
const sharedDir = tempDir();
{
  const double = await startDouble({ workspace: ws, token: TOKEN });
  try {
    await syncInto(sharedDir, double.url);
  } finally {
    await double.close();
  }
}
globalThis.addEventListener("unload", () => Deno.removeSync(sharedDir, { recursive: true }));

// deno-lint-ignore no-explicit-any
type Json = any;

interface Served extends AsyncDisposable {
  port: number;
  /** http://127.0.0.1:PORT/mcp */
  url: string;
  dir: string;
  double: Double;
  stderr(): string;
  /** Sends the signal and waits for the exit: the status and how long it took. */
  stop(signal?: Deno.Signal): Promise<{ code: number; ms: number }>;
}

interface ServeOptions {
  dir?: string;
  workspace?: Workspace;
  double?: Partial<DoubleOptions>;
  /** Added to the environment; FASTINTERCOM_SERVER_TOKEN: "" leaves the variable out. */
  env?: Record<string, string>;
  /** Checked never to appear on stderr or in the log file; default both tokens. */
  secrets?: string[];
}

/** A port that was free a moment ago: bound on 127.0.0.1 by the system, then let go. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function serve(opts: ServeOptions = {}): Promise<Served> {
  const double = await startDouble({
    workspace: opts.workspace ?? ws,
    token: TOKEN,
    ...opts.double,
  });
  const dir = opts.dir ?? sharedDir;
  const port = freePort();
  const env: Record<string, string> = {
    ...testEnv(dir, double.url, TOKEN),
    NO_COLOR: "1",
    TZ: "UTC",
    FASTINTERCOM_SERVER_TOKEN: SERVER_TOKEN,
    ...opts.env,
  };
  if (env.FASTINTERCOM_SERVER_TOKEN === "") delete env.FASTINTERCOM_SERVER_TOKEN;
  const child = new Deno.Command(Deno.execPath(), {
    args: programArgs(["serve", "--port", String(port)]),
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const decoder = new TextDecoder();
  const reading = child.stderr.pipeTo(
    new WritableStream({ write: (chunk) => void (stderr += decoder.decode(chunk)) }),
  );
  const stdout = new Response(child.stdout).text();
  let exited: { code: number } | null = null;
  const status = child.status.then((s) => (exited = s));

  const ready = async () => {
    for (let i = 0; i < 150; i++) {
      if (exited) {
        throw new Error(`serve exited with ${exited.code} before it was ready:\n${stderr}`);
      }
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        await response.body?.cancel();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`serve did not answer /health within 15 s:\n${stderr}`);
  };
  try {
    await ready();
  } catch (e) {
    if (!exited) child.kill("SIGKILL");
    await status;
    await double.close();
    throw e;
  }

  const stop = async (signal: Deno.Signal = "SIGTERM") => {
    const started = performance.now();
    if (!exited) child.kill(signal);
    const { code } = await status;
    await reading;
    return { code, ms: performance.now() - started };
  };
  return {
    port,
    url: `http://127.0.0.1:${port}/mcp`,
    dir,
    double,
    stderr: () => stderr,
    stop,
    async [Symbol.asyncDispose]() {
      try {
        const { code } = await stop();
        assertEquals(code, 0, `serve exits 0 on SIGTERM; stderr:\n${stderr}`);
        assertEquals(await stdout, "", "serve writes nothing on stdout");
      } finally {
        await double.close();
      }
      const log = Deno.readTextFileSync(logPath(dir));
      for (const secret of opts.secrets ?? [SERVER_TOKEN, TOKEN]) {
        assert(!stderr.includes(secret), "a token is not on stderr");
        assert(!log.includes(secret), "a token is not in the log file");
      }
    },
  };
}

interface Connected extends AsyncDisposable {
  client: Client;
  transport: StreamableHTTPClientTransport;
  /** Calls a tool and expects an answer, not an error; returns its structuredContent. */
  ok(name: string, args?: Record<string, unknown>): Promise<Json>;
}

async function connect(
  url: string,
  token = SERVER_TOKEN,
  headers: Record<string, string> = {},
): Promise<Connected> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}`, ...headers } },
  });
  const client = new Client({ name: "fast-intercom-mcp-tests", version: "0.0.0" });
  await client.connect(transport);
  // The client checks structuredContent against the outputSchema only of tools it has listed.
  await client.listTools();
  return {
    client,
    transport,
    async ok(name, args = {}) {
      const result = await client.callTool({ name, arguments: args }) as CallToolResult;
      assert(!result.isError, `${name} ${JSON.stringify(args)} failed: ${JSON.stringify(result)}`);
      assert(result.structuredContent, `${name} returned structuredContent`);
      return result.structuredContent as Json;
    },
    async [Symbol.asyncDispose]() {
      await client.close();
    },
  };
}

/** POSTs an initialize by hand, so that headers the SDK sets itself can be chosen. */
function initialize(port: number, headers: Record<string, string>): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/mcp`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      ...headers,
    },
    body: INITIALIZE,
  });
}

/** The status line of a request written on a raw socket: fetch will not send any Host header. */
async function statusWithHost(port: number, host: string, path = "/health"): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const request =
      `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${SERVER_TOKEN}` +
      `\r\nAccept: application/json, text/event-stream\r\nConnection: close\r\n\r\n`;
    await conn.write(new TextEncoder().encode(request));
    const buffer = new Uint8Array(4096);
    const n = await conn.read(buffer);
    const head = new TextDecoder().decode(buffer.subarray(0, n ?? 0));
    return Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  } finally {
    conn.close();
  }
}

// ---------------------------------------------------------------------------------------------

Deno.test("serve answers every tool, the conversation resource and the prompts over HTTP", async () => {
  await using s = await serve();
  await using c = await connect(s.url);
  const { tools } = await c.client.listTools();
  assertEquals(tools.map((t) => t.name).sort(), TOOL_NAMES);

  const status = await c.ok("get_server_status");
  assertEquals(status.cache.conversations, 63);
  const found = await c.ok("search_conversations", { query: "wombat" });
  assertEquals(found.total, 3);
  const id = found.conversations[0].id;
  const thread = await c.ok("get_conversation", { conversation_id: id });
  assertEquals(thread.id, id);
  assertMatch(JSON.stringify(thread.entries[0]), /wombat/);
  const articles = await c.ok("search_articles", { query: "refunds" });
  assert(articles.total > 0, "help-center articles are searched over HTTP too");
  const article = await c.ok("get_article", { article_id: articles.articles[0].id });
  assertEquals(article.title, articles.articles[0].title);
  await c.client.callTool({ name: "get_article", arguments: { article_id: "x" } }).then(
    (r) => assert(r.isError, "a bad article id is a tool error"),
  );
  const customers = await c.ok("search_contacts", { limit: 1 });
  const customer = await c.ok("get_contact", { contact_id: customers.contacts[0].id });
  assertEquals(customer.conversations_total, customers.contacts[0].conversations);
  const tickets = await c.ok("search_tickets", { limit: 1 });
  assert(tickets.total > 0, "tickets are searched over HTTP too");
  const ticket = await c.ok("get_ticket", { ticket_id: tickets.tickets[0].id });
  assertEquals(ticket.title, tickets.tickets[0].title);
  await c.client.callTool({ name: "get_ticket", arguments: { ticket_id: "a b" } }).then(
    (r) => assert(r.isError, "a bad ticket id is a tool error"),
  );
  const synced = await c.ok("sync_conversations", {});
  assertEquals(synced.kind, "incremental");
  assertEquals(synced.conversations_cached, 63);
  const results = await c.ok("search", { query: "wombat" });
  assertEquals(
    results.results.map((r: { id: string }) => r.id).sort(),
    found.conversations.map((r: { id: string }) => `conversation:${r.id}`).sort(),
  );
  const doc = await c.ok("fetch", { id });
  assertEquals(doc.id, `conversation:${id}`, "a bare id is a conversation's");
  assertMatch(doc.text, /wombat/);

  const { resources } = await c.client.listResources();
  assert(resources.some((r) => r.uri === `intercom://conversation/${id}`));
  const read = await c.client.readResource({ uri: `intercom://conversation/${id}` });
  assertMatch(JSON.stringify(read.contents[0]), /wombat/);
  const { prompts } = await c.client.listPrompts();
  assertEquals(prompts.map((p) => p.name).sort(), [
    "customer_history",
    "team_month",
    "triage_open",
    "weekly_digest",
  ]);
  const prompt = await c.client.getPrompt({
    name: "customer_history",
    arguments: { email: "wombat1@example.com" },
  });
  assertMatch(JSON.stringify(prompt.messages), /wombat1@example.com/);
});

Deno.test("serve gives each client its own session, and a DELETE ends it", async () => {
  await using s = await serve();
  await using a = await connect(s.url);
  await using b = await connect(s.url);
  assert(a.transport.sessionId && b.transport.sessionId, "both have a session id");
  assert(a.transport.sessionId !== b.transport.sessionId, "the session ids differ");
  await a.transport.terminateSession();
  const gone = await fetch(s.url, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${SERVER_TOKEN}`,
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      "Mcp-Session-Id": a.transport.sessionId!,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }),
  });
  await gone.body?.cancel();
  assertEquals(gone.status, 404, "a deleted session is not found");
  assertEquals((await b.ok("get_server_status")).cache.conversations, 63, "the other goes on");
});

Deno.test("two clients at once share one cache and one sync", async () => {
  const workspace = generateWorkspace({ seed: 11, conversations: 40 });
  const dir = tempDir();
  try {
    await using s = await serve({ dir, workspace, double: { latencyMs: 20 } });
    await using a = await connect(s.url);
    await using b = await connect(s.url);
    // Both ask at once: the second call joins the sync the first started.
    const [fromA, fromB] = await Promise.all([
      a.ok("sync_conversations", {}),
      b.ok("sync_conversations", {}),
    ]);
    assertEquals(fromA.kind, "initial");
    assertEquals(fromB, fromA, "both calls saw the one sync");
    assertEquals(fromA.conversations_cached, 40);
    const [statusA, statusB] = await Promise.all([
      a.ok("get_server_status"),
      b.ok("get_server_status"),
    ]);
    assertEquals(statusA.cache, statusB.cache);
    assertEquals(statusB.cache.conversations, 40);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("serve sends a log line only to the session it concerns, and only when asked or at warning and above", async () => {
  await using s = await serve();
  const listen = async () => {
    const c = await connect(s.url);
    const heard: string[] = [];
    c.client.setNotificationHandler(
      LoggingMessageNotificationSchema,
      (n) => void heard.push(`${n.params.level} ${n.params.data}`),
    );
    return Object.assign(c, { heard });
  };
  await using chatty = await listen();
  await using quiet = await listen();
  await using silent = await listen();
  await chatty.client.setLoggingLevel("debug");
  await quiet.client.setLoggingLevel("info");
  // The lines travel on each client's standing GET stream, which opens just after connecting.
  for (let i = 0; i < 20 && !chatty.heard.some((l) => /answered in/.test(l)); i++) {
    await chatty.ok("get_server_status");
    await new Promise((r) => setTimeout(r, 100));
  }
  assert(
    chatty.heard.some((l) => /^debug get_server_status answered in/.test(l)),
    `the debug line reached the session that asked for debug: ${chatty.heard}`,
  );
  // Arguments chatty's call had refused: a line about chatty alone.
  const refused = await chatty.client.callTool({
    name: "get_conversation",
    arguments: { conversation_id: "secret-looking-argument" },
  }) as CallToolResult;
  assert(refused.isError, "the call was refused");
  await waitFor("the refusal line", () => chatty.heard.some((l) => /refused/.test(l)));
  // A sync is the whole server's news: every session that asked for info hears it.
  await chatty.ok("sync_conversations", {});
  await waitFor("the sync line", () => quiet.heard.some((l) => /^info Sync \(\w+\) done/.test(l)));
  // A fourth client's arrival is its own business.
  await using _fourth = await connect(s.url);
  await new Promise((r) => setTimeout(r, 300));

  for (const other of [quiet, silent]) {
    assertEquals(other.heard.filter((l) => /secret-looking|answered in|Session/.test(l)), []);
  }
  assertEquals(chatty.heard.filter((l) => /Session .* opened/.test(l)), []);
  assertEquals(quiet.heard.filter((l) => l.startsWith("debug")), [], "no debug line for info");
  assertEquals(
    silent.heard.filter((l) => /^(debug|info)/.test(l)),
    [],
    "a client that never asked hears no info line",
  );
});

Deno.test("serve refuses a request without the token, or with a wrong one, with 401 and WWW-Authenticate: Bearer", async () => {
  await using s = await serve();
  const missing = await initialize(s.port, {});
  await missing.body?.cancel();
  assertEquals(missing.status, 401);
  assertMatch(missing.headers.get("www-authenticate") ?? "", /^Bearer\b/);

  const wrong = await initialize(s.port, { Authorization: `Bearer ${SERVER_TOKEN}x` });
  await wrong.body?.cancel();
  assertEquals(wrong.status, 401);
  assertMatch(wrong.headers.get("www-authenticate") ?? "", /^Bearer .*invalid_token/);

  // Nor is the Intercom token a key to the server.
  const intercom = await initialize(s.port, { Authorization: `Bearer ${TOKEN}` });
  await intercom.body?.cancel();
  assertEquals(intercom.status, 401);

  const refused = await connect(s.url, "not-the-server-token").then(() => null, (e: Error) => e);
  assert(refused, "the SDK client cannot connect with a wrong token");

  const right = await initialize(s.port, { Authorization: `Bearer ${SERVER_TOKEN}` });
  await right.body?.cancel();
  assertEquals(right.status, 200);
});

Deno.test("serve refuses a web page of another origin and a Host that names another server with 403", async () => {
  await using s = await serve();
  const auth = { Authorization: `Bearer ${SERVER_TOKEN}` };
  for (const origin of ["http://evil.example", `http://evil.example:${s.port}`, "null"]) {
    const foreign = await initialize(s.port, { ...auth, Origin: origin });
    await foreign.body?.cancel();
    assertEquals(foreign.status, 403, `Origin ${origin}`);
  }
  for (const origin of [`http://localhost:${s.port}`, `http://127.0.0.1:${s.port}`]) {
    const own = await initialize(s.port, { ...auth, Origin: origin });
    await own.body?.cancel();
    assertEquals(own.status, 200, `Origin ${origin}`);
  }

  for (const host of ["evil.example", `evil.example:${s.port}`, `127.0.0.1:${s.port + 1}`, ""]) {
    assertEquals(await statusWithHost(s.port, host), 403, `Host "${host}"`);
    assertEquals(await statusWithHost(s.port, host, "/mcp"), 403, `Host "${host}" on /mcp`);
  }
  for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, `[::1]:${s.port}`]) {
    assertEquals(await statusWithHost(s.port, host), 200, `Host "${host}"`);
  }
});

Deno.test("/health answers {status: ok} without the token and reveals nothing else", async () => {
  await using s = await serve();
  const health = await fetch(`http://127.0.0.1:${s.port}/health`);
  assertEquals(health.status, 200);
  assertEquals(await health.text(), '{"status":"ok"}');
  const other = await fetch(`http://127.0.0.1:${s.port}/status`);
  await other.body?.cancel();
  assertEquals(other.status, 404);
});

Deno.test("neither token reaches stderr or the log file, even at DEBUG", async () => {
  const dir = copyDir(sharedDir);
  try {
    await using s = await serve({ dir, env: { FASTINTERCOM_LOG_LEVEL: "DEBUG" } });
    await using c = await connect(s.url);
    await c.ok("sync_conversations", { force: true });
    await c.ok("search_conversations", { query: "wombat" });
    const wrong = await initialize(s.port, { Authorization: `Bearer ${SERVER_TOKEN}x` });
    await wrong.body?.cancel();
    // The checks themselves run as the server is disposed of.
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("without FASTINTERCOM_SERVER_TOKEN the first serve makes a token, stores it 0600 and shows it once", async () => {
  const dir = copyDir(sharedDir);
  try {
    let token: string;
    {
      await using s = await serve({
        dir,
        env: { FASTINTERCOM_SERVER_TOKEN: "" },
        secrets: [TOKEN],
      });
      token = Deno.readTextFileSync(`${dir}/server_token`).trim();
      assertMatch(token, /^[A-Za-z0-9_-]{43}$/, "32 random bytes in base64url");
      if (Deno.build.os !== "windows") {
        assertEquals(Deno.statSync(`${dir}/server_token`).mode! & 0o777, 0o600);
      }
      assertEquals(s.stderr().split(token).length - 1, 1, "the token is shown once");
      assert(s.stderr().includes(`${dir}/server_token`), "with where it is stored");
      await using c = await connect(s.url, token);
      assertEquals((await c.ok("get_server_status")).cache.conversations, 63);
    }
    {
      await using s = await serve({
        dir,
        env: { FASTINTERCOM_SERVER_TOKEN: "" },
        secrets: [token],
      });
      await using c = await connect(s.url, token);
      assertEquals((await c.ok("get_server_status")).cache.conversations, 63, "the same token");
    }
    assert(!Deno.readTextFileSync(logPath(dir)).includes(token), "never in the log file");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("SIGTERM while a call is in flight ends serve with exit 0 within a few seconds", async () => {
  const dir = copyDir(sharedDir);
  try {
    await using s = await serve({ dir, double: { latencyMs: 100 } });
    const c = await connect(s.url);
    const call = c.client.callTool({ name: "sync_conversations", arguments: { force: true } })
      .then((r) => ({ ok: !(r as CallToolResult).isError }), (e: Error) => ({ ok: false, e }));
    await waitFor("the sync to reach Intercom", () => s.double.stats().requests > 3);
    const { code, ms } = await s.stop("SIGTERM");
    assertEquals(code, 0, `exit status; stderr:\n${s.stderr()}`);
    assert(ms < 9_000, `stopped in ${Math.round(ms)} ms`);
    // Completed within the grace period, or failed as a closed connection: either way, settled.
    const settled = await Promise.race([call, new Promise((r) => setTimeout(() => r(null), 3000))]);
    assertEquals(settled, { ok: true }, "the call finished within the grace period");
    assertMatch(s.stderr(), /Shutting down: .* 1 calls in flight/);
    await c.client.close().catch(() => {});
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a call still running when the grace period ends is cut off, and serve still exits 0", async () => {
  const dir = copyDir(sharedDir);
  try {
    // Reads of whole conversations never answer: the sync waits on them until it is aborted.
    await using s = await serve({
      dir,
      double: { faults: { hang: (path) => /^\/conversations\/\d+$/.test(path) } },
    });
    const c = await connect(s.url);
    const call = c.client.callTool({ name: "sync_conversations", arguments: { force: true } })
      .then((r) => r as CallToolResult, (e: Error) => e);
    await waitFor("a read to hang", () => s.double.stats().byStatus.hang > 0);
    const { code, ms } = await s.stop("SIGTERM");
    assertEquals(code, 0, `exit status; stderr:\n${s.stderr()}`);
    assert(ms > 4_000 && ms < 9_000, `stopped in ${Math.round(ms)} ms, after the grace period`);
    const settled = await Promise.race([call, new Promise((r) => setTimeout(() => r(null), 3000))]);
    assert(settled && !(settled instanceof Error), `the call was answered: ${settled}`);
    assert((settled as CallToolResult).isError, "with a tool error");
    assertMatch(JSON.stringify(settled), /shutting down/);
    assertMatch(s.stderr(), /Cutting off 1 calls/);
    await c.client.close().catch(() => {});
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("SIGINT stops serve too, with exit 0", async () => {
  await using s = await serve();
  await using c = await connect(s.url);
  await c.ok("get_server_status");
  const { code, ms } = await s.stop("SIGINT");
  assertEquals(code, 0);
  assert(ms < 9_000, `stopped in ${Math.round(ms)} ms`);
});

Deno.test("serve on an address its permissions do not cover fails, naming the --allow-net flag to add", async () => {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: programArgs(["serve", "--host", "0.0.0.0", "--port", String(port)]),
    env: {
      ...testEnv(sharedDir, null, null),
      NO_COLOR: "1",
      FASTINTERCOM_SERVER_TOKEN: SERVER_TOKEN,
    },
    clearEnv: true,
    stdin: "null",
  });
  const out = await child.output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 1, stderr);
  assertMatch(stderr, new RegExp(`--allow-net=\\S*0\\.0\\.0\\.0:${port}`));
});

/** A raw POST to /mcp with the token, in a session or none. */
function post(port: number, body: BodyInit, session?: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/mcp`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${SERVER_TOKEN}`,
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      ...(session ? { "Mcp-Session-Id": session } : {}),
    },
    body,
  });
}

Deno.test("serve answers a Host header that is no host name with 400, without a stack trace", async () => {
  await using s = await serve();
  for (const host of ["a b", "[", "x:99999", "%zz"]) {
    assertEquals(await statusWithHost(s.port, host, "/mcp"), 400, `Host "${host}"`);
  }
  assert(!/TypeError|\n\s+at /.test(s.stderr()), `no stack trace on stderr:\n${s.stderr()}`);
});

Deno.test("serve answers the probes clients make before initialize as the transport specification says", async () => {
  await using s = await serve();
  // GET for the event stream before a session exists: no stream is offered there (405).
  const stream = await fetch(s.url, {
    headers: { Authorization: `Bearer ${SERVER_TOKEN}`, Accept: "text/event-stream" },
  });
  assertEquals(stream.status, 405);
  assertMatch(stream.headers.get("allow") ?? "", /POST/);
  assertEquals((await stream.json()).jsonrpc, "2.0");
  // A request other than initialize without a session: 400, answering the request's id.
  const early = await post(s.port, JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/list" }));
  assertEquals(early.status, 400);
  const body = await early.json();
  assertEquals(body.id, 7);
  assertMatch(body.error.message, /initialize/);
  // Where a client looks for OAuth after a 401, it learns that the server takes a token.
  const oauth = await fetch(`http://127.0.0.1:${s.port}/.well-known/oauth-protected-resource`);
  assertEquals(oauth.status, 404);
  assertMatch((await oauth.json()).error.message, /Authorization: Bearer/);
});

Deno.test("20 parallel 4 MB tools/call bodies on one session are refused with 413, and serve goes on", async () => {
  await using s = await serve();
  await using c = await connect(s.url);
  const session = c.transport.sessionId!;
  const huge = JSON.stringify({
    jsonrpc: "2.0",
    id: 99,
    method: "tools/call",
    params: { name: "search_conversations", arguments: { query: "x".repeat(4 * 1024 * 1024) } },
  });
  const health = fetch(`http://127.0.0.1:${s.port}/health`);
  const statuses = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const response = await post(s.port, huge, session);
      await response.body?.cancel();
      return response.status;
    }),
  );
  assertEquals(statuses, Array(20).fill(413));
  // One streamed without a Content-Length is cut off as it passes the bound too.
  const chunk = new TextEncoder().encode(huge.slice(0, 1024 * 1024));
  let sent = 0;
  const streamed = await post(
    s.port,
    new ReadableStream({
      pull(controller) {
        if (sent++ < 4) controller.enqueue(chunk);
        else controller.close();
      },
    }),
    session,
  );
  await streamed.body?.cancel();
  assertEquals(streamed.status, 413);
  assertEquals((await health).status, 200, "/health answered meanwhile");
  assertEquals((await c.ok("get_server_status")).cache.conversations, 63, "the session goes on");
});

Deno.test("serve bounds requests in flight, 8 per session and 32 in all, answering 429 past them", async () => {
  // Conversations the cache does not hold: get_conversation reads each from the slow double.
  const workspace = generateWorkspace({ seed: 7, conversations: 60 });
  const uncached = Array.from(
    { length: 45 },
    () => createConversation(workspace, { body: "<p>not cached</p>" }),
  ).filter((id) => !ws.conversations.has(id));
  assert(uncached.length >= 34, "enough conversations the cache does not hold");
  const dir = copyDir(sharedDir);
  try {
    await using s = await serve({
      dir,
      workspace,
      double: { latencyMs: 2000 },
      env: { FASTINTERCOM_MAX_SYNC_AGE_MINUTES: "600" },
    });
    const clients = await Promise.all(Array.from({ length: 5 }, () => connect(s.url)));
    try {
      const call = (c: Connected, id: string) =>
        c.client.callTool({ name: "get_conversation", arguments: { conversation_id: id } })
          .then(() => "answered", (e: Error) => e.message);
      const first = clients[0];
      const eight = uncached.slice(0, 8).map((id) => call(first, id));
      await waitFor("8 reads in flight", () => s.double.stats().requests >= 8);
      const ninth = await call(first, uncached[8]);
      assertMatch(ninth, /Too many requests in flight \(8 on this session\)/);
      const raw = await post(
        s.port,
        JSON.stringify({ jsonrpc: "2.0", id: 41, method: "tools/list" }),
        first.transport.sessionId,
      );
      assertEquals([raw.status, raw.headers.get("retry-after")], [429, "1"]);
      assertEquals((await raw.json()).id, 41, "the refusal answers the request");
      const more = clients.slice(1, 4).flatMap((c, i) =>
        uncached.slice(9 + 8 * i, 17 + 8 * i).map((id) => call(c, id))
      );
      await waitFor("32 reads in flight", () => s.double.stats().requests >= 32);
      const past = await call(clients[4], uncached[33]);
      assertMatch(past, /Too many requests in flight \(32 on this server\)/);
      const health = await fetch(`http://127.0.0.1:${s.port}/health`);
      assertEquals(health.status, 200, "/health answers with every slot taken");
      await health.body?.cancel();
      assertEquals(await Promise.all([...eight, ...more]), Array(32).fill("answered"));
      assertEquals(await call(clients[4], uncached[33]), "answered", "room again once they end");
    } finally {
      for (const c of clients) await c.client.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("at 100 sessions a new client evicts the least recently used idle one instead of waiting", async () => {
  await using s = await serve();
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    const response = await initialize(s.port, { Authorization: `Bearer ${SERVER_TOKEN}` });
    await response.body?.cancel();
    assertEquals(response.status, 200);
    ids.push(response.headers.get("mcp-session-id")!);
  }
  await using c = await connect(s.url);
  assertEquals((await c.ok("get_server_status")).cache.conversations, 63, "the newcomer is served");
  const ping = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" });
  const oldest = await post(s.port, ping, ids[0]);
  await oldest.body?.cancel();
  assertEquals(oldest.status, 404, "the least recently used session made room");
  const recent = await post(s.port, ping, ids[99]);
  await recent.body?.cancel();
  assertEquals(recent.status, 200, "a recent one stays");
});
