// Prompts for the jobs support people repeat; each tells the model which tools to use and how.

import { z } from "zod";

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  args: Record<string, z.ZodType<string | undefined>>;
  text(args: Record<string, string | undefined>): string;
}

export const PROMPTS: readonly PromptDefinition[] = [
  {
    name: "weekly_digest",
    title: "Weekly digest of the support queue",
    description: "What customers wrote about in the last 7 days: themes, volume, open issues",
    args: {
      team: z.string().optional().describe("Only this team's conversations (name)"),
    },
    text: (a) =>
      `Write a digest of our Intercom support queue for the last 7 days${
        a.team ? ` for the team ${a.team}` : ""
      }.\n` +
      `1. Call get_server_status to see how fresh the cache is; mention it if it is stale.\n` +
      `2. Call search_conversations with timeframe "last 7 days"${
        a.team ? ` and team "${a.team}"` : ""
      }, sort "newest", ` +
      `limit 150, and follow next_cursor until you have them all (or 450).\n` +
      `3. Group them into themes (billing, bugs, access, feature requests, …) with counts and one or two example ids each.\n` +
      `4. List the open conversations that look urgent or waiting longest, with their ids and links.\n` +
      `Keep it to one page.`,
  },
  {
    name: "triage_open",
    title: "Triage open conversations",
    description: "Open conversations sorted into what needs a reply first",
    args: {
      assignee: z.string().optional().describe('A teammate, or "unassigned" (default: all)'),
    },
    text: (a) =>
      `Triage our open Intercom conversations${a.assignee ? ` assigned to ${a.assignee}` : ""}.\n` +
      `1. Call search_conversations with state "open"${
        a.assignee ? ` and assignee "${a.assignee}"` : ""
      }, sort "oldest", limit 100.\n` +
      `2. For the ones whose snippet is unclear, read them with get_conversation.\n` +
      `3. Sort them into: needs a reply now, waiting on the customer, can be closed, needs another team. ` +
      `Give each its id, one line on why, and a suggested next step.`,
  },
  {
    name: "customer_history",
    title: "A customer's history",
    description: "Everything a customer has written to support, summarised",
    args: {
      email: z.string().describe("The customer's email address"),
    },
    text: (a) =>
      `Summarise the support history of the customer ${a.email}.\n` +
      `1. Call search_conversations with customer_email "${a.email}", sort "oldest", limit 150.\n` +
      `2. Read the conversations that matter with get_conversation.\n` +
      `3. Tell the story in order: what they asked, what we answered, what is still open, ` +
      `and anything a teammate should know before replying (tone, promises made, recurring problems).`,
  },
];
