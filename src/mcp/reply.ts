// The one shape of every refusal `serve` writes itself: a JSON-RPC error, as the SDK's transport
// writes its own, so a client reads a refused request and a failed one alike.

export type RequestId = string | number | null;

export function refuse(
  status: number,
  message: string,
  opts: { code?: number; headers?: Record<string, string>; id?: RequestId } = {},
): Response {
  return Response.json(
    { jsonrpc: "2.0", error: { code: opts.code ?? -32000, message }, id: opts.id ?? null },
    { status, headers: opts.headers ?? {} },
  );
}

/** The id of a JSON-RPC request, so that its refusal answers it; null for anything else. */
export function requestIdOf(body: unknown): RequestId {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const id = (body as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}
