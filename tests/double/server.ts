// The HTTP test double of Intercom's REST API (2.16) on 127.0.0.1: auth, version and Accept checks,
// fixed-window rate limiting, the endpoints a cache sync needs, and injectable network faults.
// Built on node:http rather than Deno.serve because only a raw socket can drop a connection
// without answering, which is the fault a client's retry logic most needs to meet.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { encodeCursor, evaluate, parseSearch, SearchError, type SearchRequest } from "./search.ts";
import { makeRng, type Rng } from "./text.ts";
import { HELP_CENTER_ROUTES, helpCenterAnswer } from "./help_center_routes.ts";
import { TICKET_ROUTES, ticketAnswer } from "./ticket_routes.ts";
import { companiesOf } from "./companies.ts";
import {
  type ContactRecord,
  type ConversationRecord,
  renderConversation,
  renderConversationListItem,
  type Workspace,
} from "./workspace.ts";

export interface Faults {
  /** Fraction of requests answered 429 rate_limit_exceeded (error.list body, rate-limit headers). */
  rate429?: number;
  /** Fraction answered 503 with an HTML gateway page (Content-Type text/html). */
  rate503Html?: number;
  /** Fraction answered 200 with an empty body. */
  rateEmpty200?: number;
  /** Fraction where the connection is dropped without a response. */
  rateReset?: number;
  /** Fraction answered 200 with the real body cut short, so it is not valid JSON. */
  rateMalformed?: number;
  /** Requests that never answer, until the client gives up or the double closes. */
  hang?: (path: string) => boolean;
  /** Faults come from a PRNG with this seed (default 1), restarted by setFaults, so runs repeat. */
  seed?: number;
}

export interface DoubleOptions {
  workspace: Workspace;
  /** The only accepted Bearer token. */
  token: string;
  /** Added to every request. Default 0. */
  latencyMs?: number;
  /** Default { limit: 1666, windowSeconds: 10 }, Intercom's 10,000 a minute. */
  rateLimit?: { limit: number; windowSeconds?: number };
  faults?: Faults;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Called before answering, with the running request count; tests mutate the workspace here. */
  onRequest?: (info: { method: string; path: string; count: number }) => void | Promise<void>;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The query string without its "?". */
  query: string;
  /** 0 when no response was sent (a dropped or hung request). */
  status: number;
  /** The parsed JSON body of a POST, or its raw text when it is not JSON. */
  body?: unknown;
  authorization?: string;
  intercomVersion?: string | null;
}

export interface DoubleStats {
  requests: number;
  /** Keys like "GET /conversations/{id}"; requests to no known route count as "unmatched". */
  byRoute: Record<string, number>;
  /** Keys are status codes ("200", "429"), or "reset" and "hang" for requests never answered. */
  byStatus: Record<string, number>;
}

export interface Double {
  /** "http://127.0.0.1:PORT" */
  url: string;
  stats(): DoubleStats;
  /** Every request, the last 10,000 of them. */
  log: RequestLogEntry[];
  resetStats(): void;
  setFaults(f: Faults | undefined): void;
  setLatency(ms: number): void;
  /** From now on every request is 401 unauthorized. */
  revokeToken(): void;
  /**
   * Stops listening, drops open connections and ends hung requests. Rejects with the first error
   * a request handler threw (a failing onRequest), which was answered as a 500 at the time.
   */
  close(): Promise<void>;
}

const LOG_LIMIT = 10_000;
const DELETED_MAX_PER_PAGE = 60;

// The `intercom_version` enum of the description.
const KNOWN_VERSIONS = new Set([
  "1.0",
  "1.1",
  "1.2",
  "1.3",
  "1.4",
  "2.0",
  "2.1",
  "2.2",
  "2.3",
  "2.4",
  "2.5",
  "2.6",
  "2.7",
  "2.8",
  "2.9",
  "2.10",
  "2.11",
  "2.12",
  "2.13",
  "2.14",
  "2.15",
  "2.16",
]);

const GATEWAY_PAGE =
  "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n" +
  "<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n" +
  "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

