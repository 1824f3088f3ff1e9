// The SDK's McpError writes "MCP error <code>: " into its own message, and the server sends that
// message as the JSON-RPC error's; the client's McpError adds the prefix again, so people read
// "MCP error -32602: MCP error -32602: …". Errors leave this server with the bare message.

import type { Transport } from "./sdk.ts";

type Message = Parameters<Transport["send"]>[0];

/** The message with a JSON-RPC error's "MCP error <code>: " prefix taken off, once. */
export function withPlainError(message: Message): Message {
  if (!("error" in message) || typeof message.error?.message !== "string") return message;
  const prefix = `MCP error ${message.error.code}: `;
  if (!message.error.message.startsWith(prefix)) return message;
  return {
    ...message,
    error: { ...message.error, message: message.error.message.slice(prefix.length) },
  };
}

/** Makes the transport send every error with its bare message; call before connecting. */
export function plainErrors<T extends Transport>(transport: T): T {
  const send = transport.send.bind(transport);
  transport.send = (message, options) => send(withPlainError(message), options);
  return transport;
}
