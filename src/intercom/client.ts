// The Intercom REST client: calls a route of routes.ts, or pages through a listing, on one
// request path with timeout, rate-limit pacing, retries and a debug line per request. It knows
// nothing of the cache.

import type { ContactProfile, Conversation } from "../model.ts";
import { getLogger } from "../log.ts";
import { sleep } from "../time.ts";
import { errorForAnswer, IntercomError, noAnswerError } from "./errors.ts";
import type { Me } from "./parse.ts";
import { RateGate } from "./rate_gate.ts";
import { DEFAULT_RETRY_POLICY, type Outcome, retryDelay, type RetryPolicy } from "./retry.ts";
import { pathOf, type RequestParts, type Route, ROUTES } from "./routes.ts";

export { IntercomError };

export const INTERCOM_VERSION = "2.16";

const log = getLogger(["fast-intercom-mcp", "intercom"]);

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
}

export interface RequestCounts {
  /** Attempts sent, retries included. */
  attempts: number;
  retries: number;
}

/** Bounds a listing whose cursor never ends (150 a page: millions of rows). */
const MAX_PAGES = 100_000;

/** What a request needs of its route. */
type RouteHead = Pick<Route<unknown, unknown>, "label" | "method" | "path" | "urgent">;

type Attempt =
  | { ok: true; json: unknown }
  | { ok: false; outcome: Outcome; error: IntercomError };

export class IntercomClient {
  readonly #opts: Required<ClientOptions>;
  readonly #gate: RateGate;
  #counts: RequestCounts = { attempts: 0, retries: 0 };
  #serverTime: number | null = null;

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
    const { concurrency, now, random, sleep: wait } = this.#opts;
    this.#gate = new RateGate(concurrency, now, random, wait);
  }

  get counts(): RequestCounts {
    return structuredClone(this.#counts);
  }

  /**
   * Intercom's clock: Unix seconds of the `Date` header of the latest answer, or null before
   * any answer carried one. Times compared with Intercom's own (deleted_at) come from here,
   * since this machine's clock may be off.
   */
  get serverTime(): number | null {
    return this.#serverTime;
  }

  /** One request of a route, retried as retry.ts decides; the answer parsed. */
  async call<In, Out>(route: Route<In, Out>, input: In, signal?: AbortSignal): Promise<Out> {
    return route.parse(await this.#request(route, route.request(input), signal));
  }

  /** Every page of a listing, each as it comes; stop early by leaving the loop. */
  async *pages<In, Out>(
    route: Route<In, Out>,
    input: In,
    signal?: AbortSignal,
  ): AsyncGenerator<Out, void, undefined> {
    if (!route.next) throw new Error(`${route.label} is not a listing`);
    let current: In | null = input;
    for (let page = 0; current !== null && page < MAX_PAGES; page++) {
      const result = await this.call(route, current, signal);
      yield result;
      current = route.next(current, result);
    }
  }

  me(signal?: AbortSignal): Promise<Me> {
    return this.call(ROUTES.me, undefined, signal);
  }

  /** The whole conversation in plain text, or null when Intercom no longer has it. */
  getConversation(id: string, signal?: AbortSignal): Promise<Conversation | null> {
    return this.getOrNull(ROUTES.conversation, id, signal);
  }

  /**
   * A whole contact, following a merge (410 with a `Link` to the contact it went into) a few
   * hops; null when it is gone.
   */
  getContact(id: string, signal?: AbortSignal): Promise<ContactProfile | null> {
    return this.#followMerges(ROUTES.contact, id, signal);
  }

  async #followMerges<Out>(
    route: Route<{ id: string }, Out>,
    id: string,
    signal?: AbortSignal,
  ): Promise<Out | null> {
    let current = id;
    for (let hop = 0; hop < 3; hop++) {
      try {
        return await this.call(route, { id: current }, signal);
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

  /** One thing by id (an article, a company), or null when Intercom no longer has it. */
  async getOrNull<Out>(
    route: Route<{ id: string }, Out>,
    id: string,
    signal?: AbortSignal,
  ): Promise<Out | null> {
    try {
      return await this.call(route, { id }, signal);
    } catch (e) {
      if (e instanceof IntercomError && e.status === 404) return null;
      throw e;
    }
  }

  async #request(
    route: RouteHead,
    parts: RequestParts,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const { retry, now, random } = this.#opts;
    const path = pathOf(route.path, parts);
    for (let attempt = 1;; attempt++) {
      const result = await this.#attempt(route, path, parts.body, attempt, signal);
      if (result.ok) return result.json;
      const delay = retryDelay(result.outcome, attempt, now(), random, retry);
      if (delay === null) throw result.error;
      this.#counts.retries++;
      log.debug("Retrying {route} (attempt {attempt}, status {status}) in {delayMs} ms", {
        route: route.label,
        attempt,
        status: result.outcome.status ?? "none",
        delayMs: delay,
      });
      await this.#opts.sleep(delay, signal);
    }
  }

  async #attempt(
    route: RouteHead,
    path: string,
    body: unknown,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<Attempt> {
    await this.#gate.acquire(signal, route.urgent === true);
    this.#counts.attempts++;
    const timeout = AbortSignal.timeout(this.#opts.timeoutMs);
    const started = performance.now();
    // The label, never the path: a path or query can hold what a log should not.
    const logDone = (status: number | string) =>
      log.debug("{route} answered {status} in {ms} ms (attempt {attempt})", {
        route: route.label,
        status,
        ms: Math.round(performance.now() - started),
        attempt,
      });
    let response: Response;
    let text: string;
    try {
      response = await this.#opts.fetch(this.#opts.baseUrl + path, {
        method: route.method,
        headers: {
          "Authorization": `Bearer ${this.#opts.token}`,
          "Accept": "application/json",
          "Intercom-Version": INTERCOM_VERSION,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (e) {
      this.#gate.observe(null);
      this.#gate.release();
      if (signal?.aborted) throw signal.reason;
      const reason = timeout.aborted
        ? `no answer within ${this.#opts.timeoutMs} ms`
        : `network error: ${(e as Error).message}`;
      logDone(timeout.aborted ? "nothing (timed out)" : "nothing (network error)");
      return { ok: false, outcome: {}, error: noAnswerError(route.label, reason) };
    }
    this.#gate.observe(response.headers);
    this.#gate.release();
    logDone(response.status);
    const date = Date.parse(response.headers.get("date") ?? "");
    if (Number.isFinite(date)) this.#serverTime = Math.floor(date / 1000);
    const reset = headerNumber(response.headers, "x-ratelimit-reset");
    const retryAfter = headerNumber(response.headers, "retry-after");
    let json: unknown = undefined;
    if (text.trim() !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (response.status === 429) this.#gate.exhausted(reset);
    if (response.ok && json !== undefined) return { ok: true, json };
    const outcome: Outcome = {
      status: response.status,
      unusableBody: response.ok && json === undefined,
      ...(reset === undefined ? {} : { rateLimitReset: reset }),
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    };
    return { ok: false, outcome, error: errorForAnswer(route.label, response, json) };
  }
}

function headerNumber(h: Headers, name: string): number | undefined {
  const v = h.get(name);
  if (v === null || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
