// The benchmark's token table: how much of a model's context each answer takes, its text and
// its structured content apart, counted with a real tokenizer (o200k_base, gpt-tokenizer), beside
// the raw JSON Intercom's API returns for the same question (what a live server passes on).

import { countTokens } from "gpt-tokenizer";
import type { CallToolResult } from "../../src/mcp/sdk.ts";
import { syncInto, TOKEN } from "../cache_check.ts";
import { startDouble } from "../double/server.ts";
import { generateWorkspace } from "../double/workspace.ts";
import { connectServer } from "../mcp_client.ts";
import { testEnv } from "../program.ts";

export interface TokenRow {
  answer: string;
  textTokens: number;
  structuredTokens: number;
  /** The same question through Intercom's API, as the raw JSON it returns; null where none. */
  apiTokens: number | null;
  goal: number | null;
}

const tokens = (s: string) => countTokens(s);

export async function benchTokens(conversations: number): Promise<TokenRow[]> {
  const ws = generateWorkspace({ seed: 21, conversations, longThreads: 1 });
  const double = await startDouble({ workspace: ws, token: TOKEN });
  const dir = Deno.makeTempDirSync({ prefix: "fim-bench-tokens-" });
  const api = async (path: string, body?: unknown) =>
    await (await fetch(`${double.url}${path}`, {
      method: body ? "POST" : "GET",
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        "Intercom-Version": "2.16",
        "Content-Type": "application/json",
        Accept: "application/json",
      },
      body: body ? JSON.stringify(body) : undefined,
    })).text();
  try {
    await syncInto(dir, double.url);
    const server = await connectServer(testEnv(dir, double.url, TOKEN));
    try {
      const call = async (name: string, args: Record<string, unknown>) => {
        const r = await server.client.callTool({ name, arguments: args }) as CallToolResult;
        if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
        const text = r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
        return { text, structured: r.structuredContent ?? {} };
      };
      const row = async (
        answer: string,
        name: string,
        args: Record<string, unknown>,
        apiJson: string | null,
        goal: number | null,
      ): Promise<TokenRow> => {
        const r = await call(name, args);
        return {
          answer,
          textTokens: tokens(r.text),
          structuredTokens: tokens(JSON.stringify(r.structured)),
          apiTokens: apiJson === null ? null : tokens(apiJson),
          goal,
        };
      };
      const searchApi = (perPage: number) =>
        api("/conversations/search", {
          query: { field: "source.body", operator: "~", value: "refund" },
          pagination: { per_page: perPage },
        });
      const long = [...ws.conversations.values()].sort((a, b) =>
        b.conversation_parts.total_count - a.conversation_parts.total_count
      )[0];
      const short = (await call("search_conversations", { query: "refund", limit: 1 }))
        .structured as { conversations: { id: string }[] };
      const shortId = short.conversations[0].id;
      return [
        await row(
          'search_conversations, default page ("refund")',
          "search_conversations",
          {
            query: "refund",
          },
          await searchApi(10),
          1500,
        ),
        await row(
          "search_conversations, 50 results",
          "search_conversations",
          {
            query: "refund",
            limit: 50,
          },
          await searchApi(50),
          null,
        ),
        await row(
          "search_conversations, a question",
          "search_conversations",
          {
            query: "customer was charged twice for their subscription",
          },
          null,
          1500,
        ),
        await row(
          "search (connector), a question",
          "search",
          {
            query: "customer was charged twice for their subscription",
          },
          null,
          null,
        ),
        await row(
          "get_conversation, a typical thread, first page",
          "get_conversation",
          { conversation_id: shortId },
          await api(`/conversations/${shortId}?display_as=plaintext`),
          null,
        ),
        await row(
          `get_conversation, a ${long.conversation_parts.total_count}-part thread, first page`,
          "get_conversation",
          { conversation_id: long.id },
          await api(`/conversations/${long.id}?display_as=plaintext`),
          8000,
        ),
        await row(
          `get_conversation, the same thread's outline`,
          "get_conversation",
          { conversation_id: long.id, outline: true },
          null,
          2000,
        ),
        await row("get_server_status", "get_server_status", {}, null, 400),
        await row("sync_conversations, nothing changed", "sync_conversations", {}, null, null),
      ];
    } finally {
      await server.close();
    }
  } finally {
    await double.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

export function tokenTable(rows: TokenRow[]): string {
  const lines = rows.map((r) =>
    `| ${r.answer} | ${r.textTokens} | ${r.structuredTokens} | ${r.apiTokens ?? "–"} | ${
      r.goal === null ? "" : `text ≤ ${r.goal}: ${r.textTokens <= r.goal ? "met" : "missed"}`
    } |`
  );
  return "| answer | text tokens | structured tokens | Intercom API JSON tokens | goal |\n" +
    "|---|---|---|---|---|\n" + lines.join("\n");
}
