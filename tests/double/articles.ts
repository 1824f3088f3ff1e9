// The simulated help center behind the test double: collections, sections and articles in
// Intercom's own JSON shapes (API 2.16): published and draft articles, a few translated, plus
// the edits tests make. Kept beside a Workspace, made from its seed the first time it is asked for.

import { between, makeRng, pick, RARE_WORDS, type Rng } from "./text.ts";
import type { Workspace } from "./workspace.ts";

const DAY = 86400;
const ARTICLE_ID_BASE = 8100000;
const COLLECTION_ID_BASE = 2140000;

export interface ArticleContent {
  type: "article_content";
  title: string;
  description: string;
  body: string;
  author_id: number;
  state: "published" | "draft";
  created_at: number;
  updated_at: number;
  url: string;
}

/** An article as `GET /articles` lists it (the description's article_list_item). */
export interface ArticleRecord extends Omit<ArticleContent, "type" | "url"> {
  type: "article";
  id: string;
  workspace_id: string;
  parent_ids: number[];
  url: string | null;
  tags: { type: "tag.list"; tags: { type: "tag"; id: string; name: string }[] };
  /** Only on multilingual help centers, and then on every article. */
  default_locale?: string;
  translated_content?: { type: "article_translated_content"; [locale: string]: unknown } | null;
}

/** A collection or a section (a collection with a parent), as the description's `collection`. */
export interface CollectionRecord {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  created_at: number;
  updated_at: number;
  url: string | null;
  icon: string | null;
  order: number;
  parent_id: string | null;
  help_center_id: number | null;
}

export interface HelpCenter {
  articles: Map<string, ArticleRecord>;
  collections: Map<string, CollectionRecord>;
  nextArticleId: number;
}

export interface HelpCenterOptions {
  /** Default 40. */
  articles?: number;
  /** Give every article French and German content too (a multilingual help center). */
  multilingual?: boolean;
}

const COLLECTIONS: ReadonlyArray<[string, string[]]> = [
  ["Billing and payments", ["Refunds", "Invoices"]],
  ["Account and security", ["Single sign-on"]],
  ["Developers", ["Webhooks"]],
  ["Shipping", []],
];

const SUBJECTS: ReadonlyArray<[string, string, string]> = [
  ["How refunds work", "Refunds", "A refund goes back to the card that paid, within 5 to 10 days."],
  ["Downloading an invoice", "Invoices", "Every invoice is a PDF under Settings, Billing."],
  ["Changing your plan", "Billing and payments", "Upgrades apply at once; downgrades at renewal."],
  ["Setting up SAML single sign-on", "Single sign-on", "Add the metadata URL of your provider."],
  ["Resetting a password", "Account and security", "The reset link lasts one hour."],
  ["Two-factor authentication", "Account and security", "Use an authenticator app or a key."],
  ["Receiving webhooks", "Webhooks", "Each webhook is signed with your secret; retry on 5xx."],
  ["API rate limits", "Developers", "The API allows 1,000 calls a minute per token."],
  ["Exporting your data", "Developers", "Exports come as CSV by email within an hour."],
  ["Tracking a shipment", "Shipping", "The tracking number arrives by email once it ships."],
  ["International delivery", "Shipping", "Customs duties are paid by the receiver."],
];

const FRENCH = ["Comment", "remboursement", "facture", "livraison", "mot de passe"];
const GERMAN = ["Anleitung", "Rückerstattung", "Rechnung", "Lieferung", "Passwort"];

const centers = new WeakMap<Workspace, HelpCenter>();

