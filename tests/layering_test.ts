// The structure holds: a lower layer of src/ never imports a higher one, SQL lives in src/store/
// only, and only main.ts reads the environment or ends the process. docs/architecture.md draws
// the same layers.

import { assert, assertEquals } from "./assert.ts";

const SRC = new URL("../src/", import.meta.url);

/** Layers from the bottom; a module may import its own layer and those below. */
export const LAYERS: readonly (readonly string[])[] = [
  ["time.ts", "model.ts", "version.ts", "format.ts"],
  ["config.ts", "datadir.ts", "log.ts", "intercom"],
  ["store"],
  ["sync", "search", "conversation", "stats"],
  ["app.ts", "fence.ts", "status.ts", "status_schema.ts"],
  ["tools"],
  ["mcp"],
  ["cli", "worker.ts"],
];

function layerOf(path: string): number {
  const top = path.split("/")[0];
  const i = LAYERS.findIndex((names) => names.includes(top));
  if (i < 0) throw new Error(`src/${path} is in no layer: add its folder to LAYERS`);
  return i;
}

function* sources(dir = SRC, prefix = ""): Generator<{ path: string; text: string }> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory) yield* sources(new URL(`${entry.name}/`, dir), `${path}/`);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
      yield { path, text: Deno.readTextFileSync(new URL(entry.name, dir)) };
    }
  }
}

function imports(path: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
    const target = new URL(m[1], new URL(path, SRC)).pathname;
    const base = SRC.pathname;
    if (target.startsWith(base)) out.push(target.slice(base.length));
  }
  return out;
}

Deno.test("no module in src/ imports from a higher layer", () => {
  const violations: string[] = [];
  for (const { path, text } of sources()) {
    for (const target of imports(path, text)) {
      if (layerOf(target) > layerOf(path)) violations.push(`src/${path} imports src/${target}`);
    }
  }
  assertEquals(violations, []);
});

Deno.test("SQL is written only in src/store/", () => {
  const sql =
    /\b(SELECT\s+[\s\S]{0,200}?\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA\s+\w+)/;
  const outside = [...sources()].filter(({ path, text }) =>
    !path.startsWith("store/") && sql.test(text.replace(/^\s*(\/\/|\*).*$/gm, ""))
  ).map(({ path }) => `src/${path}`);
  assertEquals(outside, []);
});

Deno.test("only main.ts reads the environment or ends the process", () => {
  // The fence's self-test reads a variable to prove it is refused: that is its job.
  const allowed = new Set(["fence.ts"]);
  const found = [...sources()].filter(({ path, text }) =>
    !allowed.has(path) && /\bDeno\.(env|exit)\b|\bprocess\.(env|exit)\b/.test(text)
  ).map(({ path }) => `src/${path}`);
  assertEquals(found, []);
  assert(/Deno\.exit/.test(Deno.readTextFileSync(new URL("../main.ts", import.meta.url))));
});
