// `search`: the search the MCP tool does, for people and scripts.

import { renderSearch } from "../../search/render.ts";
import { search as runSearch } from "../../search/search.ts";
import { DEFAULT_LIMIT, MATCHES, MAX_LIMIT, SORTS } from "../../search/schema.ts";
import { defineCommand } from "../command.ts";
import { FILTER_OPTIONS, filterInput, inFlagNames } from "../search_filters.ts";

export const search = defineCommand({
  name: "search",
  summary: "full-text search over every message of the cache",
  args: { usage: "[QUERY]", min: 0, max: Infinity },
  options: {
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
    json: {
      type: "boolean",
      help: "the result as JSON (what the search_conversations tool returns)",
    },
  },
  usage: `Ranked full-text search over every message (subject, opening message, replies and notes).
A question or words: conversations holding every word come first, then those holding most of
them; "a phrase" in quotes, word* for a prefix, +word to require one. Without QUERY, the newest
conversations that pass the filters.`,
  async run(ctx) {
    const app = ctx.app();
    const o = ctx.options;
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
