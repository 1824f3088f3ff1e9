// The one error type for an answer from Intercom that is not what was asked for (or no answer):
// it carries the route, status, error code and request id, and never the token.

/** An answer from Intercom that is not what was asked for. Never carries the token. */
export class IntercomError extends Error {
  override name = "IntercomError";
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
    readonly requestId: string | null,
    /** The `Link` header: where a merged contact went. */
    readonly link: string | null = null,
  ) {
    super(message);
  }
}

const HINTS: Record<number, string> = {
  401:
    ". The access token was refused: check it, or its region (a token works only on its own region's host); run `fast-intercom-mcp init` to set a new one.",
  403: ". The token lacks a permission this needs (read conversations, admins, tags and contacts).",
};

/** No answer came: the network failed or the attempt timed out. */
export function noAnswerError(label: string, reason: string): IntercomError {
  return new IntercomError(`${label}: ${reason}`, null, null, null);
}

/**
 * The error for an answer that is not a success with a JSON body. `json` is the parsed body, or
 * undefined when it did not parse. Only Intercom's own code, message and request id are kept.
 */
export function errorForAnswer(label: string, response: Response, json: unknown): IntercomError {
  const headerRequestId = response.headers.get("x-request-id");
  if (response.ok) {
    return new IntercomError(
      `${label}: Intercom answered ${response.status} with a body that is not JSON`,
      response.status,
      "invalid_response",
      headerRequestId,
    );
  }
  let code: string | null = null;
  let detail = "";
  let requestId = headerRequestId;
  if (typeof json === "object" && json !== null) {
    const j = json as { request_id?: unknown; errors?: { code?: unknown; message?: unknown }[] };
    if (typeof j.request_id === "string") requestId = j.request_id;
    const first = Array.isArray(j.errors) ? j.errors[0] : undefined;
    if (first && typeof first.code === "string") code = first.code;
    if (first && typeof first.message === "string") detail = first.message;
  } else {
    const type = response.headers.get("content-type")?.split(";")[0] ?? "no content type";
    detail = `a body that is not JSON (${type})`;
  }
  const message = `${label}: Intercom answered ${response.status}${code ? ` ${code}` : ""}` +
    `${detail ? `: ${detail.slice(0, 200)}` : ""}` +
    `${requestId ? ` (request id ${requestId})` : ""}${HINTS[response.status] ?? ""}`;
  return new IntercomError(message, response.status, code, requestId, response.headers.get("link"));
}

/** An answer that retrying will not change: no such route, no scope for it, a refused parameter. */
export function isRefusal(e: unknown): e is IntercomError {
  return e instanceof IntercomError && e.status !== null && [400, 403, 404, 405].includes(e.status);
}
