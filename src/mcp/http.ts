// `serve`: the MCP server over Streamable HTTP, for a team. One app, one cache and one background
// sync for every session (src/mcp/sessions.ts). Each request passes the guards in turn (Host and
// Origin, the token, the body's size) before it reaches a session; a signal stops it gracefully.

import type { App } from "../app.ts";
import { ConfigError, logPath } from "../config.ts";
import { REGION_HOSTS } from "../intercom/regions.ts";
import { getLogger, setupLogging } from "../log.ts";
import { VERSION } from "../version.ts";
import { DEFAULT_HOST, DEFAULT_PORT, listenAddress } from "./address.ts";
import { serverToken } from "./auth.ts";
import { clientLogSink } from "./client_log.ts";
import { type AuthGuard, authGuard } from "./guard_auth.ts";
import { readJsonBody } from "./guard_body.ts";
import { type Bound, boundOf, checkHost } from "./guard_host.ts";
import { refuse, requestIdOf } from "./reply.ts";
import { isInitializeRequest } from "./sdk.ts";
import { backgroundSync, createServer } from "./server.ts";
import { Sessions } from "./sessions.ts";

const log = getLogger(["fast-intercom-mcp", "http"]);

/** How long shutdown lets calls in flight run before cutting them off. */
const GRACE_MS = 5_000;
/** How long a call that was told to stop has to send its error. */
const CUT_OFF_MS = 2_000;

export interface HttpOptions {
  /** The address to listen on; "localhost" means 127.0.0.1. */
  hostname: string;
  port: number;
  /** FASTINTERCOM_SERVER_TOKEN, when set; otherwise the data directory's `server_token`. */
  token: string | undefined;
  /** Aborted on SIGINT/SIGTERM: the server then stops gracefully. */
  signal: AbortSignal;
  /** Shows text to the person who started the server (stderr), never to the log file. */
  notice: (text: string) => void;
}

/** Serves MCP at http://HOST:PORT/mcp until the signal aborts; then stops gracefully. */
export async function serveHttp(app: App, opts: HttpOptions): Promise<void> {
  const { hostname, address } = listenAddress(opts.hostname, opts.port);
  const bound = checkAddress(hostname, opts.port, address);
  const token = serverToken(app.settings.dataDir, opts.token);
  const background = backgroundSync(app);
  // Calls still running when the grace period ends are told to stop, so each answers its client
  // with an error rather than leaving it waiting on a closed stream.
  const cutOff = new AbortController();
  const sessions = new Sessions(() => {
    const { server } = createServer(app, { background, signal: cutOff.signal });
    return { server, log: clientLogSink(server, app.settings.logLevel) };
  });
  setupLogging({
    level: app.settings.logLevel,
    stderr: true,
    file: logPath(app.settings.dataDir),
    secrets: [app.settings.accessToken, token.token],
    extra: { mcp: (line, record) => sessions.deliver(line, record) },
  });
  if (token.source === "generated") {
    opts.notice(
      `Made a token for \`serve\` and stored it in ${token.path} (mode 0600); it is shown only ` +
        `this once:\n\n    ${token.token}\n\nClients send it with every request as the header ` +
        "`Authorization: Bearer <token>`. FASTINTERCOM_SERVER_TOKEN overrides it; delete the " +
        "file to have a new one made.",
    );
  }
  const state = { closing: false };
  const handler = router({ bound, auth: await authGuard(token.token), sessions, state });

  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname,
      port: opts.port,
      onListen: () => {},
      onError: (e) => {
        log.error("A request failed: {error}", {
          error: e instanceof Error ? e.stack : String(e),
          session: null,
        });
        return refuse(500, "Internal error");
      },
    }, handler);
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      throw new ConfigError(`${address} is in use; stop what listens there or choose --port`);
    }
    throw e;
  }
  const sweep = setInterval(() => sessions.sweep(), 60_000);

  log.info("MCP server {version} on http://{address}/mcp (health at /health); cache {path}", {
    version: VERSION,
    address,
    path: app.store.path,
  });
  log.info("Clients must send the token {where}", {
    where: token.path ? `stored in ${token.path}` : "from FASTINTERCOM_SERVER_TOKEN",
  });
  if (!isLoopback(hostname)) {
    log.warning(
      "Listening on {address}, which other machines can reach: anyone with the token can read " +
        "every cached conversation, and plain HTTP shows the token to the network, so put TLS in " +
        "front. Clients must connect by this address, by localhost, or (on 0.0.0.0 or ::) by an " +
        "IP address: requests whose Host header holds another name are refused",
      { address },
    );
  }
  if (app.settings.accessToken) background.start();
  else {
    log.warning(
      "No Intercom access token: answering from the cache only; run `fast-intercom-mcp init`",
    );
  }

  await Promise.race([aborted(opts.signal), server.finished]);
  state.closing = true;
  log.info("Shutting down: no new connections; {calls} calls in flight get {seconds} s to finish", {
    calls: sessions.calls,
    seconds: GRACE_MS / 1000,
  });
  const stopped = server.shutdown();
  clearInterval(sweep);
  await drained(() => sessions.calls, GRACE_MS);
  if (sessions.calls > 0) {
    log.warning("Cutting off {calls} calls still running", { calls: sessions.calls });
    cutOff.abort(new Error("the server is shutting down"));
    await drained(() => sessions.calls, CUT_OFF_MS);
  }
  await sessions.closeAll();
  await background.stop();
  // A sync that a call started stops at its next safe point now its call is aborted; the store
  // must stay open until it has.
  await app.syncer.idle();
  if (!(await within(stopped, 2_000))) log.warning("Leaving connections that did not close");
  log.info("Stopped");
}

