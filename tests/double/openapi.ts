// Intercom's OpenAPI 3.0 description (the copy beside this file) and a compact checker of JSON
// values against it, so the contract test can hold the double to what the description says.

import { parse } from "yaml";

/** The copy of intercom/Intercom-OpenAPI descriptions/2.16/api.intercom.io.yaml kept in the repo. */
export const DESCRIPTION_URL = new URL("./api.intercom.io.yaml", import.meta.url);
/** sha256 of that file as published (commit 8889625a7b931d8649e18726e7f872ff073520fc). */
export const DESCRIPTION_SHA256 =
  "212b09336bf561992d998e6650d4eaacb44aa0a0f02504e398cf10f1cfb9d238";

export type Schema = { [keyword: string]: unknown };

export interface Description {
  doc: Schema;
}

export async function loadDescription(url: URL = DESCRIPTION_URL): Promise<Description> {
  return { doc: parse(await Deno.readTextFile(url)) as Schema };
}

export async function sha256Hex(url: URL): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(url));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function isObject(v: unknown): v is Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function operation(d: Description, method: string, path: string): Schema {
  const op = ((d.doc.paths as Schema)[path] as Schema | undefined)?.[method.toLowerCase()];
  if (!isObject(op)) throw new Error(`the description has no ${method} ${path}`);
  return op;
}

/**
 * The schema and first example the description gives for one response, or undefined when it
 * describes no such status for that operation.
 */
export function responseFor(
  d: Description,
  method: string,
  path: string,
  status: number,
): { schema: Schema; example: unknown } | undefined {
  const responses = operation(d, method, path).responses as Schema;
  const response = responses[String(status)] as Schema | undefined;
  if (!response) return undefined;
  const media = (response.content as Schema)["application/json"] as Schema;
  const examples = (media.examples ?? {}) as Record<string, { value: unknown }>;
  return { schema: media.schema as Schema, example: Object.values(examples)[0]?.value };
}

export function requestSchema(d: Description, method: string, path: string): Schema {
  const body = operation(d, method, path).requestBody as Schema;
  return ((body.content as Schema)["application/json"] as Schema).schema as Schema;
}

export function schemaAt(d: Description, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: unknown = d.doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[key] : undefined;
  }
  if (!isObject(node)) throw new Error(`${ref} resolves to nothing`);
  return node;
}

/**
 * A place where the double knowingly differs from the description because the real API does.
 * `at` is an instance path like "conversations[].statistics.last_closed_by_id".
 */
export interface Deviation {
  at: string;
  why: string;
  /** The value allowed there instead of what the schema says (also used for undescribed properties). */
  accepts?: (value: unknown) => boolean;
  /** The property may be missing although the description's example shows it. */
  mayBeAbsent?: true;
}

export interface Problem {
  at: string;
  message: string;
}

export interface CheckOptions {
  /** The description's example for this response: its properties count as described too. */
  example?: unknown;
  deviations?: Deviation[];
  /**
   * Also report properties neither the schema nor the example describes, and properties the
   * example shows that the value lacks. Default true.
   */
  closed?: boolean;
}

export interface CheckResult {
  problems: Problem[];
  /** The deviations this value actually needed. */
  used: Set<Deviation>;
}

// Keywords that only annotate. `format` is one of them here: the description puts
// `format: date-time` on integer Unix timestamps, so formats say nothing checkable.
const ANNOTATIONS = new Set([
  "title",
  "description",
  "example",
  "examples",
  "default",
  "readOnly",
  "writeOnly",
  "deprecated",
  "format",
  "discriminator",
  "externalDocs",
]);
const ASSERTIONS = new Set([
  "$ref",
  "type",
  "nullable",
  "enum",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "allOf",
  "anyOf",
  "oneOf",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
]);

interface Ctx {
  d: Description;
  deviations: Deviation[];
  closed: boolean;
  problems: Problem[];
  used: Set<Deviation>;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function show(v: unknown): string {
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    case "array":
      return Array.isArray(v);
    case "object":
      return isObject(v);
  }
  throw new Error(`unknown schema type ${type}`);
}

