// The permission fence, proved from the program's own code paths: the CLI's `doctor` tries
// what must be refused, the MCP server reports the fence it runs in, and a host outside the
// fence gets a plain error.

import { assert, assertEquals, assertMatch } from "./assert.ts";
import denoJson from "../deno.json" with { type: "json" };
import { fencePermissions, INTERCOM_HOSTS, withinProcess } from "../src/fence.ts";
import { tempDir, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { generateWorkspace } from "./double/workspace.ts";
import { connectServer } from "./mcp_client.ts";
import { MAIN, runCli, testEnv } from "./program.ts";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Whether util-linux `script` can give a command a pseudo-terminal here. */
const HAS_PTY = Deno.build.os === "linux" && await (async () => {
  try {
    return (await new Deno.Command("script", { args: ["-qec", "true", "/dev/null"] }).output())
      .success;
  } catch {
    return false;
  }
})();

/**
 * Runs a shell command on a pseudo-terminal, answering "y" to anything it asks (as a person
 * might), and returns what the terminal showed, without colours.
 */
async function onTerminal(command: string, env: Record<string, string>): Promise<string> {
  const child = new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    cwd: ROOT,
    env: { ...env, TERM: "dumb" },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).spawn();
  const writer = child.stdin.getWriter();
  // A few answers, spaced: each prompt reads one line.
  const answers = (async () => {
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 1500));
      await writer.write(new TextEncoder().encode("y\r")).catch(() => {});
    }
    await writer.close().catch(() => {});
  })();
  const out = await child.output();
  await answers;
  // deno-lint-ignore no-control-regex
  return new TextDecoder().decode(out.stdout).replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, "");
}

Deno.test("the fence allows the data directory and Intercom's hosts, and nothing else", () => {
  const p = fencePermissions("/data", ["127.0.0.1:8080"]);
  assertEquals(p.read, ["/data"]);
  assertEquals(p.write, ["/data"]);
  assertEquals(p.net, [...INTERCOM_HOSTS, "127.0.0.1:8080"]);
  assertEquals([p.env, p.run, p.ffi, p.import], [false, false, false, false]);
  assertEquals(p.sys, ["uid"], "its own user id, to check who owns the data directory");
});

Deno.test("start, serve, the CLI, compile and the tests never prompt, and use the one permission set of deno.json", () => {
  const tasks = Object.fromEntries(
    Object.entries(denoJson.tasks as Record<string, string | { command: string }>).map((
      [k, v],
    ) => [k, typeof v === "string" ? v : v.command]),
  );
  for (const name of ["start", "serve", "cli"]) {
    // --quiet: no "experimental feature" warning; --cached-only: no download once `deno task`
    // has installed the locked packages (see the noise tests below).
    assertMatch(tasks[name], /^deno run --quiet --no-prompt --cached-only -P /, name);
    assert(!/--allow-/.test(tasks[name]), `${name} adds no permission of its own`);
  }
  assertMatch(tasks.compile, /^deno compile --no-prompt -P /);
  assertMatch(tasks.test, /^deno test --no-prompt -P=test /);
  const set = (denoJson.permissions as Record<string, Record<string, unknown>>).default;
  assertEquals((set.net as string[]).slice(0, 3), INTERCOM_HOSTS);
  for (const kind of ["run", "ffi", "import"]) assertEquals(set[kind], { deny: true }, kind);
  assertEquals(set.sys, ["uid"]);
});

