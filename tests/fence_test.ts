// The permission fence, proved from the program's own code paths: the CLI's `doctor` tries
// what must be refused, the MCP server reports the fence it runs in, and a host outside the
// fence gets a plain error.

import { assert, assertEquals, assertMatch } from "./assert.ts";
import denoJson from "../deno.json" with { type: "json" };
import { fencePermissions, INTERCOM_HOSTS } from "../src/fence.ts";
import { tempDir, TOKEN } from "./cache_check.ts";
import { startDouble } from "./double/server.ts";
import { generateWorkspace } from "./double/workspace.ts";
import { connectServer } from "./mcp_client.ts";
import { MAIN, runCli, testEnv } from "./program.ts";

Deno.test("the fence allows the data directory and Intercom's hosts, and nothing else", () => {
  const p = fencePermissions("/data", ["127.0.0.1:8080"]);
  assertEquals(p.read, ["/data"]);
  assertEquals(p.write, ["/data"]);
  assertEquals(p.net, [...INTERCOM_HOSTS, "127.0.0.1:8080"]);
  assertEquals([p.env, p.run, p.ffi, p.sys, p.import], [false, false, false, false, false]);
});

Deno.test("start, the CLI and compile all use the one permission set of deno.json", () => {
  const tasks = Object.fromEntries(
    Object.entries(denoJson.tasks as Record<string, string | { command: string }>).map((
      [k, v],
    ) => [k, typeof v === "string" ? v : v.command]),
  );
  for (const name of ["start", "cli"]) {
    assertMatch(tasks[name], / -P /, name);
    assert(!/--allow-/.test(tasks[name]), `${name} adds no permission of its own`);
  }
  if (tasks.compile) assertMatch(tasks.compile, /-P\b/);
  const set = (denoJson.permissions as Record<string, Record<string, unknown>>).default;
  assertEquals((set.net as string[]).slice(0, 3), INTERCOM_HOSTS);
  assertEquals(set.run, undefined);
  assertEquals(set.ffi, undefined);
});

Deno.test("doctor: inside the fence the cache, config and log work, and reading outside, other hosts, other variables and programs are refused", async () => {
  const ws = generateWorkspace({ seed: 3, conversations: 20 });
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  try {
    const env = testEnv(dir, double.url, TOKEN);
    assertEquals((await runCli(["init", "--token", TOKEN], env)).code, 0);
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
