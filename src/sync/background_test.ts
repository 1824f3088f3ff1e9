// The background sync stopped at an awkward moment: the listing waits on its oldest page, whose
// reads are still receiving bodies (their errors come a moment after the abort), while a later
// page's reads fail at once. Nothing may surface as an uncaught rejection, which in the program
// kills the Worker and makes `serve` or `start` exit 1; and the cache must resume afterwards.

import { assert, assertEquals } from "../../tests/assert.ts";
import { App } from "../app.ts";
import {
  assertCacheEqualsWorkspace,
  tempDir,
  testSettings,
  TOKEN,
} from "../../tests/cache_check.ts";
import { startDouble } from "../../tests/double/server.ts";
import { generateWorkspace } from "../../tests/double/workspace.ts";
import { backgroundSync } from "../mcp/server.ts";

const DAY = 86400;

/** A body that never ends until the request is aborted, and then fails a little later. */
function stalledBody(signal: AbortSignal): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"type":"conversation",'));
      signal.addEventListener("abort", () => {
        setTimeout(() => controller.error(new Error("connection reset")), 20);
      }, { once: true });
    },
  });
}

Deno.test("stopping the background sync while pages are still reading leaves no rejection unhandled, and the cache resumes", async () => {
  // Two listing pages (150 and 50 conversations).
  const ws = generateWorkspace({ seed: 5, conversations: 200 });
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const dir = tempDir();
  const pages: string[][] = [];
  let stalled = 0;
  let hanging = 0;
  let answered = 0;
  const special = () => new Set([...pages[0]?.slice(0, 2) ?? [], ...pages[1]?.slice(0, 2) ?? []]);
  const slowFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const signal = init?.signal ?? new AbortController().signal;
    const read = /^\/conversations\/(\d+)$/.exec(url.pathname);
    if (read && pages[0]?.slice(0, 2).includes(read[1])) {
      stalled++;
      return new Response(stalledBody(signal), { headers: { "content-type": "application/json" } });
    }
    if (read && pages[1]?.slice(0, 2).includes(read[1])) {
      hanging++;
      return await new Promise<Response>((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason), { once: true })
      );
    }
    const response = await fetch(input, init);
    if (url.pathname === "/conversations/search") {
      const body = await response.clone().json() as { conversations: { id: string }[] };
      pages.push(body.conversations.map((c) => String(c.id)));
    } else if (read && !special().has(read[1])) answered++;
    return response;
  };
  const app = new App(testSettings(dir, double.url), { fetch: slowFetch });
  try {
    const background = backgroundSync(app);
    assert(background.kick(), "a sync started");
    for (let i = 0; i < 200 && !(stalled === 2 && hanging === 2 && answered === 196); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    assertEquals({ stalled, hanging, answered }, { stalled: 2, hanging: 2, answered: 196 });
    // Let the listing reach its wait on the first page.
    await new Promise((r) => setTimeout(r, 50));
    await background.stop();
    assert(!app.syncer.running, "the sync has stopped");
    // The rejections that come late have had their moment.
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    app.close();
  }
  const again = new App(testSettings(dir, double.url));
  try {
    await again.syncer.sync();
    assertCacheEqualsWorkspace(again.store, ws, Math.floor(Date.now() / 1000) - 30 * DAY);
  } finally {
    again.close();
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
