// The MCP tool reference for the README, made from what the real server lists (tools/list),
// so the documentation cannot drift from the tools.
//
//   deno run -A tools/gen_tool_reference.ts                   prints it
//   deno run -A tools/gen_tool_reference.ts --write README.md replaces the text between
//                                                             <!-- tools:begin --> and
//                                                             <!-- tools:end --> in the file
//   deno run -A tools/gen_tool_reference.ts --check README.md exits 1 when that text differs

import { parseArgs } from "node:util";
import { connectServer } from "../tests/mcp_client.ts";
import { testEnv } from "../tests/program.ts";

export const BEGIN = "<!-- tools:begin -->";
export const END = "<!-- tools:end -->";
const ROOT = new URL("../", import.meta.url);

type Json = Record<string, unknown>;

/** A tool as tools/list gives it, with the fields the reference and the snapshots use. */
export interface ListedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Json;
  outputSchema?: Json;
  annotations?: Json;
}

/** Starts the real server on an empty data directory, without a token, and lists its tools. */
export async function listServerTools(): Promise<ListedTool[]> {
  const dir = await Deno.makeTempDir({ prefix: "fim-tools-" });
  try {
    const server = await connectServer(testEnv(dir, null, null));
    try {
      const { tools } = await server.client.listTools();
      return tools.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema: t.inputSchema,
        outputSchema: t.outputSchema,
        annotations: t.annotations,
      }));
    } finally {
      await server.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The reference, as markdown that `deno fmt` leaves as it is. */
export async function toolReference(tools?: ListedTool[]): Promise<string> {
  return await formatMarkdown(renderReference(tools ?? await listServerTools()));
}

export function renderReference(tools: ListedTool[]): string {
  const out = [
    "<!-- Generated from the server's tools/list by tools/gen_tool_reference.ts: change the " +
    "tools, then run `deno run -A tools/gen_tool_reference.ts --write README.md`. -->",
    "",
  ];
  for (const tool of tools) {
    out.push(`### \`${tool.name}\`: ${tool.title ?? tool.name}`, "", oneLine(tool.description), "");
    const a = tool.annotations ?? {};
    const hints = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]
      .map((h) => `\`${h}: ${a[h] ?? "unset"}\``);
    out.push(`Annotations: ${hints.join(", ")}.`, "");
    const props = (tool.inputSchema.properties ?? {}) as Record<string, Json>;
    const required = new Set((tool.inputSchema.required ?? []) as string[]);
    if (Object.keys(props).length === 0) {
      out.push("No parameters.", "");
    } else {
      out.push("| Parameter | Type | Required | Description |", "| --- | --- | --- | --- |");
      for (const [name, schema] of Object.entries(props)) {
        out.push(
          `| \`${name}\` | ${cell(typeOf(schema))} | ${required.has(name) ? "yes" : "no"} | ${
            cell(oneLine(schema.description as string | undefined))
          } |`,
        );
      }
      out.push("");
    }
    const fields = Object.keys((tool.outputSchema?.properties ?? {}) as Json);
    if (fields.length) {
      out.push(`Returns (\`structuredContent\`): ${fields.map((f) => `\`${f}\``).join(", ")}.`, "");
    }
  }
  return out.join("\n");
}

/** A JSON Schema's type in words: "string", "integer, 1 to 150", "one of `a`, `b`". */
function typeOf(schema: Json): string {
  if (Array.isArray(schema.enum)) {
    return `one of ${schema.enum.map((v) => `\`${v}\``).join(", ")}`;
  }
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(" or ");
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : String(schema.type);
  if (type === "array") return `array of ${typeOf((schema.items ?? {}) as Json)}`;
  const min = schema.minimum as number | undefined;
  const max = schema.maximum as number | undefined;
  const bounded = max !== undefined && max < Number.MAX_SAFE_INTEGER;
  if (min !== undefined && bounded) return `${type}, ${min} to ${max}`;
  if (min !== undefined) return `${type}, at least ${min}`;
  if (bounded) return `${type}, at most ${max}`;
  return type;
}

function oneLine(text: string | undefined): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

async function formatMarkdown(text: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=md", "-"],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    throw new Error(`deno fmt failed on the reference: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/** The text between the markers, or null when the file has none. */
export function sectionOf(text: string): string | null {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) return null;
  return text.slice(begin + BEGIN.length, end);
}

/** The file's text with the section between the markers replaced by the reference. */
export function withSection(text: string, reference: string, file: string): string {
  if (sectionOf(text) === null) {
    throw new Error(`${file} has no ${BEGIN} … ${END} section to fill in`);
  }
  const begin = text.indexOf(BEGIN) + BEGIN.length;
  // Blank lines around the reference keep the file as `deno fmt` would leave it.
  return `${text.slice(0, begin)}\n${reference}\n${text.slice(text.indexOf(END))}`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { write: { type: "string" }, check: { type: "string" } },
  });
  const reference = await toolReference();
  if (values.write) {
    const text = await Deno.readTextFile(values.write);
    await Deno.writeTextFile(values.write, withSection(text, reference, values.write));
    console.error(`Wrote the tool reference into ${values.write}`);
  } else if (values.check) {
    const text = await Deno.readTextFile(values.check);
    if (withSection(text, reference, values.check) !== text) {
      console.error(
        `${values.check}: the tool reference is out of date; run ` +
          `deno run -A tools/gen_tool_reference.ts --write ${values.check}`,
      );
      Deno.exit(1);
    }
  } else {
    console.log(reference);
  }
}
