// The body guard of `serve`: every POST is read here, only up to a bound, and parsed once; the
// SDK's transport would read any size. Tool calls carry a query and a few filters, so 64 KiB is
// far more than one needs and little enough that many at once cannot exhaust the heap.

import { refuse } from "./reply.ts";

export const MAX_BODY_BYTES = 64 * 1024;

/** The parsed JSON body, or the refusal: 413 past the bound, 400 for what is not JSON. */
export async function readJsonBody(
  req: Request,
  limit = MAX_BODY_BYTES,
): Promise<{ body: unknown } | { response: Response }> {
  const tooLarge = () => ({
    response: refuse(413, `Payload too large: a request body may be ${limit} bytes at most`),
  });
  if (Number(req.headers.get("content-length") ?? 0) > limit) {
    await req.body?.cancel().catch(() => {});
    return tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        // Stop reading: the rest is never buffered.
        await reader.cancel().catch(() => {});
        return tooLarge();
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  try {
    return { body: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { response: refuse(400, "Parse error: the body is not JSON", { code: -32700 }) };
  }
}
