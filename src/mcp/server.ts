// The MCP server: the tools of src/tools, a resource template for conversations, prompts for
// the jobs support people repeat, log lines as MCP notifications, and a background sync.

import process from "node:process";
import type { App } from "../app.ts";
import { conversationIdFrom, loadConversation } from "../conversation/load.ts";
import { renderConversation, viewConversation } from "../conversation/view.ts";
import { getLogger, setupLogging } from "../log.ts";
import { logPath } from "../config.ts";
import { BackgroundSync } from "../sync/background.ts";
import { recentConversations } from "../store/search.ts";
import { TOOLS } from "../tools/mod.ts";
import type { ToolContext, ToolServices } from "../tools/tool.ts";
import { statusReport } from "../status.ts";
import { searchArticles } from "../store/articles.ts";
import { articleIdFrom, renderArticle, viewArticle } from "../tools/get_article.ts";
import { renderContact, viewContact } from "../tools/get_contact.ts";
import { renderTicket, viewTicket } from "../tools/get_ticket.ts";
import { findTickets } from "../tools/search_tickets.ts";
import { VERSION } from "../version.ts";
import { type CallToolResult, McpServer, ResourceTemplate, StdioServerTransport } from "./sdk.ts";
import { clientLogSink } from "./client_log.ts";
import { plainErrors } from "./plain_errors.ts";
import { PROMPTS } from "./prompts.ts";

const log = getLogger(["fast-intercom-mcp", "mcp"]);

export const SERVER_NAME = "fast-intercom-mcp";

const INSTRUCTIONS =
  "Answers questions about this workspace's Intercom support conversations from a local cache " +
  "that syncs in the background. Start with search_conversations (full-text over every " +
  "message, with timeframe and filters), then get_conversation for whole threads; for numbers " +
  "(volume, response and close times, CSAT, Fin) use conversation_stats. Every answer " +
  "says how fresh the cache is; sync_conversations brings it up to date.";

export interface ServerHandle {
  server: McpServer;
  background: BackgroundSync;
}

/** The loop that keeps the cache fresh: one per process, however many clients it serves. */
export function backgroundSync(app: App): BackgroundSync {
  return new BackgroundSync(app.syncer, {
    intervalMinutes: app.settings.backgroundSyncIntervalMinutes,
    isStale: async () => (await app.freshness()).stale,
  });
}

/** What the tools may use, from the app. */
export function toolServices(app: App): ToolServices {
  return {
    store: app.store,
    now: () => app.now(),
    conversationUrl: (id) => app.conversationUrl(id),
    loadConversation: (id, signal) => loadConversation(app, id, signal),
    canAskIntercom: app.settings.accessToken !== null && app.settings.accessToken !== "",
    sync: (opts) => app.syncer.sync(opts),
    status: () => statusReport(app),
  };
}

/**
 * A tool call's context outside a server (the command line, tests): how fresh the cache is,
 * without starting a background sync; no progress to report.
 */
export function callContext(app: App, signal: AbortSignal): ToolContext {
  return {
    ...toolServices(app),
    freshCache: () => app.freshness(),
    progress: () => {},
    signal,
  };
}

export interface ServerOptions {
  /** The background sync that reads kick when the cache is stale; default a new one. */
  background?: BackgroundSync;
  /** Aborted when the process stops: calls in flight stop at a safe point and answer an error. */
  signal?: AbortSignal;
}

