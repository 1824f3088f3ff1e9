// `serve`: the MCP server over Streamable HTTP, for a team. One app, one cache and one background
// sync for every session; each session has its own McpServer and transport. Every request must
// carry the server's bearer token, and Host and Origin must name this server (DNS rebinding).

import type { App } from "../app.ts";
import { ConfigError, logPath } from "../config.ts";
import { REGION_HOSTS } from "../intercom/regions.ts";
import { getLogger, type LogRecord, setupLogging } from "../log.ts";
import { VERSION } from "../version.ts";
import { DEFAULT_HOST, DEFAULT_PORT, listenAddress } from "./address.ts";
import { bearerCheck, serverToken } from "./auth.ts";
import {
  isInitializeRequest,
  type McpServer,
  WebStandardStreamableHTTPServerTransport,
} from "./sdk.ts";
import { backgroundSync, clientLogSink, createServer } from "./server.ts";

const log = getLogger(["fast-intercom-mcp", "http"]);

/** A session with no open stream and no request for this long is closed; its client starts anew. */
const IDLE_MS = 30 * 60_000;
/** How long shutdown lets calls in flight run before cutting them off. */
const GRACE_MS = 5_000;
/** How long a call that was told to stop has to send its error. */
const CUT_OFF_MS = 2_000;
/** Plenty for a team, and a bound on memory should a client open sessions in a loop. */
const MAX_SESSIONS = 100;
/** The largest initialize request read here; real ones are a few hundred bytes. */
const MAX_INITIALIZE_BYTES = 64 * 1024;
/** Host names that always mean this machine. */
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

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

interface Session {
  server: McpServer;
  transport: WebStandardStreamableHTTPServerTransport;
  log: (line: string, record: LogRecord) => void;
  /** Responses still streaming: a call's, or the client's standing GET stream. */
  open: number;
  lastActive: number;
}

/** What the server listens on, as the Host and Origin checks need it. */
interface Bound {
  /** As URL parsing writes a host name: lower case, IPv6 in brackets. */
  name: string;
  port: number;
  /** 0.0.0.0 or ::, every interface. */
  wildcard: boolean;
}

