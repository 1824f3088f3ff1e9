// `show`: one conversation, whole, from the cache or (not cached yet) from Intercom once.

import { conversationIdFrom, loadConversation } from "../../conversation/load.ts";
import { renderConversation, viewConversation } from "../../conversation/view.ts";
import { CommandFailed, defineCommand } from "../command.ts";

export const show = defineCommand({
  name: "show",
  summary: "one conversation, whole (an id or an inbox URL)",
  args: { usage: "ID", min: 1, max: 1 },
  options: {
    json: { type: "boolean", help: "the conversation as JSON (what get_conversation returns)" },
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
cached yet is read from Intercom once and cached.`,
  async run(ctx) {
    const app = ctx.app();
    const id = conversationIdFrom(ctx.args[0]);
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
