// search_contacts past the number of matches it scores (SCORED): more contacts than that match
// a common word or belong to one company, and the answer still counts them all, pages through
// them without repeats or gaps, and puts those holding every word first.

import { App } from "../src/app.ts";
import { parseCompany, parseContactProfile } from "../src/intercom/parse.ts";
import { callContext } from "../src/mcp/server.ts";
import { SCORED } from "../src/store/contact_lookup.ts";
import { saveCompany, saveProfile } from "../src/store/contacts.ts";
import { searchContactsTool } from "../src/tools/search_contacts.ts";
import { assert, assertEquals } from "./assert.ts";
import { tempDir, testSettings } from "./cache_check.ts";
import { companiesOf } from "./double/companies.ts";
import { makeRng } from "./double/text.ts";
import { generateWorkspace, makeContact } from "./double/workspace.ts";

const CONTACTS = SCORED + 500;
const dir = tempDir();
const app = new App(testSettings(dir, "http://127.0.0.1:9", { accessToken: null }));
const ws = generateWorkspace({ seed: 8, conversations: 5, olderConversations: 0, deleted: 0 });
const company = [...companiesOf(ws).values()][0];
const rng = makeRng(99);
const now = Math.floor(Date.now() / 1000);
const made = Array.from({ length: CONTACTS }, (_, i) => {
  const c = makeContact(rng, i, ws.app.id_code, now - i * 60);
  // Everyone of one company: more than are scored, for the company filter's other way.
  (c.companies as unknown as { data: unknown[] }).data = [{ type: "company", id: company.id }];
  c.updated_at = now - Math.floor(rng() * 1000) * 60;
  saveProfile(app.store, parseContactProfile(c), now);
  return c;
});
saveCompany(app.store, parseCompany(company), now);
globalThis.addEventListener("unload", () => {
  app.close();
  Deno.removeSync(dir, { recursive: true });
});

// deno-lint-ignore no-explicit-any
type Json = any;
const ctx = callContext(app, new AbortController().signal);

/** Every page of a search, 100 at a time. */
async function allPages(args: Record<string, unknown>): Promise<{ total: number; ids: string[] }> {
  const ids: string[] = [];
  let total = 0;
  for (let offset = 0; offset < CONTACTS + 100; offset += 100) {
    const r = (await searchContactsTool.handler({ ...args, limit: 100, offset }, ctx))
      .structured as Json;
    total = r.total;
    ids.push(...r.contacts.map((c: Json) => c.id));
    if (r.next_offset === null) break;
  }
  return { total, ids };
}

Deno.test("a word every contact holds counts them all and pages through them once each", async () => {
  const { total, ids } = await allPages({ query: "example" });
  assertEquals(total, CONTACTS);
  assertEquals(ids.length, CONTACTS);
  assertEquals(new Set(ids).size, CONTACTS, "no repeats");
});

Deno.test("past the scored number, those holding every word come first", async () => {
  const named = made.find((c) => c.name && /^[a-z]+$/i.test(c.name.split(" ")[0]))!;
  const first = named.name!.split(" ")[0];
  const r = (await searchContactsTool.handler({ query: `${first} example`, limit: 50 }, ctx))
    .structured as Json;
  assertEquals(r.total, CONTACTS, "some of the words: everyone");
  const holding = made.filter((c) => c.name?.split(" ").includes(first)).length;
  const lead = r.contacts.slice(0, Math.min(holding, 50));
  assert(lead.length > 0);
  for (const c of lead) assert(c.name.split(" ").includes(first), `${c.name} holds ${first}`);
});

Deno.test("a company of more contacts than are scored lists them newest first, every one once", async () => {
  const { total, ids } = await allPages({ company: company.name });
  assertEquals(total, CONTACTS);
  assertEquals(new Set(ids).size, CONTACTS);
  const updated = new Map(made.map((c) => [c.id, c.updated_at]));
  const times = ids.map((id) => updated.get(id)!);
  assertEquals(times, [...times].sort((a, b) => b - a), "newest first");
});
