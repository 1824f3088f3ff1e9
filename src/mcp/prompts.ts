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
    description: "The last 7 days: volume and how it was handled, themes, open issues",
    args: {
      team: z.string().optional().describe("Only this team's conversations (name)"),
    },
    text: (a) => {
      const team = a.team ? ` and team "${a.team}"` : "";
      return `Write a digest of our Intercom support queue for the last 7 days${
        a.team ? ` for the team ${a.team}` : ""
      }.\n` +
        `1. Call get_server_status to see how fresh the cache is; mention it if it is stale.\n` +
        `2. Call conversation_stats with timeframe "last 7 days"${team}, compare true: ` +
        `volume, first response and close times, CSAT and Fin's resolutions against the week before. ` +
        `Call it again with group_by "tag" and with group_by "day" for where the volume came from and when.\n` +
        `3. Call search_conversations with timeframe "last 7 days"${team}, sort "newest", ` +
        `limit 150, for what customers wrote about.\n` +
        `4. Group them into themes (billing, bugs, access, feature requests, …) with counts and one or two example ids each.\n` +
        `5. List the open conversations that look urgent or waiting longest, with their ids and links.\n` +
        `Lead with the numbers and their change; keep it to one page.`;
    },
  },
  {
    name: "team_month",
    title: "How did the team do this month",
    description:
      "This month against the last: volume, response and close times, CSAT, Fin, per team",
    args: {
      team: z.string().optional().describe("Only this team (name); default every team"),
    },
    text: (a) => {
      const team = a.team ? `, team "${a.team}"` : "";
      return `How did our support team${a.team ? ` ${a.team}` : ""} do this month?\n` +
        `1. Call conversation_stats with timeframe "this month"${team}, compare true, ` +
        `group_by "${a.team ? "assignee" : "team"}": volume, median and p90 first response ` +
        `and time to close, reopen rate, CSAT and Fin, each against the period before.\n` +
        `2. Call it again with group_by "week" for the trend, and with group_by "rating" to see ` +
        `where low ratings cluster; read two or three low-rated conversations with get_conversation.\n` +
        `3. Say what got better and what got worse, with the numbers and their change, ` +
        `which ${
          a.team ? "teammates" : "teams"
        } stand out and why, and one or two things to try next month. ` +
        `Note how many first response times are Intercom's own and how many were computed.`;
    },
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
