// `show`: one conversation, whole, from the cache or (not cached yet) from Intercom once; or,
// with a kind's prefix (article:ID, contact:ID, ticket:ID), one record of that kind from the
// cache.

import { conversationIdFrom, loadConversation } from "../../conversation/load.ts";
import { renderConversation, viewConversation } from "../../conversation/view.ts";
import { DOCUMENT_KINDS, splitDocumentId } from "../../tools/documents.ts";
import { LookupError } from "../../tools/lookup_error.ts";
import { CommandFailed, defineCommand, UsageError } from "../command.ts";
import { printToolCall } from "../tool_call.ts";

const OTHER_KINDS = DOCUMENT_KINDS.filter((k) => k.cli).map((k) => k.name).join(", ");

export const show = defineCommand({
  name: "show",
  summary: `one conversation or KIND:ID (${OTHER_KINDS})`,
  args: { usage: "ID", min: 1, max: 1 },
  options: {
    json: {
      type: "boolean",
      help: "as JSON (what get_conversation, get_article, get_contact or get_ticket returns)",
    },
    offset: {
      type: "string",
      value: "N",
      range: [0, 1_000_000],
      help: "skip the first N entries of the thread (default 0)",
    },
    limit: {
      type: "string",
      value: "N",
      range: [1, 1_000_000],
      help: "show at most N entries (default all)",
    },
  },
  usage: `One conversation, whole: every message in order with its author and time, notes marked
internal, events in words. ID is a conversation id or an Intercom inbox URL. A conversation not
cached yet is read from Intercom once and cached.
article:ID is a help-center article (its id or URL), contact:ID a customer's profile (their
id or email), with their companies and conversations, and ticket:ID a ticket (its id or inbox
number, #1042) with its attributes, linked conversations and thread, from the cache.`,
  async run(ctx) {
    let asked;
    try {
      asked = splitDocumentId(ctx.args[0]);
    } catch (e) {
      throw e instanceof LookupError ? new UsageError(e.message) : e;
    }
    if (asked.kind.cli) {
      const paged = (["offset", "limit"] as const).find((name) => ctx.options[name] !== undefined);
      if (paged) throw new UsageError(`--${paged} pages a conversation's thread only`);
      return printToolCall(ctx, asked.kind.cli.show(asked.id), ctx.options.json === true);
    }
    const app = ctx.app();
    const id = conversationIdFrom(asked.id);
    const loaded = await loadConversation(app, id, ctx.io.signal);
    if (!loaded) {
      throw new CommandFailed(
        `conversation ${id} was not found in the cache${
          app.settings.accessToken ? " or in Intercom" : " (no token set to ask Intercom)"
        }`,
      );
    }
    const view = viewConversation(loaded.cached, {
      url: app.conversationUrl(id),
      offset: ctx.options.offset ?? 0,
      ...(ctx.options.limit === undefined ? {} : { limit: ctx.options.limit }),
    });
    ctx.out(ctx.options.json ? JSON.stringify(view, null, 2) : renderConversation(view));
    return 0;
  },
});
