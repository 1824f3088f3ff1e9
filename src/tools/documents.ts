// The kinds of record the connector pair (search, fetch) covers, one entry a kind: how to find
// them for a question, how to read one as a document, the prefix of their ids, their URL, and
// the tools `search --kind` and `show KIND:ID` call on the command line. A kind is one entry
// (tickets' is in ticket_document.ts).

import { ConversationIdError, conversationIdFrom } from "../conversation/load.ts";
import { renderConversation, viewConversation } from "../conversation/view.ts";
import { search as searchConversations } from "../search/search.ts";
import { articlesHolding, searchArticles } from "../store/articles.ts";
import { searchContacts } from "../store/contact_lookup.ts";
import { parseQuery, type Term } from "../store/fts_query.ts";
import type { Freshness } from "../sync/freshness.ts";
import { articleIdFrom, getArticleTool, renderArticle, viewArticle } from "./get_article.ts";
import { getContactTool, renderContact, viewContact } from "./get_contact.ts";
import { MAX_ENTRIES } from "./get_conversation.ts";
import { LookupError } from "./lookup_error.ts";
import { readQuery } from "./paged_search.ts";
import { searchArticlesTool } from "./search_articles.ts";
import { searchContactsTool } from "./search_contacts.ts";
import { tickets } from "./ticket_document.ts";
import type { Tool, ToolContext } from "./tool.ts";

/** One record found for a question, in its kind's own order. */
export interface KindHit {
  /** The record's own id, without the kind's prefix. */
  id: string;
  title: string;
  url: string;
  /** The passage that matched, or a line that says what the record is; plain text. */
  text: string;
  /** How many of the question's words it holds: results holding more come first. */
  held: number;
}

/** One record as a document (fetch). */
export interface KindDocument {
  /** Its own id, however it was asked for (a URL, an email). */
  id: string;
  title: string;
  text: string;
  url: string;
  /** Facts about it, as short strings; `kind` is added by fetch. */
  metadata: Record<string, string>;
}

export interface Question {
  query: string;
  limit: number;
  freshness: Freshness;
}

/** A call of a tool: which, and its arguments (checked against its input schema by callTool). */
export interface ToolCall {
  tool: Tool;
  args: Record<string, unknown>;
}

export interface DocumentKind {
  /** As results name it, and the prefix of its ids: "article" gives "article:8100004". */
  name: string;
  /** The plural, as `search --kind` takes it and descriptions say it. */
  plural: string;
  /** Its records that answer the question best, best first, at most `limit`. */
  search(ctx: ToolContext, q: Question): KindHit[];
  /** Whether its records answer this question before the others' (search.ts merges). */
  leads?(ctx: ToolContext, query: string, hits: readonly KindHit[]): boolean;
  /** One record, whole; throws when there is none. */
  fetch(ctx: ToolContext, id: string): Promise<KindDocument>;
  /**
   * The tools the command line calls for it (`search --kind PLURAL`, `show NAME:ID`); absent
   * for conversations, whose commands are their own.
   */
  cli?: {
    search(page: { query: string | undefined; limit?: number; offset?: number }): ToolCall;
    show(id: string): ToolCall;
  };
}

const plain = (snippet: string) => snippet.replaceAll("**", "");

const conversations: DocumentKind = {
  name: "conversation",
  plural: "conversations",
  search(ctx, q) {
    const found = searchConversations({
      store: ctx.store,
      now: new Date(ctx.now() * 1000),
      freshness: q.freshness,
      conversationUrl: (id) => ctx.conversationUrl(id),
    }, { query: q.query, limit: q.limit });
    return found.conversations.map((c) => ({
      id: c.id,
      title: c.title,
      url: c.url ?? `intercom://conversation/${c.id}`,
      text: plain(c.snippet),
      held: c.matched.length,
    }));
  },
  async fetch(ctx, raw) {
    const id = conversationIdFrom(raw);
    const loaded = await ctx.loadConversation(id, ctx.signal);
    if (!loaded) throw new ConversationIdError(`conversation ${id} was not found`);
    const view = viewConversation(loaded.cached, {
      url: ctx.conversationUrl(id),
      limit: MAX_ENTRIES,
    });
    const metadata: Record<string, string> = {
      state: view.state,
      priority: view.priority,
      created_at: view.created_at,
      updated_at: view.updated_at,
      messages: String(view.entries.filter((e) => e.kind !== "event").length),
    };
    const customer = [view.customer.name, view.customer.email].filter(Boolean).join(" ");
    if (customer) metadata.customer = customer;
    if (view.assignee) metadata.assignee = view.assignee;
    if (view.team) metadata.team = view.team;
    if (view.tags.length) metadata.tags = view.tags.join(", ");
    return {
      id: view.id,
      title: view.title,
      text: renderConversation(view),
      url: view.url ?? `intercom://conversation/${view.id}`,
      metadata,
    };
  },
};

/**
 * A question of how to do something ("how do I…", "can I…", "is there a way to…"): the help
 * center's answer is worth more than past cases of it.
 */
const HOW_TO =
  /^\s*(?:how\b|(?:can|could|should) (?:i|we|you)\b|is (?:it|there) (?:possible|a way)\b|where (?:do|can) (?:i|we)\b)|\bhow (?:to|do|does|can|should) /i;