const JSON_TYPE = "application/json; charset=utf-8";

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Fault = "rate429" | "rate503Html" | "rateEmpty200" | "rateReset" | "rateMalformed" | "hang";
const RATED_FAULTS = [
  "rate429",
  "rate503Html",
  "rateEmpty200",
  "rateReset",
  "rateMalformed",
] as const;

function routeOf(method: string, path: string): string {
  if (method === "GET" && path === "/me") return "GET /me";
  if (method === "GET" && path === "/admins") return "GET /admins";
  if (method === "GET" && path === "/teams") return "GET /teams";
  if (method === "GET" && path === "/tags") return "GET /tags";
  if (method === "POST" && path === "/contacts/search") return "POST /contacts/search";
  if (method === "GET" && /^\/contacts\/[^/]+$/.test(path)) return "GET /contacts/{id}";
  if (method === "GET" && /^\/companies\/[^/]+$/.test(path)) return "GET /companies/{id}";
  if (method === "POST" && path === "/conversations/search") return "POST /conversations/search";
  if (method === "GET" && path === "/conversations/deleted") return "GET /conversations/deleted";
  if (method === "GET" && /^\/conversations\/[^/]+$/.test(path)) return "GET /conversations/{id}";
  const helpCenter = HELP_CENTER_ROUTES.find(([pattern]) => pattern.test(path));
  if (method === "GET" && helpCenter) return helpCenter[1];
  const ticket = TICKET_ROUTES.find(([m, pattern]) => m === method && pattern.test(path));
  if (ticket) return ticket[2];
  return "unmatched";
}

function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === "") return true;
  return accept.split(",").some((range) => {
    const type = range.split(";")[0].trim().toLowerCase();
    return type === "application/json" || type === "application/*" || type === "*/*";
  });
}

/** Older than 2.16, where /conversations/deleted does not exist yet. */
function before216(version: string): boolean {
  const [major, minor] = version.split(".").map(Number);
  return major < 2 || (major === 2 && minor < 16);
}

function errorBody(code: string, message: string, field?: string): Record<string, unknown> {
  const error: Record<string, string> = { code, message };
  if (field !== undefined) error.field = field;
  return { type: "error.list", request_id: crypto.randomUUID(), errors: [error] };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  const requestId = typeof body === "object" && body !== null && "request_id" in body
    ? String((body as { request_id: unknown }).request_id)
    : crypto.randomUUID();
  return {
    status,
    headers: { "Content-Type": JSON_TYPE, "X-Request-Id": requestId, ...headers },
    body: JSON.stringify(body),
  };
}

function error(status: number, code: string, message: string, field?: string): Answer {
  return json(status, errorBody(code, message, field));
}