export function createServer(app: App, opts: ServerOptions = {}): ServerHandle {
  const server = new McpServer(
    { name: SERVER_NAME, title: "Fast Intercom", version: VERSION },
    { capabilities: { logging: {} }, instructions: INSTRUCTIONS },
  );
  const background = opts.background ?? backgroundSync(app);

  const freshCache = async () => {
    const f = await app.freshness();
    if (!f.stale || f.sync_running) return { ...f, background_sync_started: false };
    const started = background.kick();
    if (started) log.info("The cache is stale; a background sync was started");
    return { ...f, sync_running: started, background_sync_started: started };
  };

  const services = toolServices(app);
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args: Record<string, unknown>, extra): Promise<CallToolResult> => {
        const token = extra._meta?.progressToken;
        let lastProgress = -1;
        const ctx: ToolContext = {
          ...services,
          freshCache,
          signal: opts.signal ? AbortSignal.any([extra.signal, opts.signal]) : extra.signal,
          progress: (p) => {
            if (token === undefined || p.done <= lastProgress) return;
            lastProgress = p.done;
            extra.sendNotification({
              method: "notifications/progress",
              params: {
                progressToken: token,
                progress: p.done,
                ...(p.total !== null ? { total: Math.max(p.total, p.listed, p.done) } : {}),
                message: `${p.phase}: ${p.done} conversations done, ${p.read} read`,
              },
            }).catch(() => {});
          },
        };
        const started = performance.now();
        try {
          const result = await tool.handler(args as never, ctx);
          log.debug("{tool} answered in {ms} ms", {
            tool: tool.name,
            ms: (performance.now() - started).toFixed(1),
            // Only the client that called hears of its call (over HTTP, each has a session).
            session: extra.sessionId,
          });
          return {
            content: [{ type: "text", text: result.text }],
            structuredContent: result.structured as Record<string, unknown>,
          };
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          log.info("{tool} refused: {message}", {
            tool: tool.name,
            message,
            session: extra.sessionId,
          });
          return { isError: true, content: [{ type: "text", text: `${tool.name}: ${message}` }] };
        }
      },
    );
  }

  server.registerResource(
    "conversation",
    new ResourceTemplate("intercom://conversation/{id}", {
      list: () => {
        const rows = recentConversations(app.store, 50);
        return {
          resources: rows.map((r) => ({
            uri: `intercom://conversation/${r.id}`,
            name: `Conversation ${r.id}: ${r.title}`,
            mimeType: "text/plain",
          })),
        };
      },
    }),
    {
      title: "Intercom conversation",
      description:
        "One whole conversation thread, as text; the 50 most recently updated are listed",
      mimeType: "text/plain",
    },
    async (uri, variables) => {
      const id = conversationIdFrom(String(variables.id));
      const loaded = await loadConversation(app, id);
      if (!loaded) throw new Error(`conversation ${id} was not found`);
      const view = viewConversation(loaded.cached, { url: app.conversationUrl(id) });
      return {
        contents: [{ uri: uri.href, mimeType: "text/plain", text: renderConversation(view) }],
      };
    },
  );

  server.registerResource(
    "article",
    new ResourceTemplate("intercom://article/{id}", {
      list: () => ({
        resources: searchArticles(app.store, {
          match: null,
          terms: [],
          collectionIds: null,
          locale: null,
          includeDrafts: false,
          limit: 50,
          offset: 0,
        }).hits.map((a) => ({
          uri: `intercom://article/${a.id}`,
          name: `Article ${a.id}: ${a.title}`,
          mimeType: "text/plain",
        })),
      }),
    }),
    {
      title: "Intercom help-center article",
      description: "One help-center article, as text; the 50 most recently updated are listed",
      mimeType: "text/plain",
    },
    (uri, variables) => ({
      contents: [{
        uri: uri.href,
        mimeType: "text/plain",
        text: renderArticle(viewArticle(app.store, articleIdFrom(String(variables.id)))),
      }],
    }),
  );

  server.registerResource(
    "contact",
    new ResourceTemplate("intercom://contact/{id}", { list: undefined }),
    {
      title: "Intercom contact",
      description: "One customer's profile, companies and conversations, as text",
      mimeType: "text/plain",
    },
    (uri, variables) => ({
      contents: [{
        uri: uri.href,
        mimeType: "text/plain",
        text: renderContact(
          viewContact(
            app.store,
            decodeURIComponent(String(variables.id)),
            20,
            (id) => app.conversationUrl(id),
          ),
        ),
      }],
    }),
  );

  server.registerResource(
    "ticket",
    new ResourceTemplate("intercom://ticket/{id}", {
      list: () => ({
        resources: findTickets(app.store, { limit: 50 }, new Date()).tickets.map((t) => ({
          uri: `intercom://ticket/${t.id}`,
          name: `Ticket ${t.id}: ${t.title}`,
          mimeType: "text/plain",
        })),
      }),
    }),
    {
      title: "Intercom ticket",
      description: "One ticket with its attributes, links and thread, as text; the 50 most " +
        "recently updated are listed",
      mimeType: "text/plain",
    },
    (uri, variables) => ({
      contents: [{
        uri: uri.href,
        mimeType: "text/plain",
        text: renderTicket(
          viewTicket(
            app.store,
            decodeURIComponent(String(variables.id)),
            30,
            (id) => app.conversationUrl(id),
          ),
        ),
      }],
    }),
  );

  for (const p of PROMPTS) {
    server.registerPrompt(
      p.name,
      { title: p.title, description: p.description, argsSchema: p.args },
      (args: Record<string, string | undefined>) => ({
        messages: [{ role: "user", content: { type: "text", text: p.text(args) } }],
      }),
    );
  }
  return { server, background };
}

/** Serves MCP on stdin/stdout until the client closes stdin or the process is told to stop. */
export async function serveStdio(app: App, signal: AbortSignal): Promise<void> {
  const { server, background } = createServer(app);
  setupLogging({
    level: app.settings.logLevel,
    stderr: true,
    file: logPath(app.settings.dataDir),
    secrets: [app.settings.accessToken],
    extra: { mcp: clientLogSink(server, app.settings.logLevel) },
  });
  const transport = plainErrors(new StdioServerTransport());
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // The stdio transport does not notice the end of stdin by itself.
    process.stdin.once("end", () => resolve());
    process.stdin.once("close", () => resolve());
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.connect(transport);
  log.info("MCP server {version} ready on stdio; cache {path}", {
    version: VERSION,
    path: app.store.path,
  });
  if (app.settings.accessToken) background.start();
  else {log.warning(
      "No Intercom access token: answering from the cache only; run `fast-intercom-mcp init`",
    );}
  await closed;
  log.info("Shutting down");
  await background.stop();
  await server.close().catch(() => {});
  // Closing aborts the calls still waiting on a sync; the cache must stay open until it stops.
  await app.syncer.idle();
}
