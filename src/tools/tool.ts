// What an MCP tool is here: a value with its definition (name, title, schemas, annotations)
// and a handler that gets its dependencies passed in. One file per tool; mod.ts lists them.

import { z } from "zod";
import type { Loaded } from "../conversation/load.ts";
import type { StatusReport } from "../status.ts";
import type { Store } from "../store/store.ts";
import type { Freshness } from "../sync/freshness.ts";
import type { Syncer, SyncProgress } from "../sync/sync.ts";

/**
 * What a tool may use: the cache, the clock, links into Intercom, and the few things beyond
 * reading the cache. The MCP server builds it from the app; a test builds it from small parts.
 */
export interface ToolServices {
  store: Store;
  /** Unix seconds. */
  now(): number;
  /** A link to the conversation in Intercom's inbox, when the workspace is known. */
  conversationUrl(id: string): string | null;
  /** From the cache, or read from Intercom once when not cached; null when neither has it. */
  loadConversation(id: string, signal?: AbortSignal): Promise<Loaded | null>;
  /** Whether Intercom can be asked at all (a token is set). */
  canAskIntercom: boolean;
  sync: Syncer["sync"];
  status(): Promise<StatusReport>;
}

export interface ToolContext extends ToolServices {
  /**
   * How fresh the cache is, for an answer read from it; when it is older than
   * max_sync_age_minutes this also starts a background sync (never waiting for it) and says so.
   */
  freshCache(): Promise<Freshness>;
  /** Reports progress to the client when it asked for it. */
  progress(p: SyncProgress): void;
  signal: AbortSignal;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** The annotations of a tool that only reads the local cache. */
export const READS_CACHE: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

export interface ToolResult<O> {
  structured: O;
  text: string;
}

export interface Tool<
  I extends z.ZodRawShape = z.ZodRawShape,
  O extends z.ZodRawShape = z.ZodRawShape,
> {
  name: string;
  title: string;
  description: string;
  inputSchema: I;
  outputSchema: O;
  annotations: ToolAnnotations;
  handler(
    args: z.infer<z.ZodObject<I>>,
    ctx: ToolContext,
  ): Promise<ToolResult<z.infer<z.ZodObject<O>>>>;
}

/** Keeps each tool's argument and result types tied to its schemas. */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  t: Tool<I, O>,
): Tool<I, O> {
  return t;
}

/** Arguments a tool's input schema refuses; the message names each argument and what is wrong. */
export class ToolArgumentError extends Error {
  override name = "ToolArgumentError";
}

/**
 * Calls a tool outside the MCP server (the command line), checking its arguments against its
 * input schema first, as the server does before a handler sees them.
 */
export function callTool(
  tool: Tool,
  args: Record<string, unknown>,
  ctx: ToolContext,
): Promise<ToolResult<Record<string, unknown>>> {
  const defined = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
  const parsed = z.object(tool.inputSchema).strict().safeParse(defined);
  if (!parsed.success) {
    throw new ToolArgumentError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`)
        .join("; "),
    );
  }
  return tool.handler(parsed.data as never, ctx) as Promise<ToolResult<Record<string, unknown>>>;
}
