// `start` answers `initialize` before the MCP SDK is loaded. Loading the SDK and the program
// takes most of a start's CPU (its zod schemas are built at import); main.ts, outside the fence,
// reads stdin, answers a well-formed `initialize` at once from src/mcp/identity.ts, and relays
// every byte, that request included, to the Worker. There the SDK's server reads the same
// messages in the same order, so it holds the client's capabilities as if it had answered;
// its own answer to that `initialize` is held back (replayAfterEarlyAnswer), and everything
// after it is the SDK's. Nothing here imports the SDK at run time.

import { isDeepStrictEqual } from "node:util";
import { initializeResult } from "./identity.ts";

/** The `initialize` answered early: its request id and the whole response line sent. */
export interface EarlyAnswer {
  id: string | number;
  response: { jsonrpc: "2.0"; id: string | number; result: Record<string, unknown> };
}

/** What main.ts posts to the Worker for `start`, in the order it happened. */
export type RelayMessage =
  | { type: "answered"; answer: EarlyAnswer }
  | { type: "stdin"; chunk: Uint8Array }
  | { type: "stdin-end" };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The answer to the first line when it is an `initialize` request the SDK would accept as one;
 * null for anything else, which the SDK then answers itself.
 */
export function earlyAnswer(line: string): EarlyAnswer | null {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(message) || message.jsonrpc !== "2.0" || message.method !== "initialize") {
    return null;
  }
  const id = message.id;
  if (!(typeof id === "string" || (typeof id === "number" && Number.isInteger(id)))) return null;
  const params = message.params;
  if (
    !isObject(params) || typeof params.protocolVersion !== "string" ||
    !isObject(params.capabilities) || !isObject(params.clientInfo) ||
    typeof params.clientInfo.name !== "string" || typeof params.clientInfo.version !== "string"
  ) return null;
  return { id, response: { jsonrpc: "2.0", id, result: initializeResult(params.protocolVersion) } };
}

/** Longest first line looked at; a longer one is relayed unanswered, for the SDK to judge. */
const MAX_FIRST_LINE = 1024 * 1024;

/**
 * Reads `input` to its end: answers a first-line `initialize` through `write` (before anything
 * is relayed, so the answer leads stdout), and posts every byte read, then the end, in order.
 */
export async function relayStdin(
  input: ReadableStream<Uint8Array>,
  write: (bytes: Uint8Array) => void,
  post: (message: RelayMessage) => void,
): Promise<void> {
  let head: Uint8Array | null = new Uint8Array(0);
  const reader = input.getReader();
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      if (head === null) {
        post({ type: "stdin", chunk: value });
        continue;
      }
      const joined: Uint8Array = new Uint8Array(head.length + value.length);
      joined.set(head);
      joined.set(value, head.length);
      const newline = joined.indexOf(10);
      if (newline < 0 && joined.length < MAX_FIRST_LINE) {
        head = joined;
        continue;
      }
      head = null;
      const answer = newline < 0
        ? null
        : earlyAnswer(new TextDecoder().decode(joined.subarray(0, newline)));
      if (answer) {
        write(new TextEncoder().encode(JSON.stringify(answer.response) + "\n"));
        post({ type: "answered", answer });
      }
      post({ type: "stdin", chunk: joined });
    }
  } catch {
    // stdin failed: the client is gone, as at its end.
  } finally {
    reader.releaseLock();
  }
  if (head?.length) post({ type: "stdin", chunk: head });
  post({ type: "stdin-end" });
}

/** The part of the SDK's Transport used here; its type stays out of main.ts's module graph. */
interface Sender {
  send(message: Record<string, unknown>, options?: unknown): Promise<void>;
}

/**
 * The SDK's transport with its answer to the early-answered `initialize` held back: the client
 * has it already. When that answer differs from the early one, `differs` hears how.
 */
export function replayAfterEarlyAnswer<T extends Sender>(
  transport: T,
  early: () => EarlyAnswer | null,
  differs: (difference: string) => void,
): T {
  const send = transport.send.bind(transport);
  let pending = true;
  transport.send = (message, options) => {
    const answered = pending ? early() : null;
    if (answered && message.id === answered.id && !("method" in message)) {
      pending = false;
      if (!isDeepStrictEqual(message, answered.response)) {
        differs(`sent ${JSON.stringify(answered.response)}, the SDK ${JSON.stringify(message)}`);
      }
      return Promise.resolve();
    }
    return send(message, options);
  };
  return transport;
}
