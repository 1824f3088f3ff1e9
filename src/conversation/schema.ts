// The shape of one conversation as the tools give it, declared once: get_conversation publishes
// it, the view builds it, the CLI prints it.

import { z } from "zod";

export const ROLES = ["customer", "teammate", "bot", "system"] as const;

export const threadEntry = z.object({
  index: z.number().int().describe("Place in the whole thread; 0 is the opening message"),
  id: z.string(),
  kind: z.enum(["message", "note", "event"]).describe("note: internal, never seen by the customer"),
  role: z.enum(ROLES),
  author: z.string(),
  author_email: z.string().nullable(),
  time: z.string().describe("ISO 8601 UTC"),
  text: z.string().describe("The message, or the event in words"),
  attachments: z.array(z.string()),
});

export const conversationView = {
  id: z.string(),
  title: z.string(),
  state: z.string(),
  priority: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  customer: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
  assignee: z.string().nullable(),
  team: z.string().nullable(),
  tags: z.array(z.string()),
  url: z.string().nullable(),
  truncated: z.boolean().describe(
    "Intercom cut the thread (it returns only the newest 500 parts) and older parts are missing",
  ),
  parts_in_intercom: z.number().int(),
  entries_total: z.number().int().describe("Entries shown at this setting, in the whole thread"),
  left_out: z.object({
    events: z.number().int().describe("Assignments, state changes and bot prompts left out"),
  }).describe("What this answer leaves out unless asked (include_events)"),
  offset: z.number().int(),
  next_offset: z.number().int().nullable().describe(
    "Pass as offset for the next page; null at the end",
  ),
  entries: z.array(threadEntry),
  synced_at: z.string(),
};

export type Role = typeof ROLES[number];
export type ThreadEntry = z.infer<typeof threadEntry>;
export type ConversationView = z.infer<z.ZodObject<typeof conversationView>>;
