// The Intercom REST client: a few routes, one request path with timeout, rate-limit pacing and
// retries, and one error type. It knows nothing of the cache.

import type { Admin, Contact, Conversation, Tag, Team } from "../model.ts";
import {
  type DeletedPage,
  type Me,
  parseAdmins,
  parseContact,
  parseContactList,
  parseConversation,
  parseDeletedPage,
  parseMe,
  parseSearchPage,
  parseTags,
  parseTeams,
  ResponseShapeError,
  type SearchPage,
} from "./parse.ts";
import { DEFAULT_RETRY_POLICY, type Outcome, retryDelay, type RetryPolicy } from "./retry.ts";

export const INTERCOM_VERSION = "2.16";

export const REGION_HOSTS = {
  us: "https://api.intercom.io",
  eu: "https://api.eu.intercom.io",
  au: "https://api.au.intercom.io",
} as const;

export type Region = keyof typeof REGION_HOSTS;

/** An answer from Intercom that is not what was asked for. Never carries the token. */
export class IntercomError extends Error {
  override name = "IntercomError";
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
    readonly requestId: string | null,
    /** The `Link` header: where a merged contact went. */
    readonly link: string | null = null,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** e.g. https://api.intercom.io, or a test double's address. */
  baseUrl: string;
  token: string;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Requests in flight at most; default 32. */
  concurrency?: number;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told of every retry, for the log. */
  onRetry?: (
    info: { route: string; attempt: number; status: number | null; delayMs: number },
  ) => void;
}

/** The body of a `POST /conversations/search`. */
export interface SearchRequest {
  query: unknown;
  pagination: { per_page: number; starting_after?: string };
  sort?: { field: string; order: "ascending" | "descending" };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Paces requests by the `X-RateLimit-*` headers: once the window's remaining calls are spoken
 * for by requests in flight, new ones wait for the window to reset instead of drawing a 429.
 */
class RateGate {
  #remaining = Number.POSITIVE_INFINITY;
  #resetMs = 0;
  #pending = 0;
  #inFlight = 0;
  #waiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly now: () => number,
    private readonly random: () => number,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {}

  /** `first`: jump the queue (listing pages, which the reads depend on). */
  async acquire(signal?: AbortSignal, first = false): Promise<void> {
    while (this.#inFlight >= this.concurrency) {
      await new Promise<void>((resolve) =>
        first ? this.#waiters.unshift(resolve) : this.#waiters.push(resolve)
      );
    }
    this.#inFlight++;
    try {
      // Bounded: each pass waits for a window reset, and windows are seconds long.
      for (let pass = 0; pass < 100; pass++) {
        const now = this.now();
        if (now >= this.#resetMs) this.#remaining = Number.POSITIVE_INFINITY;
        if (this.#remaining - this.#pending > 0) break;
        await this.sleep(
          Math.max(this.#resetMs - now, 20) + Math.floor(this.random() * 50),
          signal,
        );
      }
    } catch (e) {
      this.release();
      throw e;
    }
    this.#pending++;
  }

  /** After an answer (or none): read what the server says of the window. */
  observe(headers: Headers | null): void {
    this.#pending = Math.max(0, this.#pending - 1);
    if (!headers) return;
    const remaining = Number(headers.get("x-ratelimit-remaining") ?? NaN);
    const reset = Number(headers.get("x-ratelimit-reset") ?? NaN);
    if (!Number.isFinite(remaining)) return;
    const resetMs = Number.isFinite(reset) ? reset * 1000 : this.now() + 10_000;
    if (resetMs > this.#resetMs) {
      this.#resetMs = resetMs;
      this.#remaining = remaining;
    } else if (resetMs === this.#resetMs) {
      this.#remaining = Math.min(this.#remaining, remaining);
    }
  }

  /** A 429 says the window is spent whatever we believed. */
  exhausted(resetSeconds: number | undefined): void {
    this.#remaining = 0;
    if (resetSeconds !== undefined) this.#resetMs = Math.max(this.#resetMs, resetSeconds * 1000);
    else this.#resetMs = Math.max(this.#resetMs, this.now() + 1000);
  }

  release(): void {
    this.#inFlight--;
    this.#waiters.shift()?.();
  }
}

export interface RequestCounts {
  /** Attempts sent, retries included. */
  attempts: number;
  retries: number;
  byRoute: Record<string, number>;
}

export class IntercomClient {
  readonly #opts: Required<Omit<ClientOptions, "onRetry">> & Pick<ClientOptions, "onRetry">;
  readonly #gate: RateGate;
  #counts: RequestCounts = { attempts: 0, retries: 0, byRoute: {} };

  constructor(opts: ClientOptions) {
    this.#opts = {
      timeoutMs: 30_000,
      retry: DEFAULT_RETRY_POLICY,
      concurrency: 32,
      fetch: globalThis.fetch.bind(globalThis),
      now: Date.now,
      random: Math.random,
      sleep,
      ...opts,
      baseUrl: opts.baseUrl.replace(/\/+$/, ""),
    };
    this.#gate = new RateGate(
      this.#opts.concurrency,
      this.#opts.now,
      this.#opts.random,
      this.#opts.sleep,
    );
  }

  get counts(): RequestCounts {
    return structuredClone(this.#counts);
  }

  async me(signal?: AbortSignal): Promise<Me> {
    return parseMe(await this.#request("GET", "/me", "/me", undefined, signal));
  }

  async searchConversations(body: SearchRequest, signal?: AbortSignal): Promise<SearchPage> {
    const json = await this.#request(
      "POST",
      "/conversations/search",
      "/conversations/search",
      body,
      signal,
    );
    return parseSearchPage(json);
  }

  /** The whole conversation in plain text, or null when Intercom no longer has it. */
  async getConversation(id: string, signal?: AbortSignal): Promise<Conversation | null> {
    try {
      const json = await this.#request(
        "GET",
        `/conversations/${encodeURIComponent(id)}?display_as=plaintext`,
        "/conversations/{id}",
        undefined,
        signal,
      );
      return parseConversation(json);
    } catch (e) {
      if (e instanceof IntercomError && e.status === 404) return null;
      throw e;
    }
  }

  /** One page of deleted conversation ids, newest deletion first. */
  async listDeleted(page: number, perPage: number, signal?: AbortSignal): Promise<DeletedPage> {
    const json = await this.#request(
      "GET",
      `/conversations/deleted?page=${page}&per_page=${perPage}&order=desc`,
      "/conversations/deleted",
      undefined,
      signal,
    );
    return parseDeletedPage(json);
  }

