// Memory of the two isolates apart: the process around the permission fence (main.ts) and the
// Worker inside it (src/worker.ts). At debug level main.ts writes one line as it exits with
// each isolate's V8 heap and the process's resident set; the bench reads it from stderr.

import { connectServer } from "../mcp_client.ts";
import { testEnv } from "../program.ts";

export interface IsolateMemory {
  outerHeapMb: number;
  workerHeapMb: number;
  rssAtExitMb: number;
}

const LINE =
  /memory at exit: outer heap [\d.]+\/([\d.]+) MB, worker heap [\d.]+\/([\d.]+) MB, process RSS ([\d.]+) MB/;

/** The heaps (as V8 reserved them, which is what stays resident) from the exit line, if any. */
export function memoryAtExit(stderr: string): IsolateMemory | null {
  const m = stderr.match(LINE);
  if (!m) return null;
  return { outerHeapMb: Number(m[1]), workerHeapMb: Number(m[2]), rssAtExitMb: Number(m[3]) };
}

/** Starts `start` on a cache, asks what a session asks, and reads the isolates' memory at exit. */
export async function serverIsolates(
  dataDir: string,
  queries: readonly string[],
): Promise<IsolateMemory | null> {
  const server = await connectServer({
    ...testEnv(dataDir, null, null),
    FASTINTERCOM_LOG_LEVEL: "debug",
  });
  for (const query of queries) {
    const found = await server.client.callTool({
      name: "search_conversations",
      arguments: { query, limit: 20 },
    });
    const first = (found.structuredContent as { conversations: { id: string }[] })
      .conversations[0];
    if (first) {
      await server.client.callTool({
        name: "get_conversation",
        arguments: { conversation_id: first.id },
      });
    }
  }
  await server.close();
  // The last line arrives as the process ends, after the client stops waiting for it.
  for (let i = 0; i < 50 && !memoryAtExit(server.stderr()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return memoryAtExit(server.stderr());
}

/** Table rows: each isolate's heap and what the process held besides (SQLite, the runtime). */
export function isolateRows(what: string, m: IsolateMemory | null): string[][] {
  if (!m) return [[`heaps of ${what}`, "not reported", "", ""]];
  const rest = Math.max(0, m.rssAtExitMb - m.outerHeapMb - m.workerHeapMb);
  return [[
    `heaps of ${what}, at exit: outer (fence) / worker; RSS besides`,
    `${m.outerHeapMb} / ${m.workerHeapMb} MB; ${Math.round(rest * 10) / 10} MB`,
    "",
    "",
  ]];
}
