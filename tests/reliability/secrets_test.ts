// The access token stays secret: in no output, log line, MCP message, error or cache file, at
// the most verbose level and on the failing paths too; the files that hold it or the customers'
// data are private from the moment they exist, whatever the umask; status says only whether a
// token is set and where it came from.

import { assert, assertEquals, assertMatch } from "../assert.ts";
import { App } from "../../src/app.ts";
import type { CallToolResult } from "../../src/mcp/sdk.ts";
import { tempDir, testSettings } from "../cache_check.ts";
import { startDouble } from "../double/server.ts";
import { createConversation, generateWorkspace } from "../double/workspace.ts";
import { connectServer } from "../mcp_client.ts";
import { programArgs, runCli, type RunResult, testEnv } from "../program.ts";
import { bytesInclude, filesUnder, textOf } from "./helpers.ts";

/**
 * A token with the characters that change when URL- or JSON-encoded, so that an encoded leak
 * would differ from the plain one and is looked for too.
 */
const SECRET = "dG9r+Zm/FrZS1zZWNyZXQtdG9rZW4tNzc0MQ==";

/** The token as it would look after the usual encodings. */
const FORMS = [SECRET, encodeURIComponent(SECRET), btoa(SECRET), btoa(`Bearer ${SECRET}`)];

function assertNoSecret(text: string, where: string): void {
  for (const form of FORMS) assert(!text.includes(form), `the token is in ${where}`);
}

function assertNoSecretInFiles(dir: string, when: string): number {
  const files = filesUnder(dir);
  for (const [name, bytes] of files) {
    // config.json exists to hold it.
    if (name === "config.json") continue;
    for (const form of FORMS) assert(!bytesInclude(bytes, form), `the token is in ${name} ${when}`);
  }
  return files.size;
}

const decoder = new TextDecoder();

