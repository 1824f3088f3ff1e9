import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { companiesOf } from "../../tests/double/companies.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import { LookupError } from "./lookup_error.ts";
import { searchContactsTool } from "./search_contacts.ts";

Deno.test("search_contacts finds a customer by email, whatever its case", async () => {
  using kit = toolKit(30);
  const [conversation] = kit.ws.conversations.values();
  let contact = kit.ws.contacts.get(conversation.contacts.contacts[0].id)!;
  while (contact.merged_into) contact = kit.ws.contacts.get(contact.merged_into)!;
  const r = await searchContactsTool.handler({ email: contact.email.toUpperCase() }, kit.context());
  assertEquals(r.structured.contacts.map((c) => c.id), [contact.id]);
  assert(r.structured.contacts[0].conversations >= 1);
});

Deno.test("search_contacts lists a company's people, by its name", async () => {
  using kit = toolKit(30);
  const names = new Set<string>();
  const all = await searchContactsTool.handler({ limit: 100 }, kit.context());
  for (const c of all.structured.contacts) for (const n of c.companies) names.add(n);
  const [name] = names;
  const r = await searchContactsTool.handler({ company: name, limit: 100 }, kit.context());
  assert(r.structured.total > 0 && r.structured.contacts.every((c) => c.companies.includes(name)));
  assert([...companiesOf(kit.ws).values()].some((c) => c.name === name));
  await assertRejects(
    () => searchContactsTool.handler({ company: "No Such Co" }, kit.context()),
    LookupError,
  );
});