function checkKeywords(schema: Schema): void {
  for (const k of Object.keys(schema)) {
    if (!ANNOTATIONS.has(k) && !ASSERTIONS.has(k) && !k.startsWith("x-")) {
      // Never pass a value silently because of a rule this checker does not know.
      throw new Error(`the checker does not implement the schema keyword "${k}"`);
    }
  }
}

/** Whether the schema admits null, the OpenAPI 3.0 way (`nullable`, also beside a $ref). */
function acceptsNull(ctx: Ctx, schema: Schema): boolean {
  if (schema.nullable === true) return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  if (typeof schema.$ref === "string") return acceptsNull(ctx, schemaAt(ctx.d, schema.$ref));
  if (schema.type !== undefined) return false;
  if (Array.isArray(schema.allOf)) return schema.allOf.every((s) => acceptsNull(ctx, s as Schema));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return alternatives.some((s) => acceptsNull(ctx, s));
  return true;
}

/** Property names a schema describes at its own level, through $ref and allOf. */
function knownProperties(ctx: Ctx, schema: Schema, into = new Set<string>()): Set<string> {
  if (typeof schema.$ref === "string") {
    return knownProperties(ctx, schemaAt(ctx.d, schema.$ref), into);
  }
  for (const k of Object.keys((schema.properties ?? {}) as Schema)) into.add(k);
  for (const s of (schema.allOf ?? []) as Schema[]) knownProperties(ctx, s, into);
  return into;
}

function describesObject(ctx: Ctx, schema: Schema): boolean {
  if (typeof schema.$ref === "string") return describesObject(ctx, schemaAt(ctx.d, schema.$ref));
  return schema.properties !== undefined || Array.isArray(schema.allOf);
}

function deviationAt(ctx: Ctx, path: string, value: unknown): Deviation | undefined {
  return ctx.deviations.find((dev) => dev.at === path && dev.accepts?.(value));
}

/** Validates `value` against every alternative separately; returns how many accept it. */
function alternatives(
  ctx: Ctx,
  list: Schema[],
  value: unknown,
  path: string,
  example: unknown,
): { passing: number; firstProblems: Problem[]; used: Set<Deviation> } {
  let passing = 0;
  let firstProblems: Problem[] = [];
  let used = new Set<Deviation>();
  for (const branch of list) {
    const sub: Ctx = { ...ctx, problems: [], used: new Set() };
    validate(sub, branch, value, path, example);
    if (sub.problems.length === 0) {
      passing++;
      used = sub.used;
    } else if (firstProblems.length === 0) {
      firstProblems = sub.problems;
    }
  }
  return { passing, firstProblems, used };
}