/** Serves MCP at http://HOST:PORT/mcp until the signal aborts; then stops gracefully. */
export async function serveHttp(app: App, opts: HttpOptions): Promise<void> {
  const { hostname, address } = listenAddress(opts.hostname, opts.port);
  const bound = checkAddress(hostname, opts.port, address);
  const token = serverToken(app.settings.dataDir, opts.token);
  const sessions = new Map<string, Session>();
  setupLogging({
    level: app.settings.logLevel,
    stderr: true,
    file: logPath(app.settings.dataDir),
    secrets: [app.settings.accessToken, token.token],
    extra: {
      mcp: (line, record) => {
        for (const session of sessions.values()) session.log(line, record);
      },
    },
  });
  if (token.source === "generated") {
    opts.notice(
      `Made a token for \`serve\` and stored it in ${token.path} (mode 0600); it is shown only ` +
        `this once:\n\n    ${token.token}\n\nClients send it with every request as the header ` +
        "`Authorization: Bearer <token>`. FASTINTERCOM_SERVER_TOKEN overrides it; delete the " +
        "file to have a new one made.",
    );
  }
  const authorized = await bearerCheck(token.token);
  const background = backgroundSync(app);
  // Calls still running when the grace period ends are told to stop, so each answers its client
  // with an error rather than leaving it waiting on a closed stream.
  const cutOff = new AbortController();
  let closing = false;
  let calls = 0;

  const openSession = (): Session => {
    const { server } = createServer(app, { background, signal: cutOff.signal });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, session);
        log.info("Session {id}… opened; {count} open", {
          id: id.slice(0, 8),
          count: sessions.size,
        });
      },
    });
    const session: Session = {
      server,
      transport,
      log: clientLogSink(server, app.settings.logLevel),
      open: 0,
      lastActive: Date.now(),
    };
    // On DELETE, the idle sweep, shutdown, or a transport error alike.
    server.server.onclose = () => {
      const id = transport.sessionId;
      if (id && sessions.delete(id)) {
        log.info("Session {id}… closed; {count} open", {
          id: id.slice(0, 8),
          count: sessions.size,
        });
      }
    };
    return session;
  };

  /** Counts a response as open until its body has been sent or the client has gone. */
  const track = async (
    session: Session,
    isCall: boolean,
    respond: () => Promise<Response>,
  ): Promise<Response> => {
    session.open++;
    if (isCall) calls++;
    session.lastActive = Date.now();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      session.open--;
      if (isCall) calls--;
      session.lastActive = Date.now();
    };
    let response: Response;
    try {
      response = await respond();
    } catch (e) {
      end();
      throw e;
    }
    if (!response.body) {
      end();
      return response;
    }
    return new Response(untilEnd(response.body, end), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  const mcp = async (req: Request): Promise<Response> => {
    const id = req.headers.get("mcp-session-id");
    if (id !== null) {
      const session = sessions.get(id);
      if (!session) {
        return refuse(404, "Session not found: start a new one with initialize", -32001);
      }
      return await track(
        session,
        req.method === "POST",
        () => session.transport.handleRequest(req),
      );
    }
    if (req.method !== "POST") return refuse(400, "Bad Request: Mcp-Session-Id header is required");
    const body = await readJson(req);
    if (body instanceof Response) return body;
    if (!isInitializeRequest(body)) {
      return refuse(400, "Bad Request: no Mcp-Session-Id header, and not an initialize request");
    }
    if (sessions.size >= MAX_SESSIONS) {
      return refuse(
        503,
        `Too many sessions (${MAX_SESSIONS}); clients should DELETE theirs when done`,
      );
    }
    const session = openSession();
    await session.server.connect(session.transport);
    const response = await track(
      session,
      true,
      () => session.transport.handleRequest(req, { parsedBody: body }),
    );
    // The transport refused the initialize (a bad Accept header, say): nothing to keep.
    if (!session.transport.sessionId) await session.server.close();
    return response;
  };

  const handler = async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    if (!authorityAllowed(req.headers.get("host"), 80, bound)) {
      log.info("Refused a request whose Host header names another server");
      return refuse(403, "Forbidden: the Host header does not name this server");
    }
    if (!originAllowed(req.headers.get("origin"), bound)) {
      log.info("Refused a request from a web page of another origin");
      return refuse(403, "Forbidden: requests from other origins are not served");
    }
    if (path === "/health") {
      // Says that the server runs and nothing else: it answers without the token.
      if (req.method !== "GET" && req.method !== "HEAD") return refuse(405, "Method not allowed");
      return Response.json({ status: "ok" });
    }
    if (path !== "/mcp") return refuse(404, "Not found: the MCP endpoint is /mcp");
    const authorization = req.headers.get("authorization");
    if (!(await authorized(authorization))) {
      log.info("Refused a request {what}", {
        what: authorization === null ? "without a token" : "with a wrong token",
      });
      return refuse(
        401,
        "Unauthorized: send the server token as `Authorization: Bearer <token>`",
        -32001,
        {
          "WWW-Authenticate": authorization === null
            ? 'Bearer realm="fast-intercom-mcp"'
            : 'Bearer realm="fast-intercom-mcp", error="invalid_token"',
        },
      );
    }
    if (closing) return refuse(503, "The server is shutting down");
    return await mcp(req);
  };

  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname,
      port: opts.port,
      onListen: () => {},
      onError: (e) => {
        log.error("A request failed: {error}", { error: e instanceof Error ? e.stack : String(e) });
        return refuse(500, "Internal error");
      },
    }, handler);
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      throw new ConfigError(`${address} is in use; stop what listens there or choose --port`);
    }
    throw e;
  }

  const sweep = setInterval(() => {
    const cutoff = Date.now() - IDLE_MS;
    for (const session of sessions.values()) {
      if (session.open === 0 && session.lastActive < cutoff) {
        session.transport.close().catch(() => {});
      }
    }
  }, 60_000);

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
  closing = true;
  log.info("Shutting down: no new connections; {calls} calls in flight get {seconds} s to finish", {
    calls,
    seconds: GRACE_MS / 1000,
  });
  const stopped = server.shutdown();
  clearInterval(sweep);
  await drained(() => calls, GRACE_MS);
  if (calls > 0) {
    log.warning("Cutting off {calls} calls still running", { calls });
    cutOff.abort(new Error("the server is shutting down"));
    await drained(() => calls, CUT_OFF_MS);
  }
  // Closing a session aborts its calls and ends its standing GET stream, so shutdown can end.
  await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => {})));
  await background.stop();
  // A sync that a call started stops at its next safe point now its call is aborted; the store
  // must stay open until it has.
  await app.syncer.idle();
  if (!(await within(stopped, 2_000))) log.warning("Leaving connections that did not close");
  log.info("Stopped");
}

