import { assert, assertEquals, assertMatch, assertRejects } from "../../tests/assert.ts";
import { helpCenterOf } from "../../tests/double/articles.ts";
import { ticketsOf } from "../../tests/double/tickets.ts";
import { busiestContact, toolKit } from "../../tests/tool_kit.ts";
import { fetchDocument } from "./fetch.ts";
import { getContactTool } from "./get_contact.ts";
import { getTicketTool } from "./get_ticket.ts";

Deno.test("fetch reads one cached conversation as a document, by a bare or a kind's id, and says when there is none", async () => {
  using kit = toolKit();
  const [id] = kit.ws.conversations.keys();
  for (const asked of [`conversation:${id}`, id]) {
    const r = await fetchDocument.handler({ id: asked }, kit.context());
    assertEquals(r.structured.id, `conversation:${id}`);
    assertEquals(JSON.parse(r.text), r.structured);
    assertMatch(r.structured.text, new RegExp(`Conversation #${id}`));
    assertEquals(r.structured.metadata.kind, "conversation");
    assertEquals(r.structured.metadata.state, kit.ws.conversations.get(id)!.state);
  }
  await assertRejects(() => fetchDocument.handler({ id: "123" }, kit.context()), /123/);
});

Deno.test("fetch reads a help-center article as a document: its body, collection and public URL", async () => {
  using kit = toolKit(10);
  const article = [...helpCenterOf(kit.ws).articles.values()].find((a) =>
    a.state === "published" && a.parent_ids.length === 2
  )!;
  const r = await fetchDocument.handler({ id: `article:${article.id}` }, kit.context());
  assertEquals(r.structured.id, `article:${article.id}`);
  assertEquals(r.structured.title, article.title);
  assertEquals(r.structured.url, article.url);
  assertMatch(r.structured.text, new RegExp(article.title));
  assertMatch(r.structured.text, /contact us \(https:\/\/example\.com\/contact\)/);
  assertEquals(r.structured.metadata.kind, "article");
  assertEquals(r.structured.metadata.state, "published");
  assertMatch(r.structured.metadata.collection, / › /);
  await assertRejects(
    () => fetchDocument.handler({ id: "article:424242" }, kit.context()),
    /article 424242 is not in the cache/,
  );
});

Deno.test("fetch reads a customer as a document: profile, companies and their conversations newest first", async () => {
  using kit = toolKit(40);
  const { id } = busiestContact(kit.ws);
  const contact = kit.ws.contacts.get(id)!;
  const profile = await getContactTool.handler({ contact_id: id }, kit.context());
  for (const asked of [`contact:${id}`, `contact:${contact.email}`]) {
    const r = await fetchDocument.handler({ id: asked }, kit.context());
    assertEquals(r.structured.id, `contact:${id}`);
    assertEquals(r.structured.url, `intercom://contact/${id}`);
    assertEquals(r.structured.metadata.kind, "contact");
    assertEquals(r.structured.metadata.email, contact.email);
    assertEquals(
      r.structured.metadata.conversations,
      String(profile.structured.conversations_total),
    );
    for (const company of profile.structured.companies) {
      assert(r.structured.text.includes(`Company: ${company.name}`), company.name);
    }
    const listed = [...r.structured.text.matchAll(/^- \[(\d+)\]/gm)].map((m) => m[1]);
    assertEquals(listed, profile.structured.conversations.map((c) => c.id), "newest first");
  }
  await assertRejects(
    () => fetchDocument.handler({ id: "contact:nobody@example.com" }, kit.context()),
    /no cached contact/,
  );
  await assertRejects(
    () => fetchDocument.handler({ id: "widget:1" }, kit.context()),
    /"widget" is not a kind of record/,
  );
});

Deno.test("fetch reads a ticket as a document, by id or inbox number: type, state, customers, linked conversations and thread", async () => {
  using kit = toolKit();
  const desk = ticketsOf(kit.ws);
  const t = [...desk.tickets.values()].find((x) =>
    x.contacts.length && x.links.some((l) => l.type === "conversation")
  )!;
  const customer = kit.ws.contacts.get(t.contacts[0].id)!;
  const whole = await getTicketTool.handler({ ticket_id: t.id, parts_limit: 500 }, kit.context());
  for (const asked of [`ticket:${t.id}`, `ticket:#${t.ticket_id}`]) {
    const r = await fetchDocument.handler({ id: asked }, kit.context());
    assertEquals(JSON.parse(r.text), r.structured);
    assertEquals(r.structured.id, `ticket:${t.id}`);
    assertEquals(r.structured.title, whole.structured.title);
    assertEquals(r.structured.url, `intercom://ticket/${t.id}`);
    assertEquals(r.structured.text, whole.text, "get_ticket's text, every part");
    const m = r.structured.metadata;
    assertEquals(m.kind, "ticket");
    assertEquals(m.number, t.ticket_id);
    assertEquals(m.type, desk.types.get(t.typeId)!.name);
    assertEquals(m.state, desk.states.get(t.stateId)!.internal_label);
    assertEquals(m.state_category, desk.states.get(t.stateId)!.category);
    assertEquals(m.open, String(desk.states.get(t.stateId)!.category !== "resolved"));
    assertEquals(m.customers, [customer.name, customer.email].filter(Boolean).join(" "));
    assertEquals(
      m.conversations,
      t.links.filter((l) => l.type === "conversation").map((l) => l.id).join(", "),
    );
    assertEquals(m.parts, String(t.parts.length));
  }
  await assertRejects(
    () => fetchDocument.handler({ id: "ticket:424242" }, kit.context()),
    /ticket 424242 is not in the cache/,
  );
  await assertRejects(
    () => fetchDocument.handler({ id: "ticket:no such/ticket" }, kit.context()),
    /is not a ticket id or number/,
  );
});