function validate(
  ctx: Ctx,
  schema: Schema,
  value: unknown,
  path: string,
  example: unknown,
  closedHere = ctx.closed,
): void {
  const problem = (message: string) => ctx.problems.push({ at: path || "(root)", message });
  const deviation = deviationAt(ctx, path, value);
  if (deviation) {
    ctx.used.add(deviation);
    return;
  }
  checkKeywords(schema);
  if (typeof schema.$ref === "string") {
    if (value === null && schema.nullable === true) return;
    validate(ctx, schemaAt(ctx.d, schema.$ref), value, path, example, closedHere);
    // Beside a $ref the description only ever adds annotations, nullable or further rules.
    const { $ref: _ref, nullable: _nullable, ...rest } = schema;
    if (Object.keys(rest).some((k) => ASSERTIONS.has(k))) {
      validate(ctx, rest, value, path, example, false);
    }
    return;
  }
  if (value === null) {
    if (!acceptsNull(ctx, schema)) problem("is null, which the description does not allow here");
    return;
  }
  if (typeof schema.type === "string" && !typeOk(schema.type, value)) {
    problem(`expected ${schema.type}, got ${show(value)}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    problem(`expected one of ${show(schema.enum)}, got ${show(value)}`);
  }
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) {
      problem(`is shorter than ${schema.minLength}`);
    }
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) {
      problem(`is longer than ${schema.maxLength}`);
    }
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
      problem(`does not match ${schema.pattern}`);
    }
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) {
      problem(`is below ${schema.minimum}`);
    }
    if (typeof schema.maximum === "number" && value > schema.maximum) {
      problem(`is above ${schema.maximum}`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) {
      problem(`has fewer than ${schema.minItems} items`);
    }
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
      problem(`has more than ${schema.maxItems} items`);
    }
    if (isObject(schema.items)) {
      const itemExample = Array.isArray(example) ? example[0] : undefined;
      value.forEach((item, i) => {
        const before = ctx.problems.length;
        validate(ctx, schema.items as Schema, item, `${path}[]`, itemExample);
        // One path stands for every item: say which item went wrong.
        for (const p of ctx.problems.slice(before)) p.message = `(item ${i}) ${p.message}`;
      });
    }
  }
  if (isObject(value)) validateObject(ctx, schema, value, path, example, closedHere);
  for (const branch of (schema.allOf ?? []) as Schema[]) {
    validate(ctx, branch, value, path, example, false);
  }
  for (const [keyword, exact] of [["anyOf", false], ["oneOf", true]] as const) {
    const list = schema[keyword] as Schema[] | undefined;
    if (!list) continue;
    const result = alternatives(ctx, list, value, path, example);
    if (result.passing === 0) {
      const why = result.firstProblems.map((p) => `${p.at}: ${p.message}`).join("; ");
      problem(`matches none of the ${keyword} alternatives (first: ${why})`);
    } else if (exact && result.passing > 1) {
      problem(`matches ${result.passing} of the oneOf alternatives, not exactly one`);
    } else {
      for (const dev of result.used) ctx.used.add(dev);
    }
  }
}

function validateObject(
  ctx: Ctx,
  schema: Schema,
  value: Schema,
  path: string,
  example: unknown,
  closedHere: boolean,
): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const exampleObject = isObject(example) ? example : undefined;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (properties[key]) validate(ctx, properties[key], v, join(path, key), exampleObject?.[key]);
  }
  for (const key of (schema.required ?? []) as string[]) {
    if (!(key in value)) {
      ctx.problems.push({ at: path || "(root)", message: `lacks the required property ${key}` });
    }
  }
  const additional = schema.additionalProperties;
  const known = knownProperties(ctx, schema);
  for (const [key, v] of Object.entries(value)) {
    if (known.has(key)) continue;
    const at = join(path, key);
    if (isObject(additional)) {
      validate(ctx, additional, v, at, undefined);
      continue;
    }
    const closedWorld = closedHere && additional === undefined && describesObject(ctx, schema);
    if (additional !== false && !closedWorld) continue;
    if (exampleObject && key in exampleObject && additional !== false) continue;
    const deviation = deviationAt(ctx, at, v);
    if (deviation) ctx.used.add(deviation);
    else ctx.problems.push({ at, message: "is a property the description does not define" });
  }
  if (!closedHere || !exampleObject) return;
  for (const key of Object.keys(exampleObject)) {
    if (key in value) continue;
    const at = join(path, key);
    const deviation = ctx.deviations.find((dev) => dev.at === at && dev.mayBeAbsent);
    if (deviation) ctx.used.add(deviation);
    else ctx.problems.push({ at, message: "is missing, though the description's example has it" });
  }
}

/** Checks a value against a schema of the description. */
export function check(
  d: Description,
  schema: Schema,
  value: unknown,
  opts: CheckOptions = {},
): CheckResult {
  const ctx: Ctx = {
    d,
    deviations: opts.deviations ?? [],
    closed: opts.closed ?? true,
    problems: [],
    used: new Set(),
  };
  validate(ctx, schema, value, "", opts.example);
  return { problems: ctx.problems, used: ctx.used };
}