/** The help center of a workspace: made from its seed on first use, then kept. */
export function helpCenterOf(ws: Workspace, opts: HelpCenterOptions = {}): HelpCenter {
  let hc = centers.get(ws);
  if (!hc) {
    hc = generateHelpCenter(ws, opts);
    centers.set(ws, hc);
  }
  return hc;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function paragraph(rng: Rng, lead: string): string {
  const rare = rng() < 0.3 ? ` Some call this the ${pick(rng, RARE_WORDS)} step.` : "";
  return `<p>${lead}${rare}</p><p>If this does not help, <a href="https://example.com/contact">` +
    `contact us</a> &amp; we will answer within a day.</p>`;
}

function generateHelpCenter(ws: Workspace, opts: HelpCenterOptions): HelpCenter {
  const rng = makeRng(ws.app.created_at % 100000);
  const now = ws.clock();
  const host = `http://help.brightdesk.example/${ws.app.id_code}`;
  const collections = new Map<string, CollectionRecord>();
  let cid = COLLECTION_ID_BASE;
  const byName = new Map<string, CollectionRecord>();
  COLLECTIONS.forEach(([name, sections], i) => {
    const add = (n: string, parent: string | null, order: number) => {
      const id = String(cid++);
      const created = now - between(rng, 200, 700) * DAY;
      const c: CollectionRecord = {
        id,
        workspace_id: ws.app.id_code,
        name: n,
        description: parent ? null : `Everything about ${n.toLowerCase()}`,
        created_at: created,
        updated_at: created + between(rng, 0, 100) * DAY,
        url: `${host}/en/collections/${id}-${slug(n)}`,
        icon: parent ? null : "book-bookmark",
        order,
        parent_id: parent,
        help_center_id: parent ? null : 79,
      };
      collections.set(id, c);
      byName.set(n, c);
      return id;
    };
    const top = add(name, null, i);
    sections.forEach((s, j) => add(s, top, j));
  });
  const hc: HelpCenter = { articles: new Map(), collections, nextArticleId: ARTICLE_ID_BASE };
  const count = opts.articles ?? 40;
  for (let i = 0; i < count; i++) {
    const [title, where, lead] = SUBJECTS[i % SUBJECTS.length];
    const round = Math.floor(i / SUBJECTS.length);
    const created = now - between(rng, 30, 600) * DAY;
    const a = makeArticle(ws, hc, {
      title: round ? `${title} (part ${round + 1})` : title,
      body: paragraph(rng, lead),
      parent: byName.get(where)!,
      // One in eight is a draft never published; a few stand alone with no collection.
      state: i % 8 === 7 ? "draft" : "published",
      createdAt: created,
      updatedAt: created + between(rng, 0, 25) * DAY,
      standalone: i % 13 === 12,
    });
    if (opts.multilingual) translate(a, rng);
  }
  return hc;
}

function makeArticle(
  ws: Workspace,
  hc: HelpCenter,
  o: {
    title: string;
    body: string;
    parent: CollectionRecord | null;
    state: "published" | "draft";
    createdAt: number;
    updatedAt: number;
    standalone?: boolean;
  },
): ArticleRecord {
  const id = String(hc.nextArticleId++);
  const parents = !o.parent || o.standalone
    ? []
    : o.parent.parent_id
    ? [Number(o.parent.parent_id), Number(o.parent.id)]
    : [Number(o.parent.id)];
  const a: ArticleRecord = {
    type: "article",
    id,
    workspace_id: ws.app.id_code,
    parent_ids: parents,
    title: o.title,
    description: `${o.title}: the short answer`,
    body: o.body,
    author_id: Number(ws.admins[Number(id) % ws.admins.length].id),
    state: o.state,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    url: o.state === "published"
      ? `http://help.brightdesk.example/${ws.app.id_code}/en/articles/${id}-${slug(o.title)}`
      : null,
    tags: { type: "tag.list", tags: [] },
  };
  hc.articles.set(id, a);
  return a;
}

function translate(a: ArticleRecord, rng: Rng): void {
  const content = (locale: string, words: string[]) => ({
    type: "article_content",
    title: `${pick(rng, words)}: ${a.title}`,
    description: a.description,
    body: `<p>${words.join(" ")} ${pick(rng, words)}.</p>`,
    author_id: a.author_id,
    state: a.state,
    created_at: a.created_at,
    updated_at: a.updated_at,
    url: a.url ? a.url.replace("/en/", `/${locale}/`) : "",
  });
  a.default_locale = "en";
  a.translated_content = {
    type: "article_translated_content",
    en: { ...content("en", []), title: a.title, body: a.body },
    fr: content("fr", FRENCH),
    de: content("de", GERMAN),
  };
}

// --- edits tests make -------------------------------------------------------------------

function mustGet(ws: Workspace, id: string): ArticleRecord {
  const a = helpCenterOf(ws).articles.get(id);
  if (!a) throw new Error(`no article ${id} in the help center`);
  return a;
}

/** Rewrites an article's body (and its English content), as an edit in Intercom would. */
export function editArticle(ws: Workspace, id: string, bodyHtml: string): void {
  const a = mustGet(ws, id);
  a.body = bodyHtml;
  a.updated_at = ws.clock();
  const en = a.translated_content?.en as { body: string; updated_at: number } | undefined;
  if (en) Object.assign(en, { body: bodyHtml, updated_at: a.updated_at });
}

export function publishArticle(ws: Workspace, id: string, state: "published" | "draft"): void {
  const a = mustGet(ws, id);
  a.state = state;
  a.updated_at = ws.clock();
}

export function deleteArticle(ws: Workspace, id: string): void {
  mustGet(ws, id);
  helpCenterOf(ws).articles.delete(id);
}

/** A new published article in the first collection; returns its id. */
export function createArticle(ws: Workspace, title: string, bodyHtml: string): string {
  const hc = helpCenterOf(ws);
  const now = ws.clock();
  const parent = [...hc.collections.values()][0] ?? null;
  return makeArticle(ws, hc, {
    title,
    body: bodyHtml,
    parent,
    state: "published",
    createdAt: now,
    updatedAt: now,
  }).id;
}

/** Articles newest update first, as `GET /articles` orders them (ties by id, descending). */
export function articlesInOrder(ws: Workspace): ArticleRecord[] {
  return [...helpCenterOf(ws).articles.values()].sort((a, b) =>
    b.updated_at - a.updated_at || Number(b.id) - Number(a.id)
  );
}

/** Collections newest update first, as `GET /help_center/collections` orders them. */
export function collectionsInOrder(ws: Workspace): CollectionRecord[] {
  return [...helpCenterOf(ws).collections.values()].sort((a, b) =>
    b.updated_at - a.updated_at || Number(b.id) - Number(a.id)
  );
}
