import { assert, assertEquals } from "../../tests/assert.ts";
import { INITIALIZE } from "../../tests/mcp_client.ts";
import type { LogRecord } from "../log.ts";
import { McpServer } from "./sdk.ts";
import { type Session, type SessionLimits, Sessions } from "./sessions.ts";

const LIMITS: SessionLimits = { sessions: 2, callsPerSession: 1, calls: 2, idleMs: 1000 };

/** Sessions whose log sinks record what each heard, by session id. */
function table(limits = LIMITS) {
  const heard = new Map<McpServer, string[]>();
  const sessions = new Sessions(() => {
    const server = new McpServer({ name: "test", version: "0" });
    const lines: string[] = [];
    heard.set(server, lines);
    return { server, log: (line) => void lines.push(line) };
  }, limits);
  /** A session that has answered its initialize, as a client's first POST makes one. */
  const initialized = async (): Promise<Session & { id: string; heard: string[] }> => {
    const session = await sessions.open();
    const response = await session.transport.handleRequest(
      new Request("http://127.0.0.1:8765/mcp", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: INITIALIZE,
      }),
    );
    await response.body?.cancel();
    assert(session.transport.sessionId, "the initialize succeeded");
    return Object.assign(session, {
      id: session.transport.sessionId,
      heard: heard.get(session.server)!,
    });
  };
  return { sessions, initialized };
}

function record(properties: Record<string, unknown>): LogRecord {
  return {
    category: ["fast-intercom-mcp"],
    level: "info",
    message: ["x"],
    rawMessage: "x",
    timestamp: 0,
    properties,
  };
}

/** A response whose body stays open until `end` is called: a call in flight. */
function held(): { response: Response; end: () => void } {
  let close = () => {};
  const body = new ReadableStream({ start: (c) => void (close = () => c.close()) });
  return { response: new Response(body), end: () => close() };
}

Deno.test("a log line reaches the session it names, no session when it names none, every session otherwise", async () => {
  const { sessions, initialized } = table({ ...LIMITS, sessions: 5 });
  const a = await initialized();
  const b = await initialized();
  sessions.deliver("for a", record({ session: a.id }));
  sessions.deliver("for nobody", record({ session: null }));
  sessions.deliver("for all", record({}));
  assertEquals(a.heard, ["for a", "for all"]);
  assertEquals(b.heard, ["for all"]);
  await sessions.closeAll();
});

Deno.test("at the bound, makeRoom() closes the least recently used session without a call in flight", async () => {
  const { sessions, initialized } = table();
  const older = await initialized();
  const newer = await initialized();
  assertEquals(sessions.size, 2);
  // The older one is busy, though less recently used: the newer, idle one makes room.
  const call = held();
  const answering = await sessions.respond(older, { id: 1 }, () => Promise.resolve(call.response));
  await new Promise((r) => setTimeout(r, 5));
  await sessions.respond(newer, null, () => Promise.resolve(new Response(null, { status: 202 })));
  assert(newer.lastActive > older.lastActive, "the newer was used last");
  assert(sessions.makeRoom());
  assertEquals([sessions.get(older.id) === older, sessions.get(newer.id)], [true, undefined]);
  // With every session busy, there is no room.
  const third = await initialized();
  const call3 = held();
  const answering3 = await sessions.respond(
    third,
    { id: 1 },
    () => Promise.resolve(call3.response),
  );
  assert(!sessions.makeRoom(), "no idle session to close");
  call.end();
  call3.end();
  await answering.text();
  await answering3.text();
  assert(sessions.makeRoom(), "room once a call has ended");
  await sessions.closeAll();
});

Deno.test("respond() refuses a call past the bounds per session and in all with 429, and counts it down at its end", async () => {
  const { sessions, initialized } = table({ ...LIMITS, sessions: 5 });
  const a = await initialized();
  const b = await initialized();
  const c = await initialized();
  const first = held();
  const answering = await sessions.respond(a, { id: 1 }, () => Promise.resolve(first.response));
  const second = await sessions.respond(a, { id: 2 }, () => Promise.resolve(new Response("x")));
  assertEquals(second.status, 429);
  assertEquals((await second.json()).id, 2);
  // A notification is no call: it is never refused.
  const notice = await sessions.respond(
    a,
    null,
    () => Promise.resolve(new Response(null, { status: 202 })),
  );
  assertEquals(notice.status, 202);
  const other = held();
  const answeringB = await sessions.respond(b, { id: 3 }, () => Promise.resolve(other.response));
  assertEquals(sessions.calls, 2);
  const past = await sessions.respond(c, { id: 4 }, () => Promise.resolve(new Response("x")));
  assertEquals(past.status, 429);
  assertEquals(
    (await past.json()).error.message,
    "Too many requests in flight (2 on this server); retry when one has finished",
  );
  first.end();
  other.end();
  await answering.text();
  await answeringB.text();
  assertEquals(sessions.calls, 0);
  await sessions.closeAll();
});
