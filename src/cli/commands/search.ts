// `search`: the search the MCP tool does, for people and scripts.

import { renderSearch } from "../../search/render.ts";
import { search as runSearch } from "../../search/search.ts";
import { DEFAULT_LIMIT, MATCHES, MAX_LIMIT, SORTS } from "../../search/schema.ts";
import { DOCUMENT_KINDS } from "../../tools/documents.ts";
import { defineCommand, UsageError } from "../command.ts";
import { FILTER_OPTIONS, filterInput, inFlagNames } from "../search_filters.ts";
import { printToolCall } from "../tool_call.ts";

/** The options every kind takes; the others filter or page conversations only. */
const EVERY_KIND = ["kind", "limit", "offset", "json"];

export const search = defineCommand({
  name: "search",
  summary: "search conversations, articles, customers or tickets",
  args: { usage: "[QUERY]", min: 0, max: Infinity },
  options: {
    kind: {
      type: "string",
      value: "K",
      choices: DOCUMENT_KINDS.map((k) => k.plural),
      help: `what to search: ${DOCUMENT_KINDS.map((k) => k.plural).join(", ")} (default ${
        DOCUMENT_KINDS[0].plural
      })`,
    },
    ...FILTER_OPTIONS,
    match: {
      type: "string",
      value: "M",
      choices: MATCHES,
      help: "most (default): every word first, then most of them; all: every word only",
    },
    "similar-to": {
      type: "string",
      value: "ID",
      help: "the conversations most like this one, instead of a query",
    },
    sort: {
      type: "string",
      value: "S",
      choices: SORTS,
      help: `${SORTS.join(", ")} (default: relevance with a query, newest without)`,
    },
    limit: {
      type: "string",
      value: "N",
      range: [1, MAX_LIMIT],
      help: `results per page (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})`,
    },
    cursor: { type: "string", value: "C", help: "the next page, from a previous result" },
    offset: {
      type: "string",
      value: "N",
      range: [0, 1_000_000],
      help: "results to skip: the next page of articles, contacts or tickets (default 0)",
    },
    json: {
      type: "boolean",
      help: "the result as JSON (what search_conversations, search_articles, " +
        "search_contacts or search_tickets returns)",
    },
  },
  usage: `Ranked full-text search over every message (subject, opening message, replies and notes).
A question or words: conversations holding every word come first, then those holding most of
them; "a phrase" in quotes, word* for a prefix, +word to require one. Without QUERY, the newest
conversations that pass the filters.
--kind articles searches the help center's articles (title, description, body, every language),
--kind contacts the customers of cached conversations (name, email, company, details) and
--kind tickets the tickets (title, description, attributes, comments and notes), as the
search_articles, search_contacts and search_tickets tools do: QUERY, --limit, --offset and
--json apply; the other options filter conversations only.`,
  async run(ctx) {
    const o = ctx.options;
    const kind = DOCUMENT_KINDS.find((k) => k.plural === (o.kind ?? DOCUMENT_KINDS[0].plural))!;
    if (kind.cli) {
      const other = Object.keys(o).find((name) =>
        !EVERY_KIND.includes(name) && o[name as keyof typeof o] !== undefined
      );
      if (other) {
        throw new UsageError(
          `--${other} applies to conversations only; --kind ${kind.plural} takes QUERY, ` +
            "--limit, --offset and --json",
        );
      }
      const query = ctx.args.join(" ").trim() || undefined;
      return printToolCall(
        ctx,
        kind.cli.search({ query, limit: o.limit, offset: o.offset }),
        o.json === true,
      );
    }
    if (o.offset !== undefined) {
      throw new UsageError(
        "--offset pages articles, contacts and tickets; conversations page with --cursor",
      );
    }
    const app = ctx.app();
    const freshness = await app.freshness();
    const result = inFlagNames(() =>
      runSearch({
        store: app.store,
        now: new Date(app.now() * 1000),
        freshness,
        conversationUrl: (id) => app.conversationUrl(id),
      }, {
        ...filterInput(o),
        query: ctx.args.join(" "),
        sort: o.sort as typeof SORTS[number] | undefined,
        match: o.match as typeof MATCHES[number] | undefined,
        similar_to: o["similar-to"],
        limit: o.limit,
        cursor: o.cursor,
      })
    );
    ctx.out(o.json ? JSON.stringify(result, null, 2) : renderSearch(result));
    return 0;
  },
});