const articles: DocumentKind = {
  name: "article",
  plural: "articles",
  leads: (_ctx, query) => HOW_TO.test(query),
  search(ctx, q) {
    // The question read as search_articles reads it; published articles, every language.
    const { match, terms } = readQuery(q.query);
    if (match === null) return [];
    const store = ctx.store;
    return store.snapshot(() => {
      const { hits } = searchArticles(store, {
        match,
        terms,
        collectionIds: null,
        locale: null,
        includeDrafts: false,
        limit: q.limit,
        offset: 0,
      });
      const ids = hits.map((h) => h.id);
      const holding = parseQuery(q.query).terms.map((t) => articlesHolding(store, t.fts, ids));
      return hits.map((h) => ({
        id: h.id,
        title: h.title,
        url: h.url ?? `intercom://article/${h.id}`,
        text: plain(h.snippet) || h.description,
        held: holding.filter((s) => s.has(h.id)).length,
      }));
    });
  },
  fetch(ctx, raw) {
    const v = viewArticle(ctx.store, articleIdFrom(raw));
    const metadata: Record<string, string> = {
      state: v.state,
      locale: v.locale,
      updated_at: v.updated_at,
    };
    if (v.collection.length) metadata.collection = v.collection.join(" › ");
    if (v.author) metadata.author = v.author;
    if (v.tags.length) metadata.tags = v.tags.join(", ");
    if (v.translations.length) {
      metadata.translations = v.translations.map((t) => t.locale).join(", ");
    }
    return Promise.resolve({
      id: v.id,
      title: v.title,
      text: renderArticle(v),
      url: v.url ?? `intercom://article/${v.id}`,
      metadata,
    });
  },
  cli: {
    search: (page) => ({ tool: searchArticlesTool as unknown as Tool, args: page }),
    show: (id) => ({ tool: getArticleTool as unknown as Tool, args: { article_id: id } }),
  },
};

/** Conversations a contact's document lists, newest first. */
const CONTACT_CONVERSATIONS = 20;

/** A query of at most this many words, held whole by a customer's name, email or company, names them. */
const NAME_WORDS = 3;

/** Every term, in a customer's name, email or company names (not a detail such as a tag). */
function inIdentity(terms: readonly Term[]): string {
  return `{name email companies} : (${terms.map((t) => t.fts).join(" AND ")})`;
}

const contacts: DocumentKind = {
  name: "contact",
  plural: "contacts",
  leads(ctx, query, hits) {
    const terms = parseQuery(query).terms;
    if (!hits.length || terms.length > NAME_WORDS) return false;
    const match = inIdentity(terms);
    const named = searchContacts(ctx.store, {
      match,
      every: match,
      email: null,
      companyIds: null,
      limit: 1,
      offset: 0,
    });
    return named.total > 0;
  },
  search(ctx, q) {
    // A customer answers a question only by holding every word of it (a name, an email, a
    // company, a city): one word of a long question found in a profile is noise. The words are
    // the question's as every kind reads them (function words left out), so `held` compares.
    const terms = parseQuery(q.query).terms;
    if (!terms.length) return [];
    const store = ctx.store;
    const every = terms.map((t) => t.fts).join(" AND ");
    const { rows } = store.snapshot(() =>
      searchContacts(store, {
        match: every,
        every,
        email: null,
        companyIds: null,
        limit: q.limit,
        offset: 0,
      })
    );
    return rows.map((r) => ({
      id: r.id,
      title: `${r.name ?? "(no name)"}${r.email ? ` <${r.email}>` : ""}`,
      url: `intercom://contact/${encodeURIComponent(r.id)}`,
      text: [
        `Customer (${r.role ?? "contact"})`,
        r.companies.length ? `of ${r.companies.join(", ")}` : null,
        r.location ? `in ${r.location}` : null,
        `${r.conversations} conversation${r.conversations === 1 ? "" : "s"} cached`,
      ].filter(Boolean).join(", "),
      held: terms.length,
    }));
  },
  fetch(ctx, raw) {
    const v = viewContact(ctx.store, raw, CONTACT_CONVERSATIONS, (id) => ctx.conversationUrl(id));
    const metadata: Record<string, string> = {
      conversations: String(v.conversations_total),
      updated_at: v.updated_at,
    };
    const facts = {
      email: v.email,
      role: v.role,
      location: v.location,
      last_seen_at: v.last_seen_at,
      companies: v.companies.map((c) => c.name).join(", ") || null,
      tags: v.tags.join(", ") || null,
    };
    for (const [key, value] of Object.entries(facts)) if (value) metadata[key] = value;
    return Promise.resolve({
      id: v.id,
      title: v.name ?? v.email ?? `Contact ${v.id}`,
      text: renderContact(v),
      url: `intercom://contact/${encodeURIComponent(v.id)}`,
      metadata,
    });
  },
  cli: {
    search: (page) => ({ tool: searchContactsTool as unknown as Tool, args: page }),
    show: (id) => ({ tool: getContactTool as unknown as Tool, args: { contact_id: id } }),
  },
};

/**
 * Every kind, in the order a question that is neither a how-to, a person's name nor about
 * tickets lists them (see search.ts).
 */
export const DOCUMENT_KINDS: readonly DocumentKind[] = [conversations, articles, contacts, tickets];

/**
 * The kind and the record's own id of an id search gave ("article:8100004"). An id with no
 * kind (digits, or an Intercom inbox URL) is a conversation's, as ids were before kinds.
 */
export function splitDocumentId(raw: string): { kind: DocumentKind; id: string } {
  const text = raw.trim();
  const m = text.match(/^([a-z_]+):(?!\/\/)(.+)$/s);
  if (!m) return { kind: conversations, id: text };
  const kind = DOCUMENT_KINDS.find((k) => k.name === m[1]);
  if (!kind) {
    throw new LookupError(
      `"${m[1].slice(0, 40)}" is not a kind of record; ids look like ${
        DOCUMENT_KINDS.map((k) => `${k.name}:ID`).join(", ")
      } (a bare id is a conversation's)`,
    );
  }
  return { kind, id: m[2].trim() };
}
