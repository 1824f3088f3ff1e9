import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { htmlToText } from "../intercom/html.ts";
import { ticketsOf } from "../../tests/double/tickets.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { getTicketTool } from "./get_ticket.ts";
import { LookupError } from "./lookup_error.ts";

Deno.test("get_ticket reads a ticket whole: attributes, type, state, customer, linked conversation, thread", async () => {
  using kit = toolKit(40);
  const desk = ticketsOf(kit.ws);
  const t = [...desk.tickets.values()].find((x) =>
    x.parts.length > 1 && x.contacts.length &&
    x.links.some((l) => l.type === "conversation" && kit.app.store.getConversation(l.id))
  )!;
  const r = await getTicketTool.handler({ ticket_id: t.id }, kit.context());
  const v = r.structured;
  assertEquals([v.id, v.number, v.title], [
    t.id,
    t.ticket_id,
    htmlToText(String(t.ticket_attributes._default_title_)),
  ]);
  assertEquals(v.type, desk.types.get(t.typeId)!.name);
  assertEquals(v.state, desk.states.get(t.stateId)!.internal_label);
  assertEquals(v.customer_state, desk.states.get(t.stateId)!.external_label);
  assertEquals(v.customers.map((c) => c.id), [t.contacts[0].id]);
  const { _default_title_: _t, _default_description_: _d, ...own } = t.ticket_attributes;
  assertEquals(v.attributes, own);
  assertEquals(v.parts.map((p) => p.id), t.parts.map((p) => p.id));
  const linked = v.conversations.find((c) => c.title !== null)!;
  const cached = kit.app.store.getConversation(linked.id)!;
  assertEquals(linked.state, cached.conversation.state);
  assert(r.text.includes(`# ${v.title} [ticket ${t.id}, #${t.ticket_id}]`), r.text);
  assert(r.text.includes("Linked conversations: [" + linked.id + "]"), r.text);
});

Deno.test("get_ticket takes the inbox number, and shows the newest parts when asked for fewer", async () => {
  using kit = toolKit(20);
  const t = [...ticketsOf(kit.ws).tickets.values()].find((x) => x.parts.length > 2)!;
  const r = await getTicketTool.handler(
    { ticket_id: `#${t.ticket_id}`, parts_limit: 1 },
    kit.context(),
  );
  assertEquals(r.structured.id, t.id);
  assertEquals(r.structured.parts.map((p) => p.id), [t.parts.at(-1)!.id]);
  assertEquals(r.structured.parts_total, t.parts.length);
  assert(r.text.includes(`, the newest 1:`), r.text);
});

Deno.test("get_ticket refuses an unknown id and one that cannot be an id", async () => {
  using kit = toolKit(20);
  await assertRejects(
    () => getTicketTool.handler({ ticket_id: "999" }, kit.context()),
    LookupError,
    "not in the cache",
  );
  await assertRejects(
    () => getTicketTool.handler({ ticket_id: "drop table; --" }, kit.context()),
    LookupError,
    "not a ticket id",
  );
});
