// The search behind both the MCP tool and the CLI: checks and resolves what was asked
// (timeframe, names of teammates, teams and tags, the cursor), runs it on the cache, and
// shapes one answer.

import { parseQuery, type Term } from "../store/fts_query.ts";
import { type FieldFilters, listNamed, type NamedThing, searchStore } from "../store/search.ts";
import { SearchInputError } from "./errors.ts";
import {
  DEFAULT_LIMIT,
  MATCHES,
  MAX_LIMIT,
  MAX_QUERY_LENGTH,
  PRIORITIES,
  type SearchInput,
  type SearchOutput,
  SORTS,
  STATES,
} from "./schema.ts";
import { similarTerms } from "./similar.ts";
import type { Store } from "../store/store.ts";
import type { Freshness } from "../sync/freshness.ts";
import { iso } from "../time.ts";
import { isTimeZone, parseTimeframe, TimeframeError } from "./timeframe.ts";

export { SearchInputError };
export type { SearchInput, SearchOutput };

export interface SearchContext {
  store: Store;
  now: Date;
  freshness: Freshness;
  conversationUrl: (id: string) => string | null;
}

export function search(ctx: SearchContext, input: SearchInput): SearchOutput {
  const query = input.query?.trim() || null;
  if (query !== null && query.length > MAX_QUERY_LENGTH) {
    throw new SearchInputError(
      `query is ${query.length} characters long; at most ${MAX_QUERY_LENGTH} are searched`,
    );
  }
  const match = input.match ?? "most";
  if (!MATCHES.includes(match)) {
    throw new SearchInputError(`match must be one of ${MATCHES.join(", ")}, got "${match}"`);
  }
  const similarTo = input.similar_to?.trim() || null;
  if (similarTo !== null && query !== null) {
    throw new SearchInputError(
      "give either query or similar_to: similar_to finds its own words in the conversation",
    );
  }
  let terms: Term[] = [];
  let ignored: string[] = [];
  if (similarTo !== null) {
    terms = similarTerms(ctx.store, similarTo);
  } else if (query !== null) {
    ({ terms, ignored } = parseQuery(query, { requireAll: match === "all" }));
    if (!terms.length) {
      throw new SearchInputError(
        `query "${query.slice(0, 80)}" has no letters or digits to search for`,
      );
    }
  }
  const limit = input.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new SearchInputError(`limit must be a whole number from 1 to ${MAX_LIMIT}, got ${limit}`);
  }
  const sort = input.sort ?? (terms.length ? "relevance" : "newest");
  if (!SORTS.includes(sort)) {
    throw new SearchInputError(`sort must be one of ${SORTS.join(", ")}, got "${sort}"`);
  }

  const { timeframe, range, filters, ...fields } = resolveFilters(ctx.store, ctx.now, input);

  const fingerprint = hash(JSON.stringify([terms, similarTo, range, filters, sort]));
  const offset = input.cursor ? readCursor(input.cursor, fingerprint) : 0;

  // One snapshot, so that the total counts the very matches the page is taken from.
  const { total, rows } = ctx.store.snapshot(() =>
    searchStore(ctx.store, {
      terms,
      range,
      ...fields,
      excludeIds: similarTo === null ? [] : [similarTo],
      sort,
      limit,
      offset,
    })
  );
  const next = offset + rows.length < total ? makeCursor(offset + rows.length, fingerprint) : null;
  return {
    query,
    similar_to: similarTo,
    match,
    terms: terms.map((t) => t.text),
    ignored,
    timeframe,
    filters,
    sort,
    total,
    returned: rows.length,
    offset,
    next_cursor: next,
    conversations: rows.map((r) => ({
      id: r.id,
      title: r.title || r.subject || "(no subject)",
      state: r.state,
      priority: r.priority,
      created_at: iso(r.createdAt),
      updated_at: iso(r.updatedAt),
      customer_email: r.customerEmail,
      customer_name: r.customerName,
      assignee: r.adminAssigneeName ?? r.adminAssigneeId,
      team: r.teamAssigneeName ?? r.teamAssigneeId,
      tags: r.tags,
      messages: r.messages,
      snippet: r.snippet,
      matched: r.matched,
      url: ctx.conversationUrl(r.id),
    })),
    freshness: ctx.freshness,
  };
}

/** A question's timeframe and filters, checked, with names of people, teams and tags as ids. */
export interface ResolvedFilters extends FieldFilters {
  timeframe: SearchOutput["timeframe"];
  range: { start: number; end: number } | null;
  /** The filters as asked, for showing back. */
  filters: Record<string, string>;
}

