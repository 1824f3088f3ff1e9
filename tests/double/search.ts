// POST /conversations/search for the test double: checks the request the way Intercom does,
// evaluates the filter tree, sorts, and pages with an offset cursor over the live result list.

import { type ConversationRecord, plainText, type Workspace } from "./workspace.ts";

/** A 400 the double answers with; `field` names the offending parameter. */
export class SearchError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

type Kind = "string" | "integer" | "date" | "boolean";
type Scalar = string | number | boolean | null;

interface Field {
  kind: Kind;
  get: (c: ConversationRecord) => Scalar | Scalar[];
}

// The fields of the description's "Accepted Fields" table that a cache sync or a test may use.
const FIELDS: Record<string, Field> = {
  "id": { kind: "string", get: (c) => c.id },
  "created_at": { kind: "date", get: (c) => c.created_at },
  "updated_at": { kind: "date", get: (c) => c.updated_at },
  "waiting_since": { kind: "date", get: (c) => c.waiting_since },
  "snoozed_until": { kind: "date", get: (c) => c.snoozed_until },
  "source.type": { kind: "string", get: (c) => c.source.type },
  "source.id": { kind: "string", get: (c) => c.source.id },
  "source.delivered_as": { kind: "string", get: (c) => c.source.delivered_as },
  "source.subject": { kind: "string", get: (c) => c.source.subject },
  "source.body": { kind: "string", get: (c) => c.source.body },
  "source.author.id": { kind: "string", get: (c) => c.source.author.id },
  "source.author.type": { kind: "string", get: (c) => c.source.author.type },
  "source.author.name": { kind: "string", get: (c) => c.source.author.name },
  "source.author.email": { kind: "string", get: (c) => c.source.author.email },
  "source.url": { kind: "string", get: (c) => c.source.url },
  "contact_ids": { kind: "string", get: (c) => c.contacts.contacts.map((x) => x.id) },
  "teammate_ids": {
    kind: "string",
    get: (c) => c.teammates?.teammates.map((t) => t.id ?? "") ?? [],
  },
  "admin_assignee_id": { kind: "integer", get: (c) => c.admin_assignee_id },
  "team_assignee_id": { kind: "integer", get: (c) => c.team_assignee_id },
  "open": { kind: "boolean", get: (c) => c.open },
  "read": { kind: "boolean", get: (c) => c.read },
  "state": { kind: "string", get: (c) => c.state },
  "tag_ids": { kind: "string", get: (c) => c.tags.tags.map((t) => t.id) },
  "priority": { kind: "string", get: (c) => c.priority },
  "statistics.last_contact_reply_at": {
    kind: "date",
    get: (c) => c.statistics.last_contact_reply_at ?? null,
  },
  "statistics.last_admin_reply_at": {
    kind: "date",
    get: (c) => c.statistics.last_admin_reply_at ?? null,
  },
  "statistics.last_close_at": { kind: "date", get: (c) => c.statistics.last_close_at ?? null },
  "statistics.count_conversation_parts": {
    kind: "integer",
    get: (c) => c.statistics.count_conversation_parts,
  },
  "ai_agent_participated": { kind: "boolean", get: (c) => c.ai_agent_participated },
};

const STRING_OPS = new Set(["=", "!=", "IN", "NIN", "~", "!~", "^", "$"]);
const NUMBER_OPS = new Set(["=", "!=", "IN", "NIN", ">", "<", ">=", "<="]);
const BOOLEAN_OPS = new Set(["=", "!=", "IN", "NIN"]);
const OPS_BY_KIND: Record<Kind, Set<string>> = {
  string: STRING_OPS,
  integer: NUMBER_OPS,
  date: NUMBER_OPS,
  boolean: BOOLEAN_OPS,
};
const NEGATED: Record<string, string> = { "!=": "=", "NIN": "IN", "!~": "~" };

const MAX_DEPTH = 2;
const MAX_PER_GROUP = 15;
const MAX_PER_PAGE = 150;
const DEFAULT_PER_PAGE = 20;

type Node =
  | { group: "AND" | "OR"; items: Node[] }
  | { field: Field; name: string; op: string; value: Scalar | Scalar[] };

