// `deno task demo`: the whole program against a simulated Intercom workspace, no account needed.
// Starts the test double on 127.0.0.1 with a built-in workspace, points the program at it with
// a temporary data directory, and runs init, sync, status, searches, a thread, a ticket, and an
// MCP session.

import { startDouble } from "./double/server.ts";
import { generateWorkspace } from "./double/workspace.ts";
import { connectServer } from "./mcp_client.ts";
import { programArgs, testEnv } from "./program.ts";

const TOKEN = "demo-token-not-a-real-secret-0123456789";
const bold = (s: string) => Deno.stdout.isTerminal() ? `\x1b[1m${s}\x1b[0m` : s;

async function step(title: string, args: string[], env: Record<string, string>): Promise<string> {
  console.log(
    `\n${
      bold(`$ fast-intercom-mcp ${args.map((a) => (/[\s"]/.test(a) ? `'${a}'` : a)).join(" ")}`)
    }   # ${title}`,
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: programArgs(args),
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout);
  await Deno.stdout.write(out.stdout);
  if (!out.success) throw new Error(`fast-intercom-mcp ${args[0]} exited with ${out.code}`);
  return text;
}

const conversations = Number(Deno.args[0] ?? 1500);
console.log(
  bold(`Simulated Intercom workspace: ${conversations} conversations, served on 127.0.0.1`),
);
const ws = generateWorkspace({ seed: 42, conversations });
const double = await startDouble({ workspace: ws, token: TOKEN, latencyMs: 15 });
const dataDir = Deno.makeTempDirSync({ prefix: "fast-intercom-demo-" });
const env = testEnv(dataDir, double.url, null);
try {
  await step("check the token and save config.json", ["init"], {
    ...env,
    INTERCOM_ACCESS_TOKEN: TOKEN,
  });
  await step("first sync: the last 30 days, every message", ["sync"], env);
  await step("a second sync reads only what changed", ["sync"], env);
  await step("what the cache holds", ["status"], env);
  await step("ranked full-text search over every message", [
    "search",
    "refund invoice",
    "--limit",
    "3",
  ], env);
  await step("a phrase, this week only", [
    "search",
    '"password reset"',
    "--timeframe",
    "this week",
    "--limit",
    "3",
  ], env);
  const open = JSON.parse(
    await step("filters only: open and unassigned", [
      "search",
      "--state",
      "open",
      "--assignee",
      "unassigned",
      "--limit",
      "2",
      "--json",
    ], env)
      .then((t) => t),
  ) as { conversations: { id: string }[] };
  if (open.conversations[0]) {
    await step("one whole thread", ["show", open.conversations[0].id, "--limit", "6"], env);
  }
  const tickets = await step("tickets about exports", [
    "search",
    "--kind",
    "tickets",
    "export",
    "--limit",
    "2",
  ], env);
  const ticket = tickets.match(/^1\. \[(\w+)\]/m);
  if (ticket) {
    await step(
      "one ticket whole: type, state, attributes, links and thread",
      ["show", `ticket:${ticket[1]}`],
      env,
    );
  }

  await step("support numbers by team, against the week before", [
    "report",
    "--timeframe",
    "last 7 days",
    "--group-by",
    "team",
    "--compare",
  ], env);
  await step("volume by day", ["report", "--timeframe", "last 14 days", "--group-by", "day"], env);

  console.log(
    `\n${bold("MCP: what Claude Desktop sees (the real server over stdio, the SDK client)")}`,
  );
  const mcp = await connectServer(env);
  try {
    const tools = await mcp.client.listTools();
    console.log(`tools: ${tools.tools.map((t) => t.name).join(", ")}`);
    const started = performance.now();
    const result = await mcp.client.callTool({
      name: "search_conversations",
      arguments: { query: "webhook", timeframe: "last 14 days", limit: 2 },
    });
    const text = (result.content as { type: string; text: string }[])[0].text;
    console.log(
      `search_conversations answered in ${(performance.now() - started).toFixed(1)} ms:\n${text}`,
    );
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = await mcp.client.callTool({ name, arguments: args });
      return r as { content: { text: string }[]; structuredContent: Record<string, unknown> };
    };
    const articles = await call("search_articles", { query: "refund", limit: 2 });
    console.log(`\nsearch_articles "refund":\n${articles.content[0].text}`);
    const customers = await call("search_contacts", { limit: 1 });
    const first = (customers.structuredContent.contacts as { id: string }[])[0];
    if (first) {
      const profile = await call("get_contact", { contact_id: first.id, conversations_limit: 3 });
      console.log(`\nget_contact, a customer's profile and history:\n${profile.content[0].text}`);
    }
  } finally {
    await mcp.close();
  }
  console.log(
    `\n${
      bold("Done.")
    } The demo's data directory is removed; point Claude Desktop at the program (see README).`,
  );
} finally {
  await double.close();
  Deno.removeSync(dataDir, { recursive: true });
}
