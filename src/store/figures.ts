// The handling figures a conversation is counted by, computed as it is stored: Intercom's own where it sent them, and
// computed from the thread where it did not, each saying which. Pure: the store keeps the result.

import type { Conversation, Part } from "../model.ts";

export type FigureSource = "intercom" | "computed";

export interface Figure {
  seconds: number;
  source: FigureSource;
}

export interface Figures {
  /** From the customer's opening to the first teammate reply; null while nobody has replied. */
  firstResponse: Figure | null;
  /** From creation to the last close, for a conversation closed now; else null. */
  timeToClose: Figure | null;
  /** Times reopened after a close; null when neither Intercom nor the thread tells. */
  reopens: number | null;
  /** Closed at least once. */
  closedOnce: boolean;
}

const CUSTOMERS = new Set(["user", "lead", "contact"]);

/** Fin's outcomes that count as resolved, as Intercom names them. */
export const FIN_RESOLVED = ["assumed_resolution", "confirmed_resolution"] as const;
export const FIN_NOT_INVOLVED = "not involved";
export const FIN_NO_ANSWER = "no answer";

export function figures(c: Conversation): Figures {
  const stats = c.handling?.statistics ?? null;
  const number = (key: string): number | null => {
    const v = stats?.[key];
    return typeof v === "number" && v >= 0 ? v : null;
  };
  // A thread Intercom cut to its newest parts may lack the first reply: compute nothing from it.
  const whole = c.partsTotal <= c.parts.length;
  const parts = [...c.parts].sort((a, b) => a.createdAt - b.createdAt);
  const closes = parts.filter((p) => p.partType === "close");
  const closed = c.state === "closed";

  let firstResponse: Figure | null = null;
  const reply = number("time_to_admin_reply");
  if (reply !== null) firstResponse = { seconds: reply, source: "intercom" };
  else if (whole) {
    const computed = firstReply(c, parts);
    if (computed !== null) firstResponse = { seconds: computed, source: "computed" };
  }

  let timeToClose: Figure | null = null;
  if (closed) {
    const last = number("time_to_last_close");
    if (last !== null) timeToClose = { seconds: last, source: "intercom" };
    else if (closes.length) {
      timeToClose = {
        seconds: Math.max(0, closes[closes.length - 1].createdAt - c.createdAt),
        source: "computed",
      };
    }
  }

  let reopens = number("count_reopens");
  if (stats === null && whole) {
    const firstClose = parts.findIndex((p) => p.partType === "close");
    reopens = firstClose < 0
      ? 0
      : parts.slice(firstClose).filter((p) => p.partType === "open").length;
  }
  const closedOnce = number("first_close_at") !== null || closes.length > 0 || closed;
  return { firstResponse, timeToClose, reopens, closedOnce };
}

/**
 * Seconds from the customer's opening (their first message: the conversation's own when they
 * started it) to the first comment by a teammate after it. Notes and bots do not count.
 */
function firstReply(c: Conversation, parts: Part[]): number | null {
  let opening: number | null = CUSTOMERS.has(c.source.author.type) ? c.createdAt : null;
  for (const p of parts) {
    if (p.partType !== "comment") continue;
    if (opening === null && CUSTOMERS.has(p.author.type)) opening = p.createdAt;
    else if (opening !== null && p.author.type === "admin") return p.createdAt - opening;
  }
  return null;
}

/** What Fin did, as one word for grouping. */
export function finOutcome(participated: boolean, resolutionState: string | null): string {
  if (!participated) return FIN_NOT_INVOLVED;
  return resolutionState ?? FIN_NO_ANSWER;
}