export interface SearchRequest {
  query: Node;
  perPage: number;
  offset: number;
  sort: { field: Field; name: string; descending: boolean } | null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function onlyKeys(v: Record<string, unknown>, allowed: string[], where: string): void {
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) {
      throw new SearchError(
        `${where} has an unknown key "${k}"; expected ${allowed.join(", ")}`,
        k,
      );
    }
  }
}

function coerce(kind: Kind, v: unknown, name: string): Scalar {
  if (v === null) return null;
  if (kind === "string") {
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isInteger(v)) return String(v);
  } else if (kind === "boolean") {
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "false") return v === "true";
  } else {
    if (typeof v === "number" && Number.isInteger(v)) return v;
    // The description's own example sends timestamps as digit strings.
    if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  }
  throw new SearchError(`${name} needs a ${kind} value, got ${JSON.stringify(v)}`, name);
}

function parseNode(v: unknown, depth: number): Node {
  if (!isObject(v)) {
    throw new SearchError(`query must be an object, got ${JSON.stringify(v)}`, "query");
  }
  if (v.operator === "AND" || v.operator === "OR") {
    onlyKeys(v, ["operator", "value"], "a query group");
    if (depth >= MAX_DEPTH) {
      throw new SearchError(`query nests groups deeper than ${MAX_DEPTH} levels`, "query");
    }
    const items = v.value;
    if (!Array.isArray(items) || items.length === 0) {
      throw new SearchError("a query group needs a non-empty array of filters or groups", "query");
    }
    if (items.length > MAX_PER_GROUP) {
      throw new SearchError(
        `a query group holds at most ${MAX_PER_GROUP} filters, got ${items.length}`,
        "query",
      );
    }
    const nodes = items.map((item) => parseNode(item, depth + 1));
    const groups = nodes.filter((n) => "group" in n).length;
    // The 2.16 description types a group's value as either all filters or all groups.
    if (groups !== 0 && groups !== nodes.length) {
      throw new SearchError(
        "a query group's value must be all filters or all groups, not a mix",
        "query",
      );
    }
    return { group: v.operator, items: nodes };
  }
  onlyKeys(v, ["field", "operator", "value"], "a query filter");
  const name = v.field;
  if (typeof name !== "string") throw new SearchError("a query filter needs a field", "query");
  const field = FIELDS[name];
  if (!field) throw new SearchError(`${name} is not a searchable field`, name);
  const op = v.operator;
  if (typeof op !== "string" || !OPS_BY_KIND[field.kind].has(op)) {
    throw new SearchError(
      `operator ${JSON.stringify(op)} does not apply to ${name} (${field.kind})`,
      name,
    );
  }
  if (!("value" in v)) throw new SearchError(`the filter on ${name} has no value`, name);
  if (op === "IN" || op === "NIN") {
    if (!Array.isArray(v.value)) throw new SearchError(`${op} needs an array value`, name);
    return { field, name, op, value: v.value.map((x) => coerce(field.kind, x, name)) };
  }
  if (Array.isArray(v.value)) throw new SearchError(`${op} needs a single value`, name);
  const value = coerce(field.kind, v.value, name);
  if (value === null && op !== "=" && op !== "!=") {
    throw new SearchError(`${op} cannot compare ${name} with null`, name);
  }
  return { field, name, op, value };
}

/** Encodes an offset as an opaque cursor. */
export function encodeCursor(offset: number): string {
  return btoa(JSON.stringify(["offset", offset]));
}

