// The kinds beside conversations at scale, for `deno task bench` (and `--only kinds`): a large
// cache gets as many contact profiles as it has conversations, their companies, a help center
// of some thousand articles and tickets (a few for every ten conversations), stored through the
// same parsers and store as a sync; then search_articles, search_contacts, search_tickets and
// the connector's search are timed as tools answer them.

import { App } from "../../src/app.ts";
import { parseCompany, parseContactProfile } from "../../src/intercom/parse.ts";
import { parseArticle, parseCollectionPage } from "../../src/intercom/parse_articles.ts";
import { parseTicket, parseTicketTypes } from "../../src/intercom/parse_tickets.ts";
import { callContext } from "../../src/mcp/server.ts";
import { replaceCollections, saveArticle } from "../../src/store/articles.ts";
import { saveCompany, saveProfile, setAlias } from "../../src/store/contacts.ts";
import { replaceTicketTypes, saveTicket } from "../../src/store/tickets.ts";
import { searchDocuments } from "../../src/tools/search.ts";
import { searchArticlesTool } from "../../src/tools/search_articles.ts";
import { searchContactsTool } from "../../src/tools/search_contacts.ts";
import { searchTicketsTool } from "../../src/tools/search_tickets.ts";
import type { ToolContext } from "../../src/tools/tool.ts";
import { testSettings } from "../cache_check.ts";
import { helpCenterOf } from "../double/articles.ts";
import { companiesOf } from "../double/companies.ts";
import { makeRng } from "../double/text.ts";
import { renderTicket, ticketsOf } from "../double/tickets.ts";
import { makeContact, type Workspace } from "../double/workspace.ts";

export interface Stats {
  p50: number;
  p95: number;
  p99: number;
}

/** One kind of question, timed. */
export interface KindQuestion {
  tool: string;
  name: string;
  total: number | null;
  ours: Stats;
}

export interface KindFigures {
  conversations: number;
  contacts: number;
  articles: number;
  tickets: number;
  fillSeconds: number;
  questions: KindQuestion[];
}

const DAY = 86400;

/**
 * Adds contacts to the workspace until it has `contacts`, gives them companies, makes a help
 * center of `articles` and `tickets` tickets, and stores it all as a sync would: profiles,
 * companies, articles, ticket types and tickets.
 */
export function fillKindsAtScale(
  app: App,
  ws: Workspace,
  opts: { contacts: number; articles: number; tickets: number; log: (line: string) => void },
): { contacts: number; articles: number; tickets: number; seconds: number } {
  const started = performance.now();
  const rng = makeRng(4242);
  const now = Math.floor(Date.now() / 1000);
  for (let i = ws.contacts.size; ws.contacts.size < opts.contacts; i++) {
    const c = makeContact(rng, 1_000_000 + i, ws.app.id_code, now - Math.floor(rng() * 700 * DAY));
    ws.contacts.set(c.id, c);
  }
  // Made now, so the extra contacts get companies, tags and last-seen times too.
  const companies = companiesOf(ws);
  const hc = helpCenterOf(ws, { articles: opts.articles });
  const store = app.store;
  replaceCollections(store, parseCollectionPage({ data: [...hc.collections.values()] }).items);
  for (const a of hc.articles.values()) saveArticle(store, parseArticle(a), now);
  opts.log(`  ${hc.articles.size} articles stored`);
  let stored = 0;
  for (const c of ws.contacts.values()) {
    if (c.merged_into) {
      setAlias(store, c.id, c.merged_into);
      continue;
    }
    saveProfile(store, parseContactProfile(c), now);
    if (++stored % 20_000 === 0) opts.log(`  ${stored} contacts stored`);
  }
  for (const c of companies.values()) saveCompany(store, parseCompany(c), now);
  // Made after the contacts, so tickets are the customers' of the conversations and of them.
  const desk = ticketsOf(ws, { tickets: opts.tickets });
  replaceTicketTypes(store, parseTicketTypes({ data: [...desk.types.values()] }));
  let tickets = 0;
  for (const t of desk.tickets.values()) {
    saveTicket(store, parseTicket(renderTicket(ws, t)), now);
    if (++tickets % 10_000 === 0) opts.log(`  ${tickets} tickets stored`);
  }
  store.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return {
    contacts: stored,
    articles: hc.articles.size,
    tickets,
    seconds: (performance.now() - started) / 1000,
  };
}

type Call = (ctx: ToolContext) => Promise<{ structured: Record<string, unknown> }>;

