import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { ticketsOf } from "../../tests/double/tickets.ts";
import { companiesOf } from "../../tests/double/companies.ts";
import { cacheNewTicket, toolKit } from "../../tests/tool_kit.ts";
import { SearchInputError } from "../search/errors.ts";
import { LookupError } from "./lookup_error.ts";
import { searchTicketsTool } from "./search_tickets.ts";

Deno.test("search_tickets puts the ticket whose title holds the words first, with a snippet", async () => {
  using kit = toolKit(20);
  const id = cacheNewTicket(kit, {
    title: "Zanzibar export crashes",
    description: "<p>Exporting the zanzibar report stops at 90%.</p>",
    contactId: null,
  });
  const r = await searchTicketsTool.handler({ query: "zanzibar export" }, kit.context());
  assertEquals(r.structured.tickets[0].id, id);
  assertEquals(r.structured.tickets[0].type, "Bug report");
  assert(r.structured.tickets[0].snippet.includes("**zanzibar**"), r.structured.tickets[0].snippet);
  assert(r.text.includes(`[${id}]`) && r.text.includes("Zanzibar export crashes"));
});

Deno.test("search_tickets lists every ticket newest first, and pages", async () => {
  using kit = toolKit(20);
  const all = [...ticketsOf(kit.ws).tickets.values()];
  const first = await searchTicketsTool.handler({ limit: 5 }, kit.context());
  assertEquals(first.structured.total, all.length);
  assertEquals(first.structured.next_offset, 5);
  const newest = Math.max(...all.map((t) => t.updated_at));
  assertEquals(Date.parse(first.structured.tickets[0].updated_at) / 1000, newest);
  const second = await searchTicketsTool.handler({ limit: 5, offset: 5 }, kit.context());
  const ids = new Set(first.structured.tickets.map((t) => t.id));
  assert(second.structured.tickets.every((t) => !ids.has(t.id)));
});

Deno.test("search_tickets filters by state, type, customer, company and assignee", async () => {
  using kit = toolKit(20);
  const desk = ticketsOf(kit.ws);
  const all = [...desk.tickets.values()];
  const category = (id: string) => desk.states.get(desk.tickets.get(id)!.stateId)!.category;
  const total = async (args: Record<string, unknown>) =>
    (await searchTicketsTool.handler({ limit: 50, ...args }, kit.context())).structured.total;
  assertEquals(
    await total({ state: "resolved" }),
    all.filter((t) => category(t.id) === "resolved").length,
  );
  assertEquals(
    await total({ state: "open" }),
    all.filter((t) => category(t.id) !== "resolved").length,
  );
  assertEquals(
    await total({ state: "waiting_on_customer" }),
    all.filter((t) => category(t.id) === "waiting_on_customer").length,
  );
  assertEquals(
    await total({ ticket_type: "bug REPORT" }),
    all.filter((t) => t.typeId === "310").length,
  );
  const withContact = all.find((t) => t.contacts.length)!;
  const contact = withContact.contacts[0].id;
  assertEquals(
    await total({ customer: contact }),
    all.filter((t) => t.contacts.some((c) => c.id === contact)).length,
  );
  const company = [...companiesOf(kit.ws).values()].find((co) =>
    all.some((t) =>
      t.contacts.some((c) =>
        (kit.ws.contacts.get(c.id)!.companies as unknown as { data: { id: string }[] }).data
          .some((d) => d.id === co.id)
      )
    )
  )!;
  const ofCompany = await searchTicketsTool.handler(
    { company: company.name, limit: 50 },
    kit.context(),
  );
  assert(ofCompany.structured.total > 0, company.name);
  assertEquals(
    await total({ assignee: "unassigned" }),
    all.filter((t) => !t.admin_assignee_id && !t.team_assignee_id).length,
  );
  const admin = kit.ws.admins.find((a) => all.some((t) => String(t.admin_assignee_id) === a.id))!;
  assertEquals(
    await total({ assignee: admin.email }),
    all.filter((t) => String(t.admin_assignee_id) === admin.id).length,
  );
});

Deno.test("search_tickets takes a timeframe: only tickets active in it", async () => {
  using kit = toolKit(20);
  const r = await searchTicketsTool.handler(
    { timeframe: "last 7 days", timezone: "UTC", limit: 50 },
    kit.context(),
  );
  assert(r.structured.timeframe !== null);
  const since = Date.now() / 1000 - 8 * 86400;
  assert(r.structured.tickets.every((t) => Date.parse(t.updated_at) / 1000 >= since));
  const all = [...ticketsOf(kit.ws).tickets.values()];
  assert(r.structured.total < all.length && r.structured.total > 0, String(r.structured.total));
});

Deno.test("search_tickets refuses an unknown type, company, email, assignee and timeframe clearly", async () => {
  using kit = toolKit(20);
  const ctx = kit.context();
  await assertRejects(
    () => searchTicketsTool.handler({ ticket_type: "Nope" }, ctx),
    LookupError,
    "the types are: Account change, Billing request, Bug report, Known issue",
  );
  await assertRejects(() => searchTicketsTool.handler({ company: "Nope" }, ctx), LookupError);
  await assertRejects(
    () => searchTicketsTool.handler({ customer: "nobody@example.com" }, ctx),
    LookupError,
    "no cached contact has the email",
  );
  await assertRejects(
    () => searchTicketsTool.handler({ assignee: "Nobody" }, ctx),
    SearchInputError,
  );
  await assertRejects(
    () => searchTicketsTool.handler({ timeframe: "whenever" }, ctx),
    SearchInputError,
  );
  const none = await searchTicketsTool.handler({ query: "!!!" }, ctx);
  assertEquals([none.structured.total, none.structured.terms], [0, []]);
});
