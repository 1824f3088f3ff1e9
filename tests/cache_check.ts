// Test helpers: settings pointing at a test double, and the check that a cache holds exactly
// what a simulated workspace holds.

import { assert, assertEquals } from "./assert.ts";
import { App } from "../src/app.ts";
import type { Settings } from "../src/config.ts";
import type { Store } from "../src/store/store.ts";
import {
  type ConversationRecord,
  conversationsInWindow,
  customerEmail,
  plainText,
  type Workspace,
} from "./double/workspace.ts";

export const TOKEN = "dG9rOmZha2UtdGVzdC10b2tlbi0xMjM0NTY3ODkw";

export function testSettings(
  dataDir: string,
  apiUrl: string,
  overrides: Partial<Settings> = {},
): Settings {
  return {
    dataDir,
    accessToken: TOKEN,
    tokenSource: "environment",
    logLevel: "INFO",
    maxSyncAgeMinutes: 5,
    backgroundSyncIntervalMinutes: 10,
    initialSyncDays: 30,
    region: "us",
    apiUrl,
    apiUrlSource: "environment",
    ...overrides,
  };
}

/**
 * The cache holds every conversation of the workspace updated since `since`, and no other;
 * each with the same times, state and text, every part Intercom returns (and, for a thread
 * longer than 500 parts, at least those), and the customer's email.
 */
export function assertCacheEqualsWorkspace(store: Store, ws: Workspace, since: number): void {
  const expected = conversationsInWindow(ws, since);
  const cached = store.allUpdatedAt();
  const missing = expected.filter((c) => !cached.has(c.id)).map((c) => c.id);
  assertEquals(missing, [], "conversations missing from the cache");
  const extra = [...cached.keys()].filter((id) => !ws.conversations.has(id));
  assertEquals(extra, [], "conversations cached that the workspace does not have (deleted?)");
  for (const c of expected) {
    const got = store.getConversation(c.id);
    assert(got, `conversation ${c.id} cached`);
    const conv = got.conversation;
    assertEquals(conv.updatedAt, c.updated_at, `updated_at of ${c.id}`);
    assertEquals(conv.state, c.state, `state of ${c.id}`);
    assertEquals(conv.source.body, plainText(c.source.body), `opening message of ${c.id}`);
    const all = c.conversation_parts.conversation_parts;
    const returned = all.slice(Math.max(0, all.length - 500));
    const cachedParts = new Map(conv.parts.map((p) => [p.id, p]));
    for (const p of returned) {
      const cp = cachedParts.get(p.id);
      assert(cp, `part ${p.id} of ${c.id} cached`);
      assertEquals(cp.body, p.body === null ? null : plainText(p.body), `body of part ${p.id}`);
      assertEquals(cp.partType, p.part_type);
    }
    if (all.length <= 500) assertEquals(conv.parts.length, all.length, `part count of ${c.id}`);
    assertEquals(conv.partsTotal, all.length, `parts_total of ${c.id}`);
    assertEquals(got.customerEmail, expectedEmail(ws, c), `email of ${c.id}`);
  }
}

/**
 * The customer's email: the opening author's when a customer wrote it, else the contact's
 * (an admin-initiated conversation's author is the teammate, not the customer).
 */
function expectedEmail(ws: Workspace, c: ConversationRecord): string | null {
  if (c.source.author.type !== "admin" && c.source.author.email) {
    return c.source.author.email.toLowerCase();
  }
  const withoutAuthor = {
    ...c,
    source: { ...c.source, author: { ...c.source.author, email: null } },
  };
  ws.conversations.set(c.id, withoutAuthor);
  try {
    return customerEmail(ws, c.id)?.toLowerCase() ?? null;
  } finally {
    ws.conversations.set(c.id, c);
  }
}

export function tempDir(): string {
  return Deno.makeTempDirSync({ prefix: "fim-test-" });
}

/** A copy of a synced data directory (its files; a fresh logs folder), for a test of its own. */
export function copyDir(from: string): string {
  const to = tempDir();
  for (const entry of Deno.readDirSync(from)) {
    if (entry.isFile) Deno.copyFileSync(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
  Deno.mkdirSync(`${to}/logs`, { recursive: true });
  return to;
}

/** Waits for a condition, 50 × 100 ms at most. */
export async function waitFor(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up after 5 s waiting for ${what}`);
}

/** Fills the cache in `dataDir` with one sync from the API at `apiUrl`, in this process. */
export async function syncInto(dataDir: string, apiUrl: string): Promise<void> {
  const app = new App(testSettings(dataDir, apiUrl));
  try {
    await app.syncer.sync();
  } finally {
    app.close();
  }
}
