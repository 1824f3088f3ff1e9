// The sessions of `serve`: one McpServer and transport per client, bounded in number (the least
// recently used idle one makes room for a newcomer) and in requests in flight, per session and
// in all, and each hearing only the log lines that concern it or the whole server.

import { getLogger, type LogRecord } from "../log.ts";
import { type ClientLog, sessionOf } from "./client_log.ts";
import { plainErrors } from "./plain_errors.ts";
import { refuse, type RequestId } from "./reply.ts";
import { type McpServer, WebStandardStreamableHTTPServerTransport } from "./sdk.ts";

const log = getLogger(["fast-intercom-mcp", "http"]);

export interface SessionLimits {
  /** Sessions open at once; a newcomer past it closes the least recently used idle one. */
  sessions: number;
  /** Requests in flight on one session; more are answered 429. */
  callsPerSession: number;
  /** Requests in flight in all. */
  calls: number;
  /** A session with no open stream and no request for this long is closed. */
  idleMs: number;
}

/** Plenty for a team, and bounds on memory and work should one client loop. */
export const LIMITS: SessionLimits = {
  sessions: 100,
  callsPerSession: 8,
  calls: 32,
  idleMs: 30 * 60_000,
};

export interface Session {
  server: McpServer;
  transport: WebStandardStreamableHTTPServerTransport;
  log: ClientLog;
  /** Responses still streaming: a call's, or the client's standing GET stream. */
  open: number;
  /** Requests in flight. */
  calls: number;
  lastActive: number;
}

/** A new server for one client, and the sink of its log notifications. */
export type SessionFactory = () => { server: McpServer; log: ClientLog };

export class Sessions {
  readonly #byId = new Map<string, Session>();
  readonly #create: SessionFactory;
  readonly #limits: SessionLimits;
  #calls = 0;

  constructor(create: SessionFactory, limits: SessionLimits = LIMITS) {
    this.#create = create;
    this.#limits = limits;
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Requests in flight in all sessions. */
  get calls(): number {
    return this.#calls;
  }

  get(id: string): Session | undefined {
    return this.#byId.get(id);
  }

  /**
   * Room for one more session: at the bound, the least recently used session with no request
   * in flight is closed (its client gets 404 and starts anew). False when every one is busy.
   */
  makeRoom(): boolean {
    if (this.#byId.size < this.#limits.sessions) return true;
    let oldest: [string, Session] | null = null;
    for (const entry of this.#byId) {
      if (entry[1].calls === 0 && (!oldest || entry[1].lastActive < oldest[1].lastActive)) {
        oldest = entry;
      }
    }
    if (!oldest) return false;
    const [id, session] = oldest;
    this.#byId.delete(id);
    log.info("Session {id}… closed to make room: the least recently used of {count}", {
      id: id.slice(0, 8),
      count: this.#limits.sessions,
      session: null,
    });
    session.transport.close().catch(() => {});
    return true;
  }

  /** A new session, connected; it joins the table once its initialize succeeds. */
  async open(): Promise<Session> {
    const { server, log: sink } = this.#create();
    const transport = plainErrors(
      new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (id) => {
          this.#byId.set(id, session);
          log.info("Session {id}… opened; {count} open", {
            id: id.slice(0, 8),
            count: this.#byId.size,
            session: id,
          });
        },
      }),
    );
    const session: Session = {
      server,
      transport,
      log: sink,
      open: 0,
      calls: 0,
      lastActive: Date.now(),
    };
    // On DELETE, eviction, the idle sweep, shutdown, or a transport error alike.
    server.server.onclose = () => {
      const id = transport.sessionId;
      if (id && this.#byId.delete(id)) {
        log.info("Session {id}… closed; {count} open", {
          id: id.slice(0, 8),
          count: this.#byId.size,
          session: null,
        });
      }
    };
    await server.connect(transport);
    return session;
  }

  /**
   * Runs one request of a session, counting its response as open until the body has been sent
   * or the client has gone. A request (`call`) past the bounds on requests in flight is refused
   * with 429 before it reaches the session.
   */
  async respond(
    session: Session,
    call: { id: RequestId } | null,
    handle: () => Promise<Response>,
  ): Promise<Response> {
    if (call) {
      const over = session.calls >= this.#limits.callsPerSession
        ? `${this.#limits.callsPerSession} on this session`
        : this.#calls >= this.#limits.calls
        ? `${this.#limits.calls} on this server`
        : null;
      if (over) {
        return refuse(429, `Too many requests in flight (${over}); retry when one has finished`, {
          id: call.id,
          headers: { "Retry-After": "1" },
        });
      }
    }
    session.open++;
    if (call) {
      session.calls++;
      this.#calls++;
    }
    session.lastActive = Date.now();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      session.open--;
      if (call) {
        session.calls--;
        this.#calls--;
      }
      session.lastActive = Date.now();
    };
    let response: Response;
    try {
      response = await handle();
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
  }

  /** A log line to the session it concerns, or to all when it concerns the whole server. */
  deliver(line: string, record: LogRecord): void {
    const to = sessionOf(record);
    if (to === null) return;
    if (to !== undefined) {
      this.#byId.get(to)?.log(line, record);
      return;
    }
    for (const session of this.#byId.values()) session.log(line, record);
  }

  /** Closes the sessions idle for longer than the bound. */
  sweep(now = Date.now()): void {
    const cutoff = now - this.#limits.idleMs;
    for (const session of this.#byId.values()) {
      if (session.open === 0 && session.lastActive < cutoff) {
        session.transport.close().catch(() => {});
      }
    }
  }

  /** Closing a session aborts its calls and ends its standing GET stream. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#byId.values()].map((s) => s.transport.close().catch(() => {})));
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