/** The questions asked of each tool, made from what the cache holds. */
function questions(ws: Workspace): { tool: string; name: string; call: Call }[] {
  const people = [...ws.contacts.values()].filter((c) => c.name && !c.merged_into);
  const someone = people[Math.floor(people.length / 2)];
  const company = [...companiesOf(ws).values()][0].name;
  const articles = (name: string, args: Record<string, unknown>) => ({
    tool: "search_articles",
    name,
    call: (ctx: ToolContext) => searchArticlesTool.handler(args, ctx),
  });
  const contacts = (name: string, args: Record<string, unknown>) => ({
    tool: "search_contacts",
    name,
    call: (ctx: ToolContext) => searchContactsTool.handler(args, ctx),
  });
  const tickets = (name: string, args: Record<string, unknown>) => ({
    tool: "search_tickets",
    name,
    call: (ctx: ToolContext) => searchTicketsTool.handler(args, ctx),
  });
  const ticketed = [...ticketsOf(ws).tickets.values()].find((t) => t.contacts.length)!;
  const ticketCustomer = ws.contacts.get(ticketed.contacts[0].id)!.email;
  const connector = (name: string, query: string) => ({
    tool: "search (every kind)",
    name,
    call: (ctx: ToolContext) => searchDocuments.handler({ query }, ctx),
  });
  return [
    articles("common word", { query: "refund" }),
    articles("question", { query: "how do I download an invoice from billing" }),
    articles("phrase", { query: '"single sign-on"' }),
    articles("prefix", { query: "webho*" }),
    articles("newest, no query", {}),
    articles("word in a collection", { query: "card", collection: "Billing and payments" }),
    contacts("full name", { query: someone.name }),
    contacts("email as words", { query: someone.email }),
    contacts("email filter", { email: someone.email }),
    contacts("a company's name, two words", { query: company }),
    contacts("company filter", { company }),
    contacts("a city", { query: "Berlin" }),
    contacts("name prefix", { query: `${someone.name!.slice(0, 3)}*` }),
    contacts("newest, no query", {}),
    tickets("common word", { query: "export" }),
    tickets("question", { query: "export stuck at 0% for the csv report" }),
    tickets("phrase", { query: '"rate limit"' }),
    tickets("newest, no query", {}),
    tickets("open, a word", { query: "refund", state: "open" }),
    tickets("a type, a word", { query: "login", ticket_type: "Bug report" }),
    tickets("a customer's", { customer: ticketCustomer }),
    connector("how-to question", "how do I get a refund"),
    connector("a customer's name", someone.name!),
    connector("a case", "customer was charged twice for their subscription"),
    connector("a question naming tickets", "which tickets are about exports"),
  ];
}

/** Fills the cache in `dataDir` with the kinds at scale and times each tool's questions. */
export async function benchKinds(
  dataDir: string,
  ws: Workspace,
  opts: {
    contacts: number;
    articles: number;
    tickets: number;
    iterations: number;
    timeAsync: (fn: () => Promise<unknown>, n: number) => Promise<Stats>;
    log: (line: string) => void;
  },
): Promise<KindFigures> {
  const app = new App(testSettings(dataDir, "http://127.0.0.1:9", { accessToken: null }));
  try {
    const conversations = app.store.stats().conversations;
    opts.log(
      `storing ${opts.contacts} contacts, ${opts.articles} articles and ${opts.tickets} tickets`,
    );
    const filled = fillKindsAtScale(app, ws, opts);
    opts.log(`  stored in ${filled.seconds.toFixed(1)} s`);
    const ctx = callContext(app, new AbortController().signal);
    const timed: KindQuestion[] = [];
    for (const q of questions(ws)) {
      const first = await q.call(ctx);
      const total = typeof first.structured.total === "number" ? first.structured.total : null;
      timed.push({
        tool: q.tool,
        name: q.name,
        total,
        ours: await opts.timeAsync(() => q.call(ctx), opts.iterations),
      });
    }
    return {
      conversations,
      contacts: filled.contacts,
      articles: filled.articles,
      tickets: filled.tickets,
      fillSeconds: Math.round(filled.seconds * 10) / 10,
      questions: timed,
    };
  } finally {
    app.close();
  }
}

/** The goal of the issue: search over articles and contacts (and tickets), p95 ≤ 20 ms at this scale. */
const GOAL_MS = 20;

/** The bench table's rows for the kinds. */
export function kindRows(f: KindFigures): string[][] {
  const at =
    `${f.articles} articles, ${f.contacts} contacts, ${f.tickets} tickets, ${f.conversations} conversations`;
  return f.questions.map((q) => {
    const goal = q.tool === "search (every kind)" ? null : GOAL_MS;
    return [
      `${q.tool} p50 / p95: ${q.name}${q.total === null ? "" : ` (${q.total} matches)`} at ${at}`,
      `${q.ours.p50} / ${q.ours.p95} ms`,
      goal === null ? "" : `p95 ≤ ${goal} ms`,
      goal === null ? "" : q.ours.p95 <= goal ? "met" : "missed",
    ];
  });
}
