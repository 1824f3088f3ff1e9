// search_contacts: the customers of cached conversations, by name, email, company or any detail.

import { z } from "zod";
import { iso } from "../time.ts";
import { companiesNamed, type ContactRow, searchContacts } from "../store/contact_lookup.ts";
import { missingNote } from "../sync/kinds.ts";
import { LookupError } from "./lookup_error.ts";
import { freshnessSchema } from "../sync/freshness.ts";
import { pageArgs, pagedSearchSchema, readQuery } from "./paged_search.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

const MAX_CONTACTS = 100;
const DEFAULT_CONTACTS = 20;

const hit = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  role: z.string().nullable().describe("user or lead"),
  companies: z.array(z.string()),
  location: z.string().nullable(),
  last_seen_at: z.string().nullable(),
  conversations: z.number().int().describe("Their conversations in the cache"),
});

export const searchContactsTool = defineTool({
  name: "search_contacts",
  title: "Search customers",
  description:
    "Finds the customers (Intercom contacts) of cached conversations by name, email, company, " +
    "or any detail (location, phone, custom attributes, tags), with their companies and how " +
    "many conversations each has. Answers from the local cache in milliseconds. Use " +
    "get_contact for a customer's whole profile and history.",
  inputSchema: {
    query: z.string().max(10_000).optional().describe(
      'Words to find in a name, email, company or detail, e.g. "ana", "acme", "berlin"',
    ),
    email: z.string().max(1000).optional().describe("Only the customer with this exact email"),
    company: z.string().max(1000).optional().describe("Only customers of this company: name or id"),
    ...pageArgs(MAX_CONTACTS, DEFAULT_CONTACTS),
  },
  outputSchema: {
    ...pagedSearchSchema,
    contacts: z.array(hit),
    note: z.string().nullable().describe("Why contacts are missing from the cache, when they are"),
    freshness: freshnessSchema,
  },
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const freshness = await ctx.freshCache();
    const store = ctx.store;
    const { query, nothing, ...parsed } = readQuery(args.query);
    const offset = args.offset ?? 0;
    let companyIds: string[] | null = null;
    if (args.company !== undefined) {
      companyIds = companiesNamed(store, args.company);
      if (!companyIds.length) {
        throw new LookupError(`no cached company is named "${args.company}"`);
      }
    }
    const { total, rows } = nothing
      ? { total: 0, rows: [] as ContactRow[] }
      : store.snapshot(() =>
        searchContacts(store, {
          match: parsed.match,
          every: parsed.every,
          email: args.email ?? null,
          companyIds,
          limit: args.limit ?? DEFAULT_CONTACTS,
          offset,
        })
      );
    const contacts = rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      role: r.role,
      companies: r.companies,
      location: r.location,
      last_seen_at: r.lastSeenAt === null ? null : iso(r.lastSeenAt),
      conversations: r.conversations,
    }));
    const note = missingNote(store, "contacts");
    const lines = contacts.map((c, i) =>
      `${offset + i + 1}. [${c.id}] ${c.name ?? "(no name)"} <${c.email ?? "no email"}>` +
      `${c.companies.length ? `, ${c.companies.join(", ")}` : ""}` +
      `${c.location ? `, ${c.location}` : ""}; ${c.conversations} conversation${
        c.conversations === 1 ? "" : "s"
      }`
    );
    return {
      structured: {
        query,
        terms: parsed.terms,
        total,
        returned: contacts.length,
        offset,
        next_offset: offset + contacts.length < total ? offset + contacts.length : null,
        contacts,
        note,
        freshness,
      },
      text: [`${total} contact${total === 1 ? "" : "s"}`, ...lines, ...(note ? [note] : [])]
        .join("\n"),
    };
  },
});
