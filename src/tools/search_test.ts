import { assert, assertEquals } from "../../tests/assert.ts";
import { helpCenterOf } from "../../tests/double/articles.ts";
import { ticketsOf } from "../../tests/double/tickets.ts";
import { cacheNewTicket, toolKit } from "../../tests/tool_kit.ts";
import { DOCUMENT_KINDS, type KindHit } from "./documents.ts";
import { mergeHits, searchDocuments } from "./search.ts";
import { searchArticlesTool } from "./search_articles.ts";
import { searchConversations } from "./search_conversations.ts";
import { searchTicketsTool } from "./search_tickets.ts";

Deno.test("search gives connector clients id, kind, title, url and text, as JSON in its text too", async () => {
  using kit = toolKit();
  const r = await searchDocuments.handler({ query: "refund" }, kit.context());
  assert(r.structured.results.length > 0 && r.structured.results.length <= 10);
  assertEquals(JSON.parse(r.text), r.structured);
  const articles = helpCenterOf(kit.ws).articles;
  for (const hit of r.structured.results) {
    const [kind, id] = hit.id.split(":");
    assertEquals(kind, hit.kind);
    if (kind === "conversation") assert(kit.ws.conversations.has(id), hit.id);
    if (kind === "article") assertEquals(articles.get(id)?.title, hit.title);
    if (kind === "contact") assert(kit.ws.contacts.has(id), hit.id);
    if (kind === "ticket") assert(ticketsOf(kit.ws).tickets.has(id), hit.id);
    if (kind !== "article") assertEquals(hit.url, `intercom://${kind}/${id}`, "the resource");
    assert(!hit.text.includes("**"), "plain text, no markup");
  }
  const kinds = new Set(r.structured.results.map((h) => h.kind));
  assert(
    kinds.has("conversation") && kinds.has("article"),
    "refunds are both in past conversations and in the help center",
  );
});

Deno.test("search answers a how-to question with the help center first, then takes turns by each kind's own rank", async () => {
  using kit = toolKit();
  const query = "how do I get a refund";
  const r = await searchDocuments.handler({ query }, kit.context());
  // Customers tagged with the word, and tickets, take the later places of a turn.
  const kinds = r.structured.results.map((h) => h.kind).filter((k) =>
    k === "article" || k === "conversation"
  );
  assertEquals(kinds.slice(0, 4), ["article", "conversation", "article", "conversation"]);
  assertEquals(r.structured.results[0].kind, "article");
  const articles = await searchArticlesTool.handler({ query }, kit.context());
  const conversations = await searchConversations.handler({ query }, kit.context());
  const ids = (kind: string) =>
    r.structured.results.filter((h) => h.kind === kind).map((h) => h.id.split(":")[1]);
  assertEquals(
    ids("article"),
    articles.structured.articles.slice(0, ids("article").length).map((a) => a.id),
    "articles in search_articles' order",
  );
  assertEquals(
    ids("conversation"),
    conversations.structured.conversations.slice(0, ids("conversation").length).map((c) => c.id),
    "conversations in search_conversations' order",
  );
});

Deno.test("search puts a customer first when the query is their name or email, and no customer for a long question", async () => {
  using kit = toolKit();
  const named = [...kit.ws.contacts.values()].find((c) => c.name && !c.merged_into)!;
  for (const query of [named.name!, named.email]) {
    const r = await searchDocuments.handler({ query }, kit.context());
    assertEquals(r.structured.results[0].kind, "contact", query);
    const found = r.structured.results.filter((h) => h.kind === "contact");
    assert(found.some((h) => h.id === `contact:${named.id}`), `${query}: ${JSON.stringify(found)}`);
  }
  const long = await searchDocuments.handler(
    { query: "customer was charged twice for their subscription" },
    kit.context(),
  );
  assert(long.structured.results.length > 0);
  assertEquals(long.structured.results.filter((h) => h.kind === "contact"), []);
});

Deno.test("search's merge: more of the question's words first, whatever the kind; then turns by rank", () => {
  using kit = toolKit(10);
  const [conversations, articles, contacts] = DOCUMENT_KINDS;
  const hit = (id: string, held: number): KindHit => ({ id, title: id, url: "", text: "", held });
  const merged = mergeHits(
    kit.context(),
    "billing question",
    new Map([
      [conversations, [hit("c1", 1), hit("c2", 1), hit("c3", 1)]],
      [articles, [hit("a1", 2), hit("a2", 1)]],
      [contacts, [hit("p1", 1)]],
    ]),
  );
  assertEquals(merged.map((m) => m.hit.id), ["a1", "c1", "p1", "c2", "a2", "c3"]);
  const howTo = mergeHits(
    kit.context(),
    "how do I pay",
    new Map([[conversations, [hit("c1", 1)]], [articles, [hit("a1", 1)]]]),
  );
  assertEquals(howTo.map((m) => m.hit.id), ["a1", "c1"]);
});

Deno.test("search answers a question naming tickets with tickets first, in search_tickets' order, each saying what it is", async () => {
  using kit = toolKit();
  const r = await searchDocuments.handler(
    { query: "which tickets are about exports" },
    kit.context(),
  );
  const tickets = r.structured.results.filter((h) => h.kind === "ticket");
  assertEquals(r.structured.results[0].kind, "ticket");
  // The words naming tickets are held by every ticket, and not looked for in their text.
  const alone = await searchTicketsTool.handler({ query: "exports" }, kit.context());
  assertEquals(
    tickets.map((h) => h.id),
    alone.structured.tickets.slice(0, tickets.length).map((t) => `ticket:${t.id}`),
  );
  const desk = ticketsOf(kit.ws);
  for (const hit of tickets) {
    const t = desk.tickets.get(hit.id.replace("ticket:", ""))!;
    assertEquals(hit.url, `intercom://ticket/${t.id}`, "no inbox URL is known: the resource");
    const listed = alone.structured.tickets.find((x) => x.id === t.id)!;
    assertEquals(hit.title, `#${t.ticket_id} ${listed.title}`);
    const type = desk.types.get(t.typeId)!.name;
    assert(
      hit.text.startsWith(`${type}, ${desk.states.get(t.stateId)!.internal_label}, `),
      hit.text,
    );
    assert(/export/i.test(JSON.stringify(t)), `${hit.id} holds the word`);
  }
});

Deno.test("search puts first a ticket holding more of the question's words than any conversation", async () => {
  using kit = toolKit();
  const id = cacheNewTicket(kit, {
    title: "Zanzibar warehouse export crashes",
    description: "<p>Exporting the Zanzibar warehouse report stops at 90%.</p>",
    contactId: null,
  });
  const r = await searchDocuments.handler(
    { query: "zanzibar warehouse export keeps crashing" },
    kit.context(),
  );
  assertEquals(r.structured.results[0].id, `ticket:${id}`);
  assert(r.structured.results.some((h) => h.kind === "conversation"), "past cases of exports");
  const none = await searchDocuments.handler({ query: "tickets" }, kit.context());
  assertEquals(none.structured.results.filter((h) => h.kind === "ticket"), [], "no word to find");
});