  async listAdmins(signal?: AbortSignal): Promise<Admin[]> {
    return parseAdmins(await this.#request("GET", "/admins", "/admins", undefined, signal));
  }

  async listTeams(signal?: AbortSignal): Promise<Team[]> {
    return parseTeams(await this.#request("GET", "/teams", "/teams", undefined, signal));
  }

  async listTags(signal?: AbortSignal): Promise<Tag[]> {
    return parseTags(await this.#request("GET", "/tags", "/tags", undefined, signal));
  }

  /**
   * Contacts by id, many per request (`POST /contacts/search`, id IN …). Merged contacts and
   * ones created moments ago are not in search results: the caller reads those one by one.
   */
  async searchContacts(ids: readonly string[], signal?: AbortSignal): Promise<Contact[]> {
    const found: Contact[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const json = await this.#request("POST", "/contacts/search", "/contacts/search", {
        query: { field: "id", operator: "IN", value: ids },
        pagination: { per_page: 150, ...(cursor ? { starting_after: cursor } : {}) },
      }, signal);
      const list = parseContactList(json);
      found.push(...list.contacts);
      cursor = list.nextCursor;
      if (!cursor || list.contacts.length === 0) break;
    }
    return found;
  }

  /**
   * A contact, following a merge (410 with a `Link` to the contact it went into) a few hops;
   * null when it is gone.
   */
  async getContact(id: string, signal?: AbortSignal): Promise<Contact | null> {
    let current = id;
    for (let hop = 0; hop < 3; hop++) {
      try {
        const json = await this.#request(
          "GET",
          `/contacts/${encodeURIComponent(current)}`,
          "/contacts/{id}",
          undefined,
          signal,
        );
        return parseContact(json);
      } catch (e) {
        if (!(e instanceof IntercomError) || (e.status !== 404 && e.status !== 410)) throw e;
        const next = e.status === 410
          ? e.link?.match(/<[^>]*\/contacts\/([^>/?]+)>/)?.[1]
          : undefined;
        if (!next) return null;
        current = decodeURIComponent(next);
      }
    }
    return null;
  }

