// fetch: the companion of the search tool for ChatGPT connectors and deep-research clients: one
// record as a document (id, title, text, url, metadata), of whichever kind its id names.

import { z } from "zod";
import { DOCUMENT_KINDS, splitDocumentId } from "./documents.ts";
import { defineTool, READS_CACHE } from "./tool.ts";

export const fetchDocument = defineTool({
  name: "fetch",
  title: "Fetch an Intercom record",
  description: `One record from search as a document: a conversation's whole thread (who wrote ` +
    "what, when), a help-center article, a customer's profile with their companies and " +
    "recent conversations, or a ticket with its attributes, linked conversations and thread; " +
    "metadata holds its kind and facts (state, customer, collection…). " +
    "Takes an id from search; a bare id or an Intercom inbox URL is a conversation.",
  inputSchema: {
    id: z.string().min(1).max(2000).describe(
      `An id from search (${DOCUMENT_KINDS.map((k) => `${k.name}:ID`).join(", ")}), ` +
        "or a conversation's id or Intercom inbox URL",
    ),
  },
  outputSchema: {
    id: z.string(),
    title: z.string(),
    text: z.string(),
    url: z.string(),
    metadata: z.record(z.string(), z.string()).describe(
      `kind (${DOCUMENT_KINDS.map((k) => k.name).join(", ")}), then its facts: for a ` +
        "conversation state, priority, created_at, updated_at, customer, assignee, team, tags, " +
        "messages; for an article state, locale, collection, author, updated_at; for a " +
        "contact email, role, companies, location, conversations, last_seen_at; for a ticket " +
        "number, type, state, state_category, open, customers, assignee, team, conversations " +
        "(linked), linked_tickets, parts",
    ),
  },
  annotations: { ...READS_CACHE, openWorldHint: true },
  async handler(args, ctx) {
    const { kind, id } = splitDocumentId(args.id);
    const doc = await kind.fetch(ctx, id);
    const structured = {
      // The id the record answers to, whatever form it was asked by (a URL, a bare id).
      id: `${kind.name}:${doc.id}`,
      title: doc.title,
      text: doc.text,
      url: doc.url,
      metadata: { kind: kind.name, ...doc.metadata },
    };
    return { structured, text: JSON.stringify(structured) };
  },
});