/**
 * The address as the Host check needs it, after checking that the permissions allow listening
 * there: Deno's --allow-net governs listening too, and the default set allows 127.0.0.1:8765.
 */
function checkAddress(hostname: string, port: number, address: string): Bound {
  let name: string;
  let granted: boolean;
  try {
    name = new URL(`http://${address}`).hostname;
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
  return { name, port, wildcard: hostname === "0.0.0.0" || hostname === "::" };
}

/**
 * Whether a Host header (or an Origin's host) names this server: the bound address or a
 * loopback name, with the bound port. DNS rebinding points a name the attacker owns at this
 * machine; an address literal cannot be rebound, so on a wildcard bind any address is allowed.
 */
function authorityAllowed(authority: string | null, defaultPort: number, bound: Bound): boolean {
  if (authority === null) return false;
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(authority)) return false;
  let url: URL;
  try {
    url = new URL(`http://${authority}`);
  } catch {
    return false;
  }
  // Read from the header itself: new URL drops a default port such as ":80".
  const written = /:(\d{1,5})$/.exec(authority);
  if ((written ? Number(written[1]) : defaultPort) !== bound.port) return false;
  const name = url.hostname;
  if (LOOPBACK_NAMES.has(name) || name === bound.name) return true;
  return bound.wildcard && (name.startsWith("[") || /^[\d.]+$/.test(name));
}

/** No Origin: not a browser. An Origin: the page must come from this server itself. */
function originAllowed(origin: string | null, bound: Bound): boolean {
  if (origin === null) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const defaultPort = url.protocol === "https:" ? 443 : 80;
  const host = url.port === "" ? `${url.hostname}:${defaultPort}` : url.host;
  return authorityAllowed(host, defaultPort, bound);
}

function isLoopback(hostname: string): boolean {
  return hostname === "::1" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** An error in the shape the SDK's transport uses, so clients read every refusal alike. */
function refuse(
  status: number,
  message: string,
  code = -32000,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, {
    status,
    headers,
  });
}

/** The body of a request that has no session yet, read only up to a bound. */
async function readJson(req: Request): Promise<unknown> {
  const tooLarge = () => refuse(413, `Payload too large: more than ${MAX_INITIALIZE_BYTES} bytes`);
  if (Number(req.headers.get("content-length") ?? 0) > MAX_INITIALIZE_BYTES) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    for await (const chunk of req.body) {
      size += chunk.length;
      if (size > MAX_INITIALIZE_BYTES) return tooLarge();
      chunks.push(chunk);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return refuse(400, "Parse error: the body is not JSON", -32700);
  }
}

/** The same stream, calling onEnd once when it has been read to its end, failed or cancelled. */
function untilEnd(body: ReadableStream<Uint8Array>, onEnd: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          onEnd();
          controller.close();
        } else controller.enqueue(value);
      } catch (e) {
        onEnd();
        controller.error(e);
      }
    },
    cancel(reason) {
      onEnd();
      return reader.cancel(reason);
    },
  });
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