interface RouterOptions {
  bound: Bound;
  auth: AuthGuard;
  sessions: Sessions;
  state: { closing: boolean };
}

/** Every request, through the guards in turn, to /health or to a session at /mcp. */
function router({ bound, auth, sessions, state }: RouterOptions) {
  return async (req: Request): Promise<Response> => {
    const host = checkHost(req, bound);
    if ("response" in host) {
      log.info(host.why, { session: null });
      return host.response;
    }
    if (host.path === "/health") {
      // Says that the server runs and nothing else: it answers without the token.
      if (req.method !== "GET" && req.method !== "HEAD") return refuse(405, "Method not allowed");
      return Response.json({ status: "ok" });
    }
    if (host.path !== "/mcp") return notFound(host.path);
    const refused = await auth(req);
    if (refused) {
      log.info(refused.why, { session: null });
      return refused.response;
    }
    if (state.closing) return refuse(503, "The server is shutting down");
    return await mcp(req, sessions);
  };
}

/** /mcp, for a request that passed the guards. */
async function mcp(req: Request, sessions: Sessions): Promise<Response> {
  const id = req.headers.get("mcp-session-id");
  let parsed: unknown;
  if (req.method === "POST") {
    const read = await readJsonBody(req);
    if ("response" in read) return read.response;
    parsed = read.body;
  }
  if (id !== null) {
    const session = sessions.get(id);
    if (!session) {
      return refuse(404, "Session not found: start a new one with initialize", {
        code: -32001,
        id: requestIdOf(parsed),
      });
    }
    return await sessions.respond(
      session,
      isRequest(parsed) ? { id: requestIdOf(parsed) } : null,
      () => session.transport.handleRequest(req, { parsedBody: parsed }),
    );
  }
  // Without a session, as the Streamable HTTP transport has it: the event stream exists only
  // within a session (405), and anything but an initialize needs one (400).
  if (req.method === "GET") {
    return refuse(405, "Method Not Allowed: the event stream opens within a session", {
      headers: { Allow: "POST, DELETE" },
    });
  }
  if (req.method !== "POST") return refuse(400, "Bad Request: Mcp-Session-Id header is required");
  if (!isInitializeRequest(parsed)) {
    return refuse(400, "Bad Request: no Mcp-Session-Id header; send initialize first", {
      id: requestIdOf(parsed),
    });
  }
  if (!sessions.makeRoom()) {
    return refuse(503, "Too many sessions, each with a request in flight; retry shortly", {
      id: requestIdOf(parsed),
      headers: { "Retry-After": "5" },
    });
  }
  const session = await sessions.open();
  const response = await sessions.respond(
    session,
    { id: requestIdOf(parsed) },
    () => session.transport.handleRequest(req, { parsedBody: parsed }),
  );
  // The transport refused the initialize (a bad Accept header, say): nothing to keep.
  if (!session.transport.sessionId) await session.server.close();
  return response;
}

/** A JSON-RPC request (or a batch holding one), which occupies the server until answered. */
function isRequest(body: unknown): boolean {
  const one = (m: unknown) => typeof m === "object" && m !== null && "method" in m && "id" in m;
  return Array.isArray(body) ? body.some(one) : one(body);
}

function notFound(path: string): Response {
  // mcp-remote and others look for OAuth here after a 401: tell them what this server takes.
  if (path.startsWith("/.well-known/oauth") || path === "/register") {
    return refuse(
      404,
      "Not found: this server takes no OAuth; send its token as the header " +
        "Authorization: Bearer <token>",
    );
  }
  return refuse(404, "Not found: the MCP endpoint is /mcp");
}

/**
 * The address as the Host check needs it, after checking that the permissions allow listening
 * there: Deno's --allow-net governs listening too, and the default set allows 127.0.0.1:8765.
 */
function checkAddress(hostname: string, port: number, address: string): Bound {
  let bound: Bound;
  let granted: boolean;
  try {
    bound = boundOf(hostname, address, port);
    granted = Deno.permissions.querySync({ name: "net", host: address }).state === "granted";
  } catch {
    throw new ConfigError(`--host "${hostname}" is not an address or host name`);
  }
  if (!granted) {
    const allowNet = [...Object.values(REGION_HOSTS).map((u) => new URL(u).host), address].join(
      ",",
    );
    throw new ConfigError(
      `this program may not listen on ${address}: its permissions allow listening on ` +
        `${DEFAULT_HOST}:${DEFAULT_PORT} only. From source, run deno with ` +
        `--allow-net=${allowNet} (the flag replaces the permission set's network list, so it ` +
        `names Intercom's hosts too): deno run -P --allow-net=${allowNet} main.ts serve ` +
        `--host ${hostname} --port ${port}. A compiled binary listens only where its build allows`,
    );
  }
  return bound;
}

function isLoopback(hostname: string): boolean {
  return hostname === "::1" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/** Waits for a promise for at most ms; false when the time ran out first. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the count is 0, or for at most ms. */
async function drained(count: () => number, ms: number): Promise<void> {
  for (let waited = 0; count() > 0 && waited < ms; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