function decodeCursor(cursor: string): number {
  try {
    const [tag, offset] = JSON.parse(atob(cursor));
    if (tag === "offset" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw new SearchError("starting_after is not a cursor this API gave out", "starting_after");
}

/** Checks a search request body; throws SearchError with the message Intercom would give. */
export function parseSearch(body: unknown): SearchRequest {
  if (!isObject(body)) throw new SearchError("the request body must be a JSON object");
  onlyKeys(body, ["query", "pagination", "sort"], "the request body");
  if (!("query" in body)) throw new SearchError("query is required", "query");
  const query = parseNode(body.query, 0);

  let perPage = DEFAULT_PER_PAGE;
  let offset = 0;
  const pagination = body.pagination;
  if (pagination !== undefined && pagination !== null) {
    if (!isObject(pagination)) throw new SearchError("pagination must be an object", "pagination");
    onlyKeys(pagination, ["per_page", "starting_after"], "pagination");
    if (pagination.per_page !== undefined) {
      const n = pagination.per_page;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_PER_PAGE) {
        throw new SearchError(
          `per_page must be an integer from 1 to ${MAX_PER_PAGE}, got ${JSON.stringify(n)}`,
          "per_page",
        );
      }
      perPage = n;
    }
    const cursor = pagination.starting_after;
    if (cursor !== undefined && cursor !== null) {
      if (typeof cursor !== "string") {
        throw new SearchError("starting_after must be a string", "starting_after");
      }
      offset = decodeCursor(cursor);
    }
  }

  let sort: SearchRequest["sort"] = null;
  if (body.sort !== undefined) {
    if (!isObject(body.sort)) throw new SearchError("sort must be an object", "sort");
    onlyKeys(body.sort, ["field", "order"], "sort");
    const name = body.sort.field;
    const field = typeof name === "string" ? FIELDS[name] : undefined;
    if (typeof name !== "string" || !field) {
      throw new SearchError(`cannot sort by ${JSON.stringify(name)}`, "sort.field");
    }
    const order = body.sort.order;
    if (order !== "ascending" && order !== "descending") {
      throw new SearchError(
        `sort order must be "ascending" or "descending", got ${JSON.stringify(order)}`,
        "sort.order",
      );
    }
    sort = { field, name, descending: order === "descending" };
  }
  return { query, perPage, offset, sort };
}

function lower(v: Scalar): Scalar {
  return typeof v === "string" ? v.toLowerCase() : v;
}

// String comparisons ignore case, as Intercom's search does for emails and names.
function test1(
  actual: Scalar,
  op: string,
  expected: Scalar | Scalar[],
  bodyWords: boolean,
): boolean {
  if (op === "IN") return (expected as Scalar[]).some((e) => test1(actual, "=", e, bodyWords));
  if (expected === null || actual === null) return op === "=" && actual === expected;
  const a = lower(actual);
  const e = lower(expected as Scalar);
  switch (op) {
    case "=":
      // source.body matches word by word, as the description explains.
      return bodyWords ? (a as string).split(/[^\p{L}\p{N}@.'-]+/u).includes(e as string) : a === e;
    case ">":
      return (a as number) > (e as number);
    case "<":
      return (a as number) < (e as number);
    case ">=":
      return (a as number) >= (e as number);
    case "<=":
      return (a as number) <= (e as number);
    case "~":
      return (a as string).includes(e as string);
    case "^":
      return (a as string).startsWith(e as string);
    case "$":
      return (a as string).endsWith(e as string);
  }
  throw new Error(`unhandled operator ${op}`);
}

function matches(node: Node, c: ConversationRecord): boolean {
  if ("group" in node) {
    return node.group === "AND"
      ? node.items.every((n) => matches(n, c))
      : node.items.some((n) => matches(n, c));
  }
  const bodyWords = node.name === "source.body";
  let raw = node.field.get(c);
  if (bodyWords && typeof raw === "string") raw = plainText(raw);
  const values = Array.isArray(raw) ? raw : [raw];
  const positive = NEGATED[node.op];
  if (positive) return !values.some((v) => test1(v, positive, node.value, bodyWords));
  if (Array.isArray(raw) && raw.length === 0) return false;
  return values.some((v) => test1(v, node.op, node.value, bodyWords));
}

function compare(a: Scalar | Scalar[], b: Scalar | Scalar[], descending: boolean): number {
  const x = Array.isArray(a) ? a[0] ?? null : a;
  const y = Array.isArray(b) ? b[0] ?? null : b;
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return (x < y) !== descending ? -1 : 1;
}

/**
 * Every conversation matching the request, in result order: by the sort field (nulls last),
 * ties and unsorted requests by id, i.e. creation order.
 */
export function evaluate(ws: Workspace, req: SearchRequest): ConversationRecord[] {
  const out: ConversationRecord[] = [];
  for (const c of ws.conversations.values()) if (matches(req.query, c)) out.push(c);
  const sort = req.sort;
  return out.sort((a, b) => {
    if (sort) {
      const byField = compare(sort.field.get(a), sort.field.get(b), sort.descending);
      if (byField !== 0) return byField;
    }
    return Number(a.id) - Number(b.id);
  });
}