Deno.test("doctor: inside the fence the cache, config and log work, and reading outside, other hosts, other variables and programs are refused", async () => {
  const ws = generateWorkspace({ seed: 3, conversations: 20 });
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  try {
    const env = testEnv(dir, double.url, TOKEN);
    assertEquals((await runCli(["init"], env)).code, 0);
    assertEquals((await runCli(["sync"], env)).code, 0);
    const doctor = await runCli(["doctor", "--json"], env);
    const checks = JSON.parse(doctor.stdout) as { check: string; ok: boolean; detail: string }[];
    assertEquals(checks.filter((c) => !c.ok), [], doctor.stdout);
    assertEquals(doctor.code, 0);
    assert(checks.some((c) => c.check.startsWith("read outside") && c.detail === "refused"));
    assert(checks.some((c) => c.check.startsWith("reach a host") && c.detail === "refused"));
    assert(checks.some((c) => c.check.startsWith("read an environment") && c.detail === "refused"));
    assert(checks.some((c) => c.check.startsWith("start a program") && c.detail === "refused"));
    const log = Deno.readTextFileSync(`${dir}/logs/fast-intercom-mcp.log`);
    assertMatch(log, /Sync \(initial\) done/);
  } finally {
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a test double's host outside what the process may reach is a plain error, for the CLI and the server", async () => {
  const dir = tempDir();
  try {
    const env = testEnv(dir, "http://127.0.0.1:9", TOKEN);
    // No --allow-net for 127.0.0.1 this time: only the declared set.
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", "-P", MAIN, "sync"],
      env: { ...env, NO_COLOR: "1" },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(stderr);
    assertEquals(code, 1, new TextDecoder().decode(stdout) + err);
    assertMatch(
      err,
      /points at 127\.0\.0\.1:9, which this program may not reach.*--allow-net=127\.0\.0\.1:9/,
    );
    assertEquals(err.trim().split("\n").filter((l) => !l.startsWith("Warning")).length, 1, err);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("the MCP server runs inside the same fence and says so in get_server_status", async () => {
  const ws = generateWorkspace({ seed: 4, conversations: 10 });
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  const server = await connectServer(testEnv(dir, double.url, TOKEN));
  try {
    const result = await server.client.callTool({ name: "get_server_status", arguments: {} });
    const fence = (result.structuredContent as { fence: Record<string, unknown> }).fence;
    assertEquals(fence.files, `only ${dir}`);
    assertEquals(fence.environment, false);
    assertEquals(fence.subprocesses, false);
    assertEquals(fence.ffi, false);
    assertEquals(fence.network, [...INTERCOM_HOSTS, new URL(double.url).host]);
  } finally {
    await server.close();
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("the Worker gets the fence cut down to what the process holds, so flags of one's own never stop it from starting", () => {
  const fence = fencePermissions("/data", ["127.0.0.1:9300"]);
  const onlyDouble = (d: Deno.PermissionDescriptor) =>
    d.name === "net" ? d.host === "127.0.0.1:9300" : d.name === "read" || d.name === "write";
  assertEquals(withinProcess(fence, onlyDouble).net, ["127.0.0.1:9300"]);
  assertEquals(withinProcess(fence, onlyDouble).read, ["/data"]);
  const nothing = withinProcess(fence, () => false);
  assertEquals([nothing.read, nothing.write, nothing.net, nothing.sys], [
    false,
    false,
    false,
    false,
  ]);
  assertEquals(withinProcess(fence, () => true), fence);
});

Deno.test("flags of one's own: --allow-net for a double, -P=test, or a narrower --allow-read each get one plain line, never NotCapable", async () => {
  const ws = generateWorkspace({ seed: 5, conversations: 10 });
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  const run = async (flags: string[], args: string[], apiUrl: string | null) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", ...flags, MAIN, ...args],
      env: { ...testEnv(dir, apiUrl, TOKEN), NO_COLOR: "1" },
      clearEnv: true,
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  };
  try {
    const host = new URL(double.url).host;
    // The README's advice for another host, exactly: -P plus --allow-net for it.
    const sync = await run(["-P", `--allow-net=${host}`], ["sync"], double.url);
    assertEquals(sync.code, 0, sync.stderr);
    assert(!/NotCapable|escalate/.test(sync.stderr), sync.stderr);
    // The test set reaches 127.0.0.1 only: status works, a sync with Intercom says why not.
    const status = await run(["-P=test"], ["status"], null);
    assertEquals(status.code, 0, status.stderr);
    const toIntercom = await run(["-P=test"], ["sync"], null);
    assertEquals(toIntercom.code, 1);
    assertMatch(
      toIntercom.stderr,
      /api\.intercom\.io, which this process may not reach.*add api\.intercom\.io to --allow-net/,
    );
    assertEquals(toIntercom.stderr.trim().split("\n").length, 1, toIntercom.stderr);
    // init against a host outside: the same plain line, not Deno's "Requires net access".
    const init = await run(["-P"], ["init"], double.url);
    assertEquals(init.code, 1);
    assertMatch(init.stderr, new RegExp(`points at ${host}, which this program may not reach`));
    assert(!/Requires net access/.test(init.stderr), init.stderr);
    assertEquals(init.stderr.trim().split("\n").length, 1, init.stderr);
    // A read list that leaves the data directory out.
    const narrow = await run(["-P", "--allow-read=/nonexistent"], ["status"], null);
    assertEquals(narrow.code, 1);
    assertMatch(narrow.stderr, /may not read and write its data directory .*--allow-read=/);
    assertEquals(narrow.stderr.trim().split("\n").length, 1, narrow.stderr);
  } finally {
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "on a terminal, deno task cli never asks for a permission; deno run without --no-prompt would",
  ignore: !HAS_PTY,
  fn: async () => {
    const dir = tempDir();
    try {
      const env = testEnv(dir, null, null);
      const deno = Deno.execPath();
      const task = await onTerminal(`${deno} task -q cli doctor --json`, env);
      assert(!/Deno requests|Allow\?/.test(task), task);
      const checks = JSON.parse(task.slice(task.indexOf("["))) as { check: string; ok: boolean }[];
      const prompt = checks.find((c) => c.check.startsWith("nothing outside the fence"));
      assertEquals(prompt?.ok, true, task);
      for (const c of checks.filter((c) => c.check !== "a token is set")) assert(c.ok, task);
      // The same permission set started by hand without --no-prompt: Deno asks, the "y" opens.
      const byHand = await onTerminal(`${deno} run --quiet -P ${MAIN} doctor --json`, env);
      assertMatch(byHand, /Deno requests/);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
