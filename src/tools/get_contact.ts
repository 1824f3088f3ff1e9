// get_contact: one customer whole: profile, companies, and their conversations newest first.

import { z } from "zod";
import { iso } from "../time.ts";
import { contactDetail, resolveContact } from "../store/contact_lookup.ts";
import type { Store } from "../store/store.ts";
import { missingNote } from "../sync/kinds.ts";
import { LookupError } from "./lookup_error.ts";
import { freshnessSchema } from "../sync/freshness.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

const DEFAULT_CONVERSATIONS = 20;
const MAX_CONVERSATIONS = 200;

const company = z.object({
  id: z.string(),
  name: z.string(),
  plan: z.string().nullable(),
  size: z.number().nullable().describe("Employees"),
  monthly_spend: z.number().nullable(),
  industry: z.string().nullable(),
  website: z.string().nullable(),
  custom_attributes: z.record(z.string(), z.unknown()),
});

/** The contact as the tool and the resource show it; null when not cached. */
export function viewContact(
  store: Store,
  idOrEmail: string,
  limit: number,
  conversationUrl: (id: string) => string | null,
) {
  const id = resolveContact(store, idOrEmail);
  const d = id === null ? null : contactDetail(store, id, limit);
  if (!d) {
    const note = missingNote(store, "contacts");
    throw new LookupError(
      `no cached contact has the id or email "${idOrEmail.slice(0, 200)}"${
        note ? `; ${note}` : ""
      }`,
    );
  }
  const when = (s: number | null) => (s === null ? null : iso(s));
  return {
    id: d.id,
    external_id: d.externalId,
    name: d.name,
    email: d.email,
    phone: d.phone,
    role: d.role,
    location: d.location,
    created_at: when(d.createdAt),
    last_seen_at: when(d.lastSeenAt),
    updated_at: iso(d.updatedAt),
    custom_attributes: d.customAttributes,
    tags: d.tags,
    companies: d.companies.map((c) => ({
      id: c.id,
      name: c.name,
      plan: c.plan,
      size: c.size,
      monthly_spend: c.monthlySpend,
      industry: c.industry,
      website: c.website,
      custom_attributes: c.customAttributes,
    })),
    conversations_total: d.conversationsTotal,
    conversations_by_state: d.byState,
    conversations: d.conversations.map((c) => ({
      id: c.id,
      title: c.title,
      state: c.state,
      updated_at: iso(c.updatedAt),
      url: conversationUrl(c.id),
    })),
    synced_at: iso(d.syncedAt),
  };
}

export function renderContact(v: ReturnType<typeof viewContact>): string {
  const states = Object.entries(v.conversations_by_state).map(([k, n]) => `${n} ${k}`).join(", ");
  return [
    `# ${v.name ?? "(no name)"} <${v.email ?? "no email"}> [contact ${v.id}]`,
    [v.role, v.location, v.last_seen_at ? `last seen ${v.last_seen_at}` : null].filter(Boolean)
      .join(", "),
    ...v.companies.map((c) =>
      `Company: ${c.name}${c.plan ? `, plan ${c.plan}` : ""}${c.size ? `, ${c.size} people` : ""}${
        c.monthly_spend !== null ? `, ${c.monthly_spend}/month` : ""
      }`
    ),
    ...(Object.keys(v.custom_attributes).length
      ? [`Attributes: ${JSON.stringify(v.custom_attributes)}`]
      : []),
    ...(v.tags.length ? [`Tags: ${v.tags.join(", ")}`] : []),
    "",
    `${v.conversations_total} conversation${v.conversations_total === 1 ? "" : "s"}${
      states ? ` (${states})` : ""
    }, newest first:`,
    ...v.conversations.map((c) => `- [${c.id}] ${c.title} (${c.state}, ${c.updated_at})`),
  ].join("\n");
}

export const getContactTool = defineTool({
  name: "get_contact",
  title: "Read a customer's profile and history",
  description:
    "One customer (Intercom contact) from the cache: name, email, role, location, created and " +
    "last seen, custom attributes, tags, their companies (plan, size, monthly spend), and their " +
    "conversations newest first with a count by state. Takes a contact id or an email; a " +
    "contact Intercom merged into another answers as that one.",
  inputSchema: {
    contact_id: z.string().min(1).max(1000).describe("The contact id, or the customer's email"),
    conversations_limit: z.number().int().min(0).max(MAX_CONVERSATIONS).optional().describe(
      `Conversations to list, newest first; default ${DEFAULT_CONVERSATIONS}`,
    ),
  },
  outputSchema: {
    id: z.string(),
    external_id: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    role: z.string().nullable(),
    location: z.string().nullable(),
    created_at: z.string().nullable(),
    last_seen_at: z.string().nullable(),
    updated_at: z.string(),
    custom_attributes: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
    companies: z.array(company),
    conversations_total: z.number().int(),
    conversations_by_state: z.record(z.string(), z.number()),
    conversations: z.array(z.object({
      id: z.string(),
      title: z.string(),
      state: z.string(),
      updated_at: z.string(),
      url: z.string().nullable(),
    })),
    synced_at: z.string(),
    freshness: freshnessSchema,
  },
  annotations: READS_CACHE,
  async handler(args, ctx) {
    const freshness = await ctx.freshCache();
    const view = viewContact(
      ctx.store,
      args.contact_id,
      args.conversations_limit ?? DEFAULT_CONVERSATIONS,
      (id) => ctx.conversationUrl(id),
    );
    return { structured: { ...view, freshness }, text: renderContact(view) };
  },
});
