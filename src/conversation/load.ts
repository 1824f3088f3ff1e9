// Finds one conversation: from the cache, or, not cached yet, from Intercom once (then cached).

import type { IntercomClient } from "../intercom/client.ts";
import type { CachedConversation, Store } from "../store/store.ts";

/** The id is not one; the message says what was expected. */
export class ConversationIdError extends Error {
  override name = "ConversationIdError";
}

/** An id, or an Intercom inbox URL that ends in one (…/conversation/123 or …/conversations/123). */
export function conversationIdFrom(input: string): string {
  const text = input.trim();
  if (/^\d{1,30}$/.test(text)) return text;
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (url && /(^|\.)intercom\.(com|io)$/.test(url.hostname)) {
    const m = url.pathname.match(/\/conversations?\/(\d{1,30})(\/|$)/) ??
      url.hash.match(/conversations?\/(\d{1,30})/);
    if (m) return m[1];
  }
  throw new ConversationIdError(
    `"${
      text.slice(0, 100)
    }" is not a conversation id (digits, e.g. 215470000123) or an Intercom inbox URL ending in /conversation/<id>`,
  );
}

export interface Loaded {
  cached: CachedConversation;
  /** Read from Intercom just now, because the cache did not have it. */
  fetched: boolean;
}

/** Where a conversation can come from: the cache, and Intercom when a token is set. */
export interface ConversationSource {
  store: Store;
  /** The client, or null when there is no token to ask Intercom with. */
  intercom(): IntercomClient | null;
}

export async function loadConversation(
  app: ConversationSource,
  id: string,
  signal?: AbortSignal,
): Promise<Loaded | null> {
  const cached = app.store.getConversation(id);
  if (cached) return { cached, fetched: false };
  const client = app.intercom();
  if (!client) return null;
  const conversation = await client.getConversation(id, signal);
  if (!conversation) return null;
  app.store.saveConversation(conversation);
  const contactId = conversation.contactIds[0];
  const stored = app.store.getConversation(id);
  if (stored && stored.customerEmail === null && contactId) {
    app.store.saveContact(contactId, await client.getContact(contactId, signal));
    return { cached: app.store.getConversation(id) ?? stored, fetched: true };
  }
  return stored ? { cached: stored, fetched: true } : null;
}