/** Runs the program under `sh` with umask 000, so that only the modes it asks for protect it. */
async function runWithOpenUmask(args: string[], env: Record<string, string>): Promise<RunResult> {
  const out = await new Deno.Command("sh", {
    args: ["-c", 'umask 000 && exec "$@"', "sh", Deno.execPath(), ...programArgs(args)],
    env: { NO_COLOR: "1", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

function mode(path: string): number {
  return Deno.statSync(path).mode! & 0o777;
}

const octal = (m: number | null) => m === null ? "absent" : `0${m.toString(8)}`;

Deno.test("the token is in no output, log line, MCP message, error, stack trace or cache file, at DEBUG and on failing requests", async () => {
  const ws = generateWorkspace({ seed: 61, conversations: 60 });
  const double = await startDouble({
    workspace: ws,
    token: SECRET,
    // Retries are logged at DEBUG with the request that failed.
    faults: { rate503Html: 0.15, seed: 2 },
  });
  const dir = tempDir();
  const env = { ...testEnv(dir, double.url, SECRET), FASTINTERCOM_LOG_LEVEL: "DEBUG" };
  const outputs: [string, string][] = [];
  const keep = (what: string, r: RunResult) => {
    outputs.push([`${what} stdout`, r.stdout], [`${what} stderr`, r.stderr]);
  };
  try {
    const sync = await runCli(["--verbose", "sync"], env);
    assertEquals(sync.code, 0, sync.stderr);
    assertMatch(sync.stderr, /\[DBG\].*Retrying/, "DEBUG lines with retries were written");
    keep("sync", sync);

    const server = await connectServer(env);
    let received = "";
    const transport = server.client.transport!;
    const onmessage = transport.onmessage!;
    transport.onmessage = (message, extra) => {
      received += JSON.stringify(message) + "\n";
      onmessage(message, extra);
    };
    try {
      await server.client.setLoggingLevel("debug");
      const call = async (name: string, args: Record<string, unknown> = {}) => {
        const r = await server.client.callTool({ name, arguments: args }) as CallToolResult;
        outputs.push([`${name} result`, JSON.stringify(r)]);
        return r;
      };
      await call("search_conversations", { query: "refund" });
      await call("get_server_status");
      // Not cached: read from Intercom with the token, through the faults.
      const fresh = createConversation(ws, { body: "<p>Written after the sync</p>" });
      assert(!(await call("get_conversation", { conversation_id: fresh })).isError);
      assert(!(await call("sync_conversations", { force: true })).isError);
      // The WAL holds the newest writes while the server has the cache open.
      const open = assertNoSecretInFiles(dir, "while the server runs");
      assert(Deno.statSync(`${dir}/cache.db-wal`).size > 0, "the WAL was checked with data in it");
      assert(open >= 5, `${open} files checked`);

      double.revokeToken();
      const refused = await call("sync_conversations", {});
      assert(refused.isError, "a sync with a revoked token fails");
      assertMatch(textOf(refused), /401/);
      const other = createConversation(ws, { body: "<p>Another one</p>" });
      assert((await call("get_conversation", { conversation_id: other })).isError);
    } finally {
      await server.close();
    }
    assertMatch(received, /notifications\/message/, "log notifications were sent");
    outputs.push(["MCP messages", received], ["server stderr", server.stderr()]);

    const failed = await runCli(["--verbose", "sync"], env);
    assertEquals(failed.code, 1);
    assertMatch(failed.stderr, /401/);
    keep("sync with a revoked token", failed);
    keep("status", await runCli(["status"], env));
    keep("status --json", await runCli(["status", "--json"], env));

    // An error the program does not expect is logged with its stack trace.
    Deno.removeSync(`${dir}/sync.lock`);
    Deno.mkdirSync(`${dir}/sync.lock`);
    const crashed = await runCli(["--verbose", "sync"], env);
    assertEquals(crashed.code, 1);
    // On one line: a log line's newlines are written out as \n (src/log.ts).
    assertMatch(crashed.stderr, /\\n\s+at /, "the unexpected error's stack trace was logged");
    keep("sync that crashed", crashed);

    for (const [where, text] of outputs) assertNoSecret(text, where);
    assertNoSecretInFiles(dir, "at the end");
    assertMatch(Deno.readTextFileSync(`${dir}/logs/fast-intercom-mcp.log`), /\[DBG\]/);
  } finally {
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "with umask 000 the data directory is 0700 and config.json, the cache, the lock and the log 0600 from the moment they exist",
  // Windows has neither file modes nor sh.
  ignore: Deno.build.os === "windows",
}, async () => {
  const ws = generateWorkspace({ seed: 62, conversations: 40 });
  const parent = tempDir();
  // Not there yet: the program creates it.
  const dir = `${parent}/nested/data`;
  const seen: Record<string, number | null>[] = [];
  const modes = (names: string[]) => {
    const out: Record<string, number | null> = {};
    for (const name of names) {
      try {
        out[name] = mode(`${dir}/${name}`);
      } catch {
        out[name] = null;
      }
    }
    return out;
  };
  const double = await startDouble({
    workspace: ws,
    token: SECRET,
    // Looks at the files while the program waits for an answer: mid-command, not after.
    onRequest: ({ path }) => {
      if (path === "/me") seen.push(modes([".", "logs", "logs/fast-intercom-mcp.log"]));
      if (path.startsWith("/conversations/2")) {
        seen.push(modes(["cache.db", "cache.db-wal", "cache.db-shm", "sync.lock"]));
      }
    },
  });
  try {
    const env = testEnv(dir, double.url, null);
    const init = await runWithOpenUmask(["init"], { ...env, INTERCOM_ACCESS_TOKEN: SECRET });
    assertEquals(init.code, 0, init.stderr);
    assertNoSecret(init.stdout + init.stderr, "init's output");
    assertEquals(seen.length, 1, "init asked GET /me once");
    assertEquals(seen[0], { ".": 0o700, "logs": 0o700, "logs/fast-intercom-mcp.log": 0o600 });
    assertEquals(mode(dir), 0o700);
    assertEquals(mode(`${dir}/config.json`), 0o600);
    assert(
      ![...Deno.readDirSync(dir)].some((e) => e.name.endsWith(".tmp")),
      "no temporary file is left",
    );

    const sync = await runWithOpenUmask(["sync"], env);
    assertEquals(sync.code, 0, sync.stderr);
    const during = seen.slice(1);
    assert(during.length > 0, "the sync read conversations");
    for (const m of during) {
      for (const [name, value] of Object.entries(m)) {
        assert(value === null || value === 0o600, `${name} was ${octal(value)} during the sync`);
      }
    }
    assertEquals(during.some((m) => m["cache.db-wal"] !== null), true, "the WAL was seen");
    for (const name of ["cache.db", "sync.lock", "logs/fast-intercom-mcp.log", "config.json"]) {
      assertEquals(octal(mode(`${dir}/${name}`)), "0600", name);
    }
    assertEquals(octal(mode(dir)), "0700");
    assertEquals(octal(mode(`${dir}/logs`)), "0700");
  } finally {
    await double.close();
    Deno.removeSync(parent, { recursive: true });
  }
});

Deno.test("status and get_server_status say only that a token is set and where it came from", async () => {
  const ws = generateWorkspace({ seed: 63, conversations: 20 });
  const double = await startDouble({ workspace: ws, token: SECRET });
  const dir = tempDir();
  // Any 8 characters of the token in a row would be part of it shown.
  const pieces = Array.from({ length: SECRET.length - 7 }, (_, i) => SECRET.slice(i, i + 8));
  const assertNoPiece = (text: string, where: string) => {
    for (const piece of pieces) assert(!text.includes(piece), `${where} shows "${piece}"`);
  };
  try {
    const app = new App(testSettings(dir, double.url, { accessToken: SECRET }));
    await app.syncer.sync();
    app.close();

    const none = testEnv(dir, double.url, null);
    const unset = await runCli(["status", "--json"], none);
    assertEquals(JSON.parse(unset.stdout).token, { set: false, source: null });
    assertMatch((await runCli(["status"], none)).stdout, /^Token: +not set/m);

    const fromEnv = testEnv(dir, double.url, SECRET);
    const json = await runCli(["status", "--json"], fromEnv);
    assertEquals(JSON.parse(json.stdout).token, { set: true, source: "environment" });
    const text = await runCli(["status"], fromEnv);
    assertMatch(text.stdout, /^Token: +set \(from environment\)$/m);

    assertEquals((await runCli(["init", "--with-token"], none, { stdin: SECRET })).code, 0);
    const fromFile = await runCli(["status", "--json"], none);
    assertEquals(JSON.parse(fromFile.stdout).token, { set: true, source: "config.json" });

    const server = await connectServer(none);
    let status: CallToolResult;
    try {
      status = await server.client.callTool({
        name: "get_server_status",
        arguments: {},
      }) as CallToolResult;
    } finally {
      await server.close();
    }
    const structured = status.structuredContent as { token: unknown };
    assertEquals(structured.token, { set: true, source: "config.json" });

    for (
      const [where, out] of [
        ["status --json (unset)", unset.stdout],
        ["status --json (environment)", json.stdout],
        ["status (environment)", text.stdout],
        ["status --json (config.json)", fromFile.stdout],
        ["get_server_status", JSON.stringify(status)],
      ]
    ) assertNoPiece(out, where);
  } finally {
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
