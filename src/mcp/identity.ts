// What this server says of itself when a client initializes: one source for the SDK's server
// (src/mcp/server.ts) and for the answer main.ts gives before the SDK is loaded (early.ts).
// Importing this module loads nothing of the SDK.

import { VERSION } from "../version.ts";

export const SERVER_NAME = "fast-intercom-mcp";

export const SERVER_INFO = { name: SERVER_NAME, title: "Fast Intercom", version: VERSION };

export const INSTRUCTIONS =
  "Answers questions about this workspace's Intercom support conversations from a local cache " +
  "that syncs in the background. Start with search_conversations (full-text over every " +
  "message, with timeframe and filters), then get_conversation for whole threads; for numbers " +
  "(volume, response and close times, CSAT, Fin) use conversation_stats. Every answer " +
  "says how fresh the cache is; sync_conversations brings it up to date.";

/** Declared whole to the SDK's server, which would add the same for its tools, resources, prompts. */
export const CAPABILITIES = {
  logging: {},
  tools: { listChanged: true },
  resources: { listChanged: true },
  prompts: { listChanged: true },
};

/**
 * The protocol versions the pinned SDK speaks, newest first. Its server takes no list of its
 * own; tests/early_test.ts holds these equal to the SDK's SUPPORTED_PROTOCOL_VERSIONS, and the
 * server compares its own answer with the early one at run time (src/mcp/early.ts).
 */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = [
  "2025-11-25",
  "2025-06-18",
  "2025-03-26",
  "2024-11-05",
  "2024-10-07",
];

/** The answer to `initialize`, negotiated as the SDK does: the client's version if spoken, else the latest. */
export function initializeResult(requested: string): Record<string, unknown> {
  return {
    protocolVersion: SUPPORTED_PROTOCOL_VERSIONS.includes(requested)
      ? requested
      : SUPPORTED_PROTOCOL_VERSIONS[0],
    capabilities: CAPABILITIES,
    serverInfo: SERVER_INFO,
    instructions: INSTRUCTIONS,
  };
}