/**
 * Checks the time zone, the timeframe and the filters of `input`, and resolves names of
 * teammates, teams and tags to ids: search and conversation_stats share it.
 */
export function resolveFilters(
  store: Store,
  now: Date,
  input: Pick<
    SearchInput,
    "timezone" | "timeframe" | "customer_email" | "state" | "priority" | "assignee" | "team" | "tag"
  >,
): ResolvedFilters {
  const timeZone = input.timezone?.trim() || undefined;
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw new SearchInputError(
      `unknown time zone "${timeZone.slice(0, 80)}"; use an IANA name such as Europe/Paris`,
    );
  }
  let timeframe: SearchOutput["timeframe"] = null;
  let range: { start: number; end: number } | null = null;
  if (input.timeframe?.trim()) {
    try {
      const r = parseTimeframe(input.timeframe, now, timeZone);
      range = {
        start: Math.floor(r.start.getTime() / 1000),
        end: Math.ceil(r.end.getTime() / 1000),
      };
      timeframe = {
        input: input.timeframe,
        meaning: r.label,
        start: r.start.toISOString(),
        end: r.end.toISOString(),
      };
    } catch (e) {
      if (e instanceof TimeframeError) throw new SearchInputError(e.message);
      throw e;
    }
  }

  const filters: Record<string, string> = {};
  let email: string | null = null;
  if (input.customer_email?.trim()) {
    email = input.customer_email.trim().toLowerCase();
    if (email.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(email)) {
      throw new SearchInputError(
        `customer_email "${
          email.slice(0, 80)
        }" is not an email address (expected name@example.com)`,
      );
    }
    filters.customer_email = email;
  }
  const states = oneOf("state", input.state, STATES, filters);
  const priorities = oneOf("priority", input.priority, PRIORITIES, filters);
  let assigneeIds: string[] | null = null;
  let unassigned = false;
  if (input.assignee?.trim()) {
    const a = input.assignee.trim();
    filters.assignee = a;
    if (a.toLowerCase() === "unassigned") unassigned = true;
    else assigneeIds = resolve("assignee", a, listNamed(store, "admins"));
  }
  const teamIds = input.team?.trim()
    ? (filters.team = input.team.trim(),
      resolve("team", input.team.trim(), listNamed(store, "teams")))
    : null;
  const tagIds = input.tag?.trim()
    ? (filters.tag = input.tag.trim(), resolve("tag", input.tag.trim(), listNamed(store, "tags")))
    : null;

  return {
    timeframe,
    range,
    filters,
    customerEmail: email,
    states,
    priorities,
    assigneeIds,
    unassigned,
    teamIds,
    tagIds,
  };
}

export function oneOf(
  name: string,
  value: string | undefined,
  allowed: readonly string[],
  filters: Record<string, string>,
): string[] | null {
  if (!value?.trim()) return null;
  const v = value.trim().toLowerCase();
  if (!allowed.includes(v)) {
    throw new SearchInputError(
      `${name} must be one of ${allowed.join(", ")}, got "${value.slice(0, 80)}"`,
    );
  }
  filters[name] = v;
  return [v];
}

/** By id, by email, by whole name, then by part of a name; all case-insensitive. */
function resolve(what: string, text: string, known: NamedThing[]): string[] {
  const t = text.toLowerCase();
  const exact = known.filter((k) =>
    k.id === text || k.name.toLowerCase() === t || (k.email ?? "").toLowerCase() === t
  );
  const found = exact.length ? exact : known.filter((k) => k.name.toLowerCase().includes(t));
  if (found.length) return found.map((k) => k.id);
  const names = known.slice(0, 20).map((k) => k.name).join(", ");
  throw new SearchInputError(
    `no ${what} matches "${text.slice(0, 80)}"; known: ${names || "none cached yet (run a sync)"}`,
  );
}

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function makeCursor(offset: number, fingerprint: string): string {
  return btoa(JSON.stringify({ o: offset, f: fingerprint })).replace(/=+$/, "");
}

function readCursor(cursor: string, fingerprint: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(atob(cursor));
  } catch {
    throw new SearchInputError("cursor is not one this server gave out; start again without it");
  }
  const c = decoded as { o?: unknown; f?: unknown };
  if (typeof c?.o !== "number" || !Number.isInteger(c.o) || c.o < 0 || c.o > 1e7) {
    throw new SearchInputError("cursor is not one this server gave out; start again without it");
  }
  if (c.f !== fingerprint) {
    throw new SearchInputError(
      "cursor belongs to a different search; pass the same query and filters, or start again without it",
    );
  }
  return c.o;
}