  async #request(
    method: "GET" | "POST",
    path: string,
    route: string,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const { retry, now, random } = this.#opts;
    for (let attempt = 1;; attempt++) {
      const result = await this.#attempt(method, path, route, body, signal);
      if (result.ok) return result.json;
      const delay = retryDelay(result.outcome, attempt, now(), random, retry);
      if (delay === null) throw result.error;
      this.#counts.retries++;
      this.#opts.onRetry?.({
        route,
        attempt,
        status: result.outcome.status ?? null,
        delayMs: delay,
      });
      await this.#opts.sleep(delay, signal);
    }
  }

  async #attempt(
    method: string,
    path: string,
    route: string,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<
    { ok: true; json: unknown } | { ok: false; outcome: Outcome; error: Error }
  > {
    // A listing page waits for no read: the reads of later pages depend on it.
    await this.#gate.acquire(signal, route === "/conversations/search");
    this.#counts.attempts++;
    this.#counts.byRoute[route] = (this.#counts.byRoute[route] ?? 0) + 1;
    const timeout = AbortSignal.timeout(this.#opts.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await this.#opts.fetch(this.#opts.baseUrl + path, {
        method,
        headers: {
          "Authorization": `Bearer ${this.#opts.token}`,
          "Accept": "application/json",
          "Intercom-Version": INTERCOM_VERSION,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: combined,
      });
      text = await response.text();
    } catch (e) {
      this.#gate.observe(null);
      this.#gate.release();
      if (signal?.aborted) throw signal.reason;
      const timedOut = timeout.aborted;
      const reason = timedOut
        ? `no answer within ${this.#opts.timeoutMs} ms`
        : `network error: ${(e as Error).message}`;
      return {
        ok: false,
        outcome: {},
        error: new IntercomError(`${method} ${route}: ${reason}`, null, null, null),
      };
    }
    this.#gate.observe(response.headers);
    this.#gate.release();
    const requestId = response.headers.get("x-request-id");
    const reset = headerNumber(response.headers, "x-ratelimit-reset");
    const retryAfter = headerNumber(response.headers, "retry-after");
    let json: unknown = undefined;
    let parsed = false;
    if (text.trim() !== "") {
      try {
        json = JSON.parse(text);
        parsed = true;
      } catch {
        parsed = false;
      }
    }
    if (response.status === 429) this.#gate.exhausted(reset);
    if (response.ok && parsed) return { ok: true, json };
    const outcome: Outcome = {
      status: response.status,
      unusableBody: response.ok && !parsed,
      ...(reset === undefined ? {} : { rateLimitReset: reset }),
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    };
    return {
      ok: false,
      outcome,
      error: this.#errorFor(method, route, response, parsed, json, requestId),
    };
  }

  #errorFor(
    method: string,
    route: string,
    response: Response,
    parsed: boolean,
    json: unknown,
    headerRequestId: string | null,
  ): IntercomError {
    if (response.ok) {
      return new IntercomError(
        `${method} ${route}: Intercom answered ${response.status} with a body that is not JSON`,
        response.status,
        "invalid_response",
        headerRequestId,
      );
    }
    let code: string | null = null;
    let detail = "";
    let requestId = headerRequestId;
    if (parsed && typeof json === "object" && json !== null) {
      const j = json as { request_id?: unknown; errors?: { code?: unknown; message?: unknown }[] };
      if (typeof j.request_id === "string") requestId = j.request_id;
      const first = Array.isArray(j.errors) ? j.errors[0] : undefined;
      if (first && typeof first.code === "string") code = first.code;
      if (first && typeof first.message === "string") detail = first.message;
    } else {
      const type = response.headers.get("content-type")?.split(";")[0] ?? "no content type";
      detail = `a body that is not JSON (${type})`;
    }
    const hint = HINTS[response.status] ?? "";
    const message =
      `${method} ${route}: Intercom answered ${response.status}${code ? ` ${code}` : ""}` +
      `${detail ? `: ${detail.slice(0, 200)}` : ""}${
        requestId ? ` (request id ${requestId})` : ""
      }${hint}`;
    return new IntercomError(
      message,
      response.status,
      code,
      requestId,
      response.headers.get("link"),
    );
  }
}

const HINTS: Record<number, string> = {
  401:
    ". The access token was refused: check it, or its region (a token works only on its own region's host); run `fast-intercom-mcp init` to set a new one.",
  403: ". The token lacks a permission this needs (read conversations, admins, tags and contacts).",
};

function headerNumber(h: Headers, name: string): number | undefined {
  const v = h.get(name);
  if (v === null || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export { ResponseShapeError };
