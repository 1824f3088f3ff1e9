// A person running the program sees nothing but the program's own words: no warning from Deno,
// no download line once the first run has filled the cache, no echo of the command line.

import { assert, assertEquals, assertMatch } from "./assert.ts";
import { fileURLToPath } from "node:url";
import { tempDir } from "./cache_check.ts";
import { DENO_DIR, testEnv } from "./program.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function task(args: string[], env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", ...args],
    cwd: ROOT,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("deno task -q cli and start print only the program's words: no experimental-feature warning, no command line", async () => {
  const dir = tempDir();
  try {
    const env = { ...testEnv(dir, null, null), NO_COLOR: "1" };
    const version = await task(["-q", "cli", "--version"], env);
    assertEquals(version.code, 0, version.stderr);
    assertEquals(version.stderr, "");
    assertMatch(version.stdout, /^fast-intercom-mcp \S+ \(commit /);
    // stdin closed at once: the server starts, logs, and ends.
    const start = await task(["-q", "start"], env);
    assert(!/Warning|experimental|Task start/.test(start.stderr), start.stderr);
    for (const line of start.stderr.trim().split("\n").filter((l) => l)) {
      assertMatch(line, /^\S+ \S+ \S+ \[(DBG|INF|WRN|ERR)\] /, "only the program's log lines");
    }
    assertEquals(start.stdout, "", "stdout carries only MCP messages, and none was asked for");
    // Without -q, deno task itself names the task it runs, and nothing else is added.
    const plain = await task(["cli", "--version"], env);
    assertEquals(plain.stderr.trim().split("\n").length, 1, plain.stderr);
    assertMatch(plain.stderr, /^Task cli deno run --quiet/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "with the packages that deno task installs and no registry reachable, every run starts without a download",
  // Hard links make the copy of the cache instant; `cp -al` is GNU's.
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const dir = tempDir();
    const cache = tempDir();
    try {
      // What `deno task` leaves in a fresh cache: the locked packages, without the registry's
      // package documents that `deno run` fetched again on every start (and never kept).
      Deno.mkdirSync(`${cache}/npm`);
      const copy = await new Deno.Command("cp", {
        args: ["-al", `${DENO_DIR}/npm/registry.npmjs.org`, `${cache}/npm/`],
      }).output();
      assert(copy.success, new TextDecoder().decode(copy.stderr));
      for (const pkg of walkPackages(`${cache}/npm/registry.npmjs.org`)) {
        Deno.removeSync(`${pkg}/registry.json`);
      }
      // Every download would pass through this proxy: it counts the connections and drops them
      // (a failed download is not fatal to Deno, and --quiet would hide its line).
      const proxy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      let attempts = 0;
      const counting = (async () => {
        for await (const conn of proxy) {
          attempts++;
          conn.close();
        }
      })();
      const proxyUrl = `http://127.0.0.1:${(proxy.addr as Deno.NetAddr).port}`;
      const env = {
        ...testEnv(dir, null, null),
        NO_COLOR: "1",
        DENO_DIR: cache,
        HTTPS_PROXY: proxyUrl,
        HTTP_PROXY: proxyUrl,
        // Deno's own check for a newer Deno (dl.deno.land) is not the program's download.
        DENO_NO_UPDATE_CHECK: "1",
      };
      try {
        for (const args of [["cli", "--version"], ["cli", "status"], ["cli", "--version"]]) {
          const run = await task(args, env);
          assertEquals(run.code, 0, run.stderr);
          assert(!/Download|error/i.test(run.stderr), run.stderr);
        }
      } finally {
        proxy.close();
        await counting.catch(() => {});
      }
      assertEquals(attempts, 0, "downloads tried");
    } finally {
      Deno.removeSync(dir, { recursive: true });
      Deno.removeSync(cache, { recursive: true });
    }
  },
});

/** The package folders (those with a registry.json) under a registry's cache folder. */
function* walkPackages(root: string): Generator<string> {
  for (const entry of Deno.readDirSync(root)) {
    if (!entry.isDirectory) continue;
    const path = `${root}/${entry.name}`;
    if (entry.name.startsWith("@")) yield* walkPackages(path);
    else {
      try {
        Deno.lstatSync(`${path}/registry.json`);
        yield path;
      } catch {
        // a package only ever installed from the lockfile: nothing to remove
      }
    }
  }
}
