// What an MCP tool is here: a value with its definition (name, title, schemas, annotations)
// and a handler that gets its dependencies passed in. One file per tool; mod.ts lists them.

import type { z } from "zod";
import type { App } from "../app.ts";
import type { Freshness } from "../sync/freshness.ts";
import type { SyncProgress } from "../sync/sync.ts";

export interface ToolContext {
  app: App;
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
