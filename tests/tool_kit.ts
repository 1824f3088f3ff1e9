// Small real parts for a tool's test beside it: a cache in a temporary folder filled from a
// generated workspace (conversations, help center, contact profiles), and the services a tool gets, built from it as the MCP server builds them.

import { App } from "../src/app.ts";
import { parseTicket } from "../src/intercom/parse_tickets.ts";
import { callContext } from "../src/mcp/server.ts";
import { saveTicket } from "../src/store/tickets.ts";
import type { ToolContext, ToolServices } from "../src/tools/tool.ts";
import { tempDir, testSettings } from "./cache_check.ts";
import { createTicket, renderTicket, ticketsOf } from "./double/tickets.ts";
import { generateWorkspace, type Workspace } from "./double/workspace.ts";
import { fillCache } from "./fill.ts";
import { fillKinds } from "./fill_kinds.ts";

export interface ToolKit {
  app: App;
  ws: Workspace;
  /** A call's context; `services` replaces what a test stubs. */
  context(services?: Partial<ToolServices>): ToolContext;
  [Symbol.dispose](): void;
}

/** A cache of `conversations` generated conversations; no Intercom behind it. */
export function toolKit(conversations = 40): ToolKit {
  const dir = tempDir();
  const app = new App(testSettings(dir, "http://127.0.0.1:9", { accessToken: null }));
  const ws = generateWorkspace({ seed: 17, conversations, olderConversations: 0, deleted: 0 });
  fillCache(app, ws);
  fillKinds(app, ws);
  return {
    app,
    ws,
    context: (services = {}) => ({
      ...callContext(app, new AbortController().signal),
      ...services,
    }),
    [Symbol.dispose]() {
      app.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

/** The contact with the most conversations in `ws` that no merge touched, and how many. */
export function busiestContact(ws: Workspace): { id: string; conversations: number } {
  const counts = new Map<string, number>();
  for (const c of ws.conversations.values()) {
    const id = c.contacts.contacts[0].id;
    if (!ws.contacts.get(id)!.merged_into) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const [id, conversations] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return { id, conversations };
}

/** A new ticket in the kit's workspace, cached as a sync caches it; its id. */
export function cacheNewTicket(kit: ToolKit, o: Parameters<typeof createTicket>[1]): string {
  const id = createTicket(kit.ws, o);
  const t = ticketsOf(kit.ws).tickets.get(id)!;
  saveTicket(kit.app.store, parseTicket(renderTicket(kit.ws, t)), t.created_at);
  return id;
}
