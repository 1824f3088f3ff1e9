// What code inside the Worker can read through the module loader, which does not always ask the
// read permission: measured with the same fence the program draws (src/fence.ts), a probe module
// for the Worker, and JSON files inside and outside the data directory.

import { assert, assertEquals, assertMatch } from "../assert.ts";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fencePermissions, withinProcess } from "../../src/fence.ts";
import { tempDir } from "../cache_check.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Each probe's outcome: "read" with the secret, or the error's first line. */
type Outcomes = Record<string, string>;

/** Starts a Worker fenced like the program's on `dataDir`, running `probe`, for its outcomes. */
function runFenced(dataDir: string, probe: string): Promise<Outcomes> {
  const worker = new Worker(pathToFileURL(probe).href, {
    type: "module",
    deno: { permissions: withinProcess(fencePermissions(dataDir, [])) },
  } as WorkerOptions);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the probe did not answer")), 90_000);
    worker.onmessage = (e: MessageEvent<Outcomes>) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      clearTimeout(timer);
      e.preventDefault();
      worker.terminate();
      reject(new Error(e.message));
    };
  });
}

Deno.test("inside the fence a JSON file outside the data directory cannot be imported by a computed name, nor through a link; only a literal name written in a module is loaded", async () => {
  const root = tempDir();
  const dataDir = `${root}/data`;
  const outside = `${root}/outside`;
  Deno.mkdirSync(dataDir, { mode: 0o700 });
  Deno.mkdirSync(outside);
  try {
    Deno.writeTextFileSync(`${outside}/secret.json`, JSON.stringify({ token: "outside-secret" }));
    Deno.writeTextFileSync(`${outside}/literal.json`, JSON.stringify({ token: "literal-secret" }));
    Deno.writeTextFileSync(`${dataDir}/inside.json`, JSON.stringify({ token: "inside" }));
    const secret = pathToFileURL(`${outside}/secret.json`).href;
    const literal = pathToFileURL(`${outside}/literal.json`).href;
    // The probe runs inside the fence; it sits outside the data directory like the program's
    // own modules do, and its static graph is loaded before the fence applies.
    const probe = `${outside}/probe.ts`;
    Deno.writeTextFileSync(
      probe,
      `
const out: Record<string, string> = {};
const attempt = async (name: string, f: () => Promise<unknown>) => {
  try { out[name] = "read " + JSON.stringify(await f()); }
  catch (e) { out[name] = (e as Error).message.split("\\n")[0]; }
};
const json = { with: { type: "json" } } as const;
const name = (s: string) => [s].join("");
await attempt("computed", () => import(name(${JSON.stringify(secret)}), json));
await attempt("inside", () => import(name(${
        JSON.stringify(pathToFileURL(`${dataDir}/inside.json`).href)
      }), json));
await attempt("symlink", async () => Deno.symlinkSync(${
        JSON.stringify(`${outside}/secret.json`)
      }, ${JSON.stringify(`${dataDir}/link.json`)}));
await attempt("read", async () => Deno.readTextFileSync(${
        JSON.stringify(`${outside}/secret.json`)
      }));
await attempt("module", () => import(name(${
        JSON.stringify(pathToFileURL(probe).href)
      }) + "?again"));
await attempt("literal", () => import(${JSON.stringify(literal)}, json));
self.postMessage(out);
`,
    );
    const got = await runFenced(dataDir, probe);
    assertMatch(got.computed, /^Requires read access to/, "a computed name is checked");
    assertMatch(got.inside, /^read .*"inside"/, "the data directory is readable");
    assertMatch(got.symlink, /requires unscoped --allow-read and --allow-write/, "no link made");
    assertMatch(got.read, /^Requires read access/);
    assertMatch(got.module, /^Requires read access/, "no module outside by a computed name");
    // Deno loads a literal dynamic import with the module graph, before any check: the one way
    // through, open only to the program's own source (see the next test).
    assertMatch(got.literal, /literal-secret/);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("the Worker's module graph holds only the program's src/ modules and npm packages: no JSON module but its own deno.json, no literal import of a file elsewhere", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "src/worker.ts"],
    cwd: ROOT,
    stderr: "null",
  }).output();
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string; mediaType?: string; kind?: string }[];
  };
  const local = info.modules.filter((m) => m.specifier.startsWith("file:"));
  assert(local.length > 20, `the graph lists the program's modules (${local.length})`);
  const src = pathToFileURL(`${ROOT}src/`).href;
  // deno.json itself is read for the version (src/version.ts), and holds no secret.
  const config = pathToFileURL(`${ROOT}deno.json`).href;
  const elsewhere = local.filter((m) => !m.specifier.startsWith(src) && m.specifier !== config);
  assertEquals(elsewhere.map((m) => m.specifier), []);
  assertEquals(info.modules.filter((m) => m.mediaType === "Json").map((m) => m.specifier), [
    config,
  ]);
  // Everything else is a Node built-in or an npm package, whose dynamic imports Deno checks.
  const other = info.modules.map((m) => m.specifier).filter((s) => !/^(file|node|npm):/.test(s));
  assertEquals(other, []);
});
