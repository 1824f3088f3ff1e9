import { assertEquals, assertMatch } from "../../tests/assert.ts";
import { toolKit } from "../../tests/tool_kit.ts";
import type { SyncOptions } from "../sync/sync.ts";
import { syncConversations } from "./sync_conversations.ts";

Deno.test("sync_conversations asks for the sync the caller wants and reports it", async () => {
  using kit = toolKit(10);
  const asked: SyncOptions[] = [];
  const r = await syncConversations.handler(
    { force: true },
    kit.context({
      sync: (opts = {}) => {
        asked.push(opts);
        return Promise.resolve({
          kind: "force" as const,
          since: 1_700_000_000,
          newCount: 1,
          changedCount: 2,
          deletedCount: 3,
          unchangedCount: 4,
          requests: 5,
          retries: 0,
          durationMs: 1500,
          passes: 1,
        });
      },
    }),
  );
  assertEquals(asked.map((o) => o.force), [true]);
  assertEquals(r.structured.kind, "force");
  assertEquals(r.structured.conversations_cached, 10);
  assertEquals(r.structured.since, "2023-11-14T22:13:20.000Z");
  assertMatch(r.text, /1 new, 2 changed, 3 deleted, 4 unchanged; 5 requests/);
});