/** Resolves after `ms`, or at once when `signal` aborts; leaves no timer behind. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Uint8Array);
  } catch {
    // The client went away mid-body; whatever arrived is all there is.
  }
  return new TextDecoder().decode(concat(chunks));
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Starts the double on 127.0.0.1 and resolves once it listens. */
export async function startDouble(opts: DoubleOptions): Promise<Double> {
  const ws = opts.workspace;
  // Contacts carry companies, tags and attributes from the start, as a real workspace's do.
  companiesOf(ws);
  const limit = opts.rateLimit?.limit ?? 1666;
  const windowSeconds = opts.rateLimit?.windowSeconds ?? 10;
  let latency = opts.latencyMs ?? 0;
  let faults = opts.faults;
  let faultRng: Rng = makeRng(faults?.seed ?? 1);
  let revoked = false;
  let windowEnd = 0;
  let used = 0;
  let count = 0;
  let stats: DoubleStats = { requests: 0, byRoute: {}, byStatus: {} };
  const log: RequestLogEntry[] = [];
  const closing = new AbortController();
  const sockets = new Set<Socket>();
  const inflight = new Set<Promise<void>>();
  let searchRevision = -1;
  const searchCache = new Map<string, ConversationRecord[]>();
  let url = "";
  let failure: unknown;

  function drawFault(path: string): Fault | null {
    if (!faults) return null;
    if (faults.hang?.(path)) return "hang";
    const u = faultRng();
    let acc = 0;
    for (const kind of RATED_FAULTS) {
      acc += faults[kind] ?? 0;
      if (u < acc) return kind;
    }
    return null;
  }

  function rateHeaders(remaining: number, resetSeconds: number): Record<string, string> {
    return {
      "X-RateLimit-Limit": String(limit),
      "X-RateLimit-Remaining": String(remaining),
      "X-RateLimit-Reset": String(resetSeconds),
    };
  }

  function rateLimited(): Answer {
    const body = errorBody(
      "rate_limit_exceeded",
      `Exceeded rate limit of ${limit} in ${windowSeconds}_seconds`,
    );
    return json(429, body, rateHeaders(0, Math.ceil(windowEnd / 1000)));
  }

  function results(req: SearchRequest, key: string): ConversationRecord[] {
    if (searchRevision !== ws.revision) {
      searchCache.clear();
      searchRevision = ws.revision;
    }
    let list = searchCache.get(key);
    if (!list) {
      list = evaluate(ws, req);
      if (searchCache.size >= 16) searchCache.clear();
      searchCache.set(key, list);
    }
    return list;
  }

  function search(bodyText: string): Answer {
    const body = parseJson(bodyText);
    if (typeof body === "string") {
      return error(400, "parameter_invalid", "the request body is not valid JSON");
    }
    let req: SearchRequest;
    try {
      req = parseSearch(body);
    } catch (e) {
      if (e instanceof SearchError) return error(400, "parameter_invalid", e.message, e.field);
      throw e;
    }
    const { query, sort } = body as { query: unknown; sort?: unknown };
    const list = results(req, JSON.stringify([query, sort]));
    const total = list.length;
    const page = Math.floor(req.offset / req.perPage) + 1;
    const end = req.offset + req.perPage;
    const pages: Record<string, unknown> = { type: "pages" };
    if (end < total) pages.next = { page: page + 1, starting_after: encodeCursor(end) };
    pages.page = page;
    // The real API has been seen sending per_page as a string; after the first page, so does this.
    pages.per_page = page > 1 ? String(req.perPage) : req.perPage;
    pages.total_pages = Math.ceil(total / req.perPage);
    return json(200, {
      type: "conversation.list",
      pages,
      total_count: total,
      conversations: list.slice(req.offset, end).map(renderConversationListItem),
    });
  }

  /**
   * A contact as a list carries it: the description's `contact` schema, which has fewer fields
   * than the single contact `GET /contacts/{id}` returns.
   */
  function listedContact(c: ContactRecord): Record<string, unknown> {
    const {
      merged_into: _merged,
      opted_in_subscription_types: _in,
      opted_out_subscription_types: _out,
      utm_campaign: _campaign,
      utm_content: _content,
      utm_medium: _medium,
      utm_source: _source,
      utm_term: _term,
      referrer: _referrer,
      enabled_push_messaging: _push,
      ...rest
    } = c;
    const { country_code: _cc, continent_code: _continent, ...location } = c.location;
    const list = ({ type: _t, ...l }: { type: string }) => l;
    return {
      ...rest,
      location,
      social_profiles: list(c.social_profiles),
      tags: list(c.tags),
      notes: list(c.notes),
      companies: list(c.companies),
    };
  }

  /**
   * Contact search, for the filters a client looking contacts up uses: `id` or `email`, with
   * `=` or `IN`, alone or in one AND/OR group. Merged contacts are left out, as Intercom does.
   */
  function contactSearch(bodyText: string): Answer {
    const body = parseJson(bodyText);
    if (typeof body !== "object" || body === null) {
      return error(400, "parameter_invalid", "the request body is not valid JSON");
    }
    const { query, pagination } = body as {
      query?: unknown;
      pagination?: { per_page?: unknown; starting_after?: unknown };
    };
    type Filter = { field: string; operator: string; value: unknown };
    const filters: Filter[] = [];
    let any = false;
    const q = query as { field?: unknown; operator?: unknown; value?: unknown } | undefined;
    if (q && typeof q.field === "string") filters.push(q as Filter);
    else if (q && (q.operator === "AND" || q.operator === "OR") && Array.isArray(q.value)) {
      any = q.operator === "OR";
      filters.push(...(q.value as Filter[]));
    } else return error(400, "parameter_invalid", "query must be a filter or an AND/OR group");
    if (filters.length > 15) {
      return error(400, "parameter_invalid", "a group holds at most 15 filters", "query");
    }
    for (const f of filters) {
      const byTime = f.field === "updated_at" && [">", "<", "="].includes(f.operator) &&
        Number.isInteger(Number(f.value));
      const known = byTime || (f.field === "id" || f.field === "email") &&
          ((f.operator === "=" && typeof f.value === "string") ||
            (f.operator === "IN" && Array.isArray(f.value)));
      if (!known) {
        return error(400, "parameter_invalid", `unsupported filter on ${String(f.field)}`);
      }
    }
    const perPage = pagination?.per_page === undefined ? 50 : Number(pagination.per_page);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 150) {
      return error(400, "parameter_invalid", "per_page must be from 1 to 150", "per_page");
    }
    const offset = typeof pagination?.starting_after === "string"
      ? Number(atob(pagination.starting_after).replace(/^contacts:/, ""))
      : 0;
    const test = (c: ContactRecord, f: Filter) => {
      if (f.field === "updated_at") {
        const d = c.updated_at - Number(f.value);
        return f.operator === ">" ? d > 0 : f.operator === "<" ? d < 0 : d === 0;
      }
      const have = String(f.field === "id" ? c.id : c.email ?? "");
      return f.operator === "="
        ? have === f.value
        : (f.value as unknown[]).map(String).includes(have);
    };
    const list = [...ws.contacts.values()].filter((c) =>
      !c.merged_into && (any ? filters.some((f) => test(c, f)) : filters.every((f) => test(c, f)))
    );
    // Sorted as asked (`sort` works on the real API, as for conversations); else in id order.
    const sort = (body as { sort?: { field?: unknown; order?: unknown } }).sort;
    if (sort?.field === "updated_at") {
      const sign = sort.order === "descending" ? -1 : 1;
      list.sort((a, b) => sign * (a.updated_at - b.updated_at) || a.id.localeCompare(b.id));
    }
    const end = offset + perPage;
    const pages: Record<string, unknown> = {
      type: "pages",
      page: Math.floor(offset / perPage) + 1,
      per_page: perPage,
      total_pages: Math.ceil(list.length / perPage),
    };
    if (end < list.length) {
      pages.next = { page: Math.floor(end / perPage) + 1, starting_after: btoa(`contacts:${end}`) };
    }
    return json(200, {
      type: "list",
      data: list.slice(offset, end).map(listedContact),
      total_count: list.length,
      pages,
    });
  }

  function deletedList(params: URLSearchParams): Answer {
    const page = Number(params.get("page") ?? "1");
    const perPage = Number(params.get("per_page") ?? "20");
    const order = params.get("order") ?? "desc";
    if (!Number.isInteger(page) || page < 1) {
      return error(400, "parameter_invalid", "page must be a positive integer", "page");
    }
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > DELETED_MAX_PER_PAGE) {
      return error(
        400,
        "parameter_invalid",
        `per_page must be an integer from 1 to ${DELETED_MAX_PER_PAGE}`,
        "per_page",
      );
    }
    if (order !== "asc" && order !== "desc") {
      return error(400, "parameter_invalid", 'order must be "asc" or "desc"', "order");
    }
    const sign = order === "asc" ? 1 : -1;
    const all = [...ws.deleted].sort((a, b) =>
      sign * (a.deleted_at - b.deleted_at || Number(a.id) - Number(b.id))
    );
    const start = (page - 1) * perPage;
    const pages: Record<string, unknown> = { type: "pages" };
    if (start + perPage < all.length) {
      pages.next = `${url}/conversations/deleted?per_page=${perPage}&order=${order}&page=${
        page + 1
      }`;
    }
    pages.page = page;
    pages.per_page = perPage;
    pages.total_pages = Math.ceil(all.length / perPage);
    return json(200, {
      type: "conversations.list",
      total_count: all.length,
      pages,
      conversations: all.slice(start, start + perPage).map((d) => ({
        type: "conversation",
        id: d.id,
        metrics_retained: d.metrics_retained,
        deleted_at: d.deleted_at,
      })),
    });
  }

  function route(
    routeKey: string,
    path: string,
    params: URLSearchParams,
    version: string | undefined,
    bodyText: string,
  ): Answer {
    const id = decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
    switch (routeKey) {
      case "GET /me":
        return json(200, {
          type: "admin",
          id: ws.me.id,
          email: ws.me.email,
          name: ws.me.name,
          email_verified: true,
          app: {
            type: "app",
            id_code: ws.app.id_code,
            name: ws.app.name,
            created_at: ws.app.created_at,
            secure: false,
            identity_verification: false,
            timezone: ws.app.timezone,
            region: ws.app.region,
          },
          avatar: {
            type: "avatar",
            image_url: "https://static.intercomassets.com/assets/default-avatars/admins/128.png",
          },
          has_inbox_seat: true,
        });
      case "GET /admins":
        return json(200, { type: "admin.list", admins: ws.admins });
      case "GET /teams":
        return json(200, { type: "team.list", teams: ws.teams });
      case "GET /tags":
        return json(200, { type: "list", data: ws.tags });
      case "GET /contacts/{id}": {
        const contact = ws.contacts.get(id);
        if (!contact) return error(404, "not_found", "User Not Found");
        if (contact.merged_into) {
          return json(
            410,
            errorBody(
              "contact_merged",
              "This contact has been merged. See the 'Link' header for the canonical contact.",
            ),
            { Link: `</contacts/${contact.merged_into}>; rel="canonical"` },
          );
        }
        return json(200, contact);
      }
      case "GET /companies/{id}": {
        const company = companiesOf(ws).get(id);
        return company ? json(200, company) : error(404, "company_not_found", "Company Not Found");
      }
      case "POST /conversations/search":
        return search(bodyText);
      case "POST /contacts/search":
        return contactSearch(bodyText);
      case "GET /conversations/deleted":
        if (version !== undefined && before216(version)) {
          return error(
            400,
            "intercom_version_invalid",
            "Requested resource is not available in current API version.",
          );
        }
        return deletedList(params);
      case "GET /conversations/{id}":
        if (!/^\d+$/.test(id) || !ws.conversations.has(id)) {
          return error(404, "not_found", "Resource Not Found");
        }
        return json(
          200,
          renderConversation(ws, id, { plaintext: params.get("display_as") === "plaintext" }),
        );
      case "GET /articles":
      case "GET /articles/{id}":
      case "GET /help_center/collections":
      case "GET /help_center/collections/{id}": {
        const a = helpCenterAnswer(ws, routeKey, id, params);
        return a.status === 200 ? json(200, a.body) : error(a.status, a.code, a.message, a.field);
      }
      case "GET /ticket_types":
      case "GET /ticket_states":
      case "POST /tickets/search":
      case "GET /tickets/{id}": {
        const a = ticketAnswer(ws, routeKey, id, parseJson(bodyText));
        return a.status === 200 ? json(200, a.body) : error(a.status, a.code, a.message, a.field);
      }
    }
    return error(404, "not_found", "Resource Not Found");
  }

  function answer(req: IncomingMessage, routeKey: string, u: URL, bodyText: string): Answer {
    if (revoked || req.headers.authorization !== `Bearer ${opts.token}`) {
      return error(401, "unauthorized", "Access Token Invalid");
    }
    const now = Date.now();
    if (now >= windowEnd) {
      windowEnd = now + windowSeconds * 1000;
      used = 0;
    }
    if (used >= limit) return rateLimited();
    used++;
    const version = req.headers["intercom-version"] as string | undefined;
    let out: Answer;
    if (!acceptsJson(req.headers.accept)) {
      out = error(
        406,
        "media_type_not_acceptable",
        "The Accept header should send a media type of application/json",
      );
    } else if (version !== undefined && !KNOWN_VERSIONS.has(version)) {
      out = error(
        400,
        "intercom_version_invalid",
        `Intercom-Version ${JSON.stringify(version)} is not a known API version`,
      );
    } else {
      out = route(routeKey, u.pathname, u.searchParams, version, bodyText);
    }
    Object.assign(out.headers, rateHeaders(limit - used, Math.ceil(windowEnd / 1000)));
    return out;
  }

  function count1(record: Record<string, number>, key: string): void {
    record[key] = (record[key] ?? 0) + 1;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bodyText = await readBody(req);
    const method = req.method ?? "GET";
    const u = new URL(req.url ?? "/", url);
    const path = u.pathname;
    const routeKey = routeOf(method, path);
    const entry: RequestLogEntry = {
      method,
      path,
      query: u.search.slice(1),
      status: 0,
      authorization: req.headers.authorization,
      intercomVersion: (req.headers["intercom-version"] as string | undefined) ?? null,
    };
    if (method === "POST" && bodyText !== "") entry.body = parseJson(bodyText);
    log.push(entry);
    // shift() drops the oldest entry without copying the rest.
    if (log.length > LOG_LIMIT) log.shift();
    stats.requests++;
    count1(stats.byRoute, routeKey);
    count++;

    // Ends early when the double closes or the client gives up.
    const gone = new AbortController();
    const stop = () => gone.abort();
    closing.signal.addEventListener("abort", stop, { once: true });
    res.on("close", stop);
    try {
      await opts.onRequest?.({ method, path, count });
      if (latency > 0) await sleep(latency, gone.signal);
      const fault = drawFault(path);
      if (fault === "hang") {
        count1(stats.byStatus, "hang");
        await aborted(gone.signal);
        return;
      }
      if (gone.signal.aborted) return;
      if (fault === "rateReset") {
        count1(stats.byStatus, "reset");
        req.socket.destroy();
        return;
      }
      let out: Answer;
      if (fault === "rate429") {
        out = rateLimited();
        out.headers["X-RateLimit-Reset"] = String(Math.ceil(Date.now() / 1000) + 1);
      } else if (fault === "rate503Html") {
        out = { status: 503, headers: { "Content-Type": "text/html" }, body: GATEWAY_PAGE };
      } else if (fault === "rateEmpty200") {
        out = { status: 200, headers: { "Content-Type": JSON_TYPE }, body: "" };
      } else {
        out = answer(req, routeKey, u, bodyText);
        if (fault === "rateMalformed") {
          out = {
            status: 200,
            headers: out.headers,
            body: out.body.slice(0, Math.max(1, Math.floor(out.body.length * 0.6))),
          };
        }
      }
      entry.status = out.status;
      count1(stats.byStatus, String(out.status));
      const bytes = new TextEncoder().encode(out.body);
      res.writeHead(out.status, { ...out.headers, "Content-Length": String(bytes.length) });
      res.end(bytes);
    } finally {
      closing.signal.removeEventListener("abort", stop);
      res.off("close", stop);
    }
  }

  const server = createServer((req, res) => {
    const done = handle(req, res).catch((e) => {
      // Most likely a test's onRequest threw: answer 500 now, and let close() report it.
      failure ??= e;
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "Content-Type": JSON_TYPE });
        res.end(JSON.stringify(errorBody("server_error", "The double failed to answer")));
      }
    }).finally(() => inflight.delete(done));
    inflight.add(done);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error(`the double listens on an unexpected address: ${String(address)}`);
  }
  url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    stats: () => structuredClone(stats),
    log,
    resetStats() {
      stats = { requests: 0, byRoute: {}, byStatus: {} };
      log.length = 0;
    },
    setFaults(f) {
      faults = f;
      faultRng = makeRng(f?.seed ?? 1);
    },
    setLatency(ms) {
      latency = ms;
    },
    revokeToken() {
      revoked = true;
    },
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await Promise.allSettled([...inflight]);
      await closed;
      if (failure !== undefined) throw failure;
    },
  };
}
