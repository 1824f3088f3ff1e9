// The tools as clients see them: the real server's tools/list (name, title, description,
// inputSchema, outputSchema, annotations), one checked-in snapshot per tool in
// tests/__snapshots__/tools/, so that every change to what a model reads shows up in review.
// After an intended change, rewrite the snapshots and commit them:
//
//   UPDATE_SNAPSHOTS=1 deno test -P=test tests/tool_schemas_test.ts
//
// The tool reference in docs/tools.md (and README.md, once it has the markers) is held to what
// tools/gen_tool_reference.ts makes from the same list.

import { assert, assertEquals } from "./assert.ts";
import {
  type ListedTool,
  listServerTools,
  sectionOf,
  toolReference,
} from "../tools/gen_tool_reference.ts";

const SNAPSHOTS = new URL("./__snapshots__/tools/", import.meta.url);
const ROOT = new URL("../", import.meta.url);
const UPDATE = Deno.env.get("UPDATE_SNAPSHOTS") === "1";
const HINTS = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"];

// One server start for the whole file.
const tools: ListedTool[] = await listServerTools();

function readText(url: URL): string | null {
  try {
    return Deno.readTextFileSync(url);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

Deno.test("every tool's definition matches its snapshot in tests/__snapshots__/tools", () => {
  const files = new Set<string>();
  try {
    for (const entry of Deno.readDirSync(SNAPSHOTS)) files.add(entry.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  if (UPDATE) {
    Deno.mkdirSync(SNAPSHOTS, { recursive: true });
    for (const tool of tools) {
      Deno.writeTextFileSync(
        new URL(`${tool.name}.json`, SNAPSHOTS),
        JSON.stringify(tool, null, 2) + "\n",
      );
      files.delete(`${tool.name}.json`);
    }
    for (const stale of files) Deno.removeSync(new URL(stale, SNAPSHOTS));
    return;
  }
  const rerun = "if the change is intended, run UPDATE_SNAPSHOTS=1 deno test -P=test " +
    "tests/tool_schemas_test.ts and commit the snapshots";
  for (const tool of tools) {
    const text = readText(new URL(`${tool.name}.json`, SNAPSHOTS));
    assert(text !== null, `no snapshot of ${tool.name}; ${rerun}`);
    const listed = JSON.parse(JSON.stringify(tool));
    assertEquals(listed, JSON.parse(text), `${tool.name} differs from its snapshot; ${rerun}`);
    files.delete(`${tool.name}.json`);
  }
  assertEquals([...files], [], `snapshots of tools the server no longer lists; ${rerun}`);
});

Deno.test("tool names are unique, every tool sets all four hints, and every input property is described", () => {
  const names = tools.map((t) => t.name);
  assertEquals(new Set(names).size, names.length, `duplicate names in ${names.join(", ")}`);
  for (const tool of tools) {
    assert(/^[a-z][a-z_]*$/.test(tool.name), `${tool.name} is snake_case`);
    assert(tool.title, `${tool.name} has a title`);
    assert(tool.description, `${tool.name} has a description`);
    assert(tool.outputSchema, `${tool.name} declares an outputSchema`);
    for (const hint of HINTS) {
      assertEquals(typeof tool.annotations?.[hint], "boolean", `${tool.name} sets ${hint}`);
    }
    const props = (tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
    for (const [name, schema] of Object.entries(props)) {
      assert(schema.description?.trim(), `${tool.name}: input property ${name} has a description`);
    }
  }
});

const reference = await toolReference(tools);

for (const file of ["docs/tools.md", "README.md"]) {
  const text = readText(new URL(file, ROOT));
  const section = text === null ? null : sectionOf(text);
  Deno.test({
    name: `${file} holds the tool reference that tools/gen_tool_reference.ts makes`,
    // The README gets the markers when the reference is included in it.
    ignore: file === "README.md" && section === null,
    fn() {
      assert(section !== null, `${file} has no <!-- tools:begin --> … <!-- tools:end --> section`);
      assertEquals(
        section.trim(),
        reference.trim(),
        `${file}'s tool reference is out of date: run deno run -A tools/gen_tool_reference.ts --write ${file}`,
      );
    },
  });
}
