import { assert, assertEquals } from "../../tests/assert.ts";
import { MAX_BODY_BYTES, readJsonBody } from "./guard_body.ts";

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://127.0.0.1:8765/mcp", { method: "POST", body, headers });
}

/** A body in chunks of 16 KiB, without a Content-Length; counts the chunks pulled. */
function streamed(total: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      if (sent >= total) return controller.close();
      const n = Math.min(16 * 1024, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
  return { body, pulled: () => pulls };
}

Deno.test("readJsonBody() parses a JSON body within the bound", async () => {
  const call = { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "x" } };
  assertEquals(await readJsonBody(post(JSON.stringify(call))), { body: call });
});

Deno.test("readJsonBody() refuses a body that declares more than the bound with 413, unread", async () => {
  const refused = await readJsonBody(
    post("{}", { "content-length": String(MAX_BODY_BYTES + 1) }),
  );
  assert("response" in refused);
  assertEquals(refused.response.status, 413);
});

Deno.test("readJsonBody() stops reading a streamed body as soon as it passes the bound", async () => {
  const { body, pulled } = streamed(4 * 1024 * 1024);
  const refused = await readJsonBody(post(body));
  assert("response" in refused);
  assertEquals(refused.response.status, 413);
  const message = (await refused.response.json()).error.message;
  assert(message.includes(String(MAX_BODY_BYTES)), message);
  assert(pulled() <= MAX_BODY_BYTES / (16 * 1024) + 3, `read ${pulled()} chunks of 256`);
});

Deno.test("readJsonBody() answers a body that is not JSON with a parse error", async () => {
  const refused = await readJsonBody(post("{not json"));
  assert("response" in refused);
  assertEquals(refused.response.status, 400);
  assertEquals((await refused.response.json()).error.code, -32700);
});
