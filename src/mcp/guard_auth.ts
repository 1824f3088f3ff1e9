// The token guard of `serve`: every request to /mcp carries the server's bearer token. A refusal
// says in WWW-Authenticate what is expected, so a client that would try OAuth learns that this
// server takes a static token instead.

import { refuse } from "./reply.ts";

const REALM = "fast-intercom-mcp";
const EXPECTED = "send the server token as the header Authorization: Bearer <token>";

/**
 * A check of an Authorization header against the token that takes the same time whatever was
 * sent: both sides are HMACed with a key made for this process, and the two digests, always of
 * equal length, are compared byte by byte without stopping at the first difference.
 */
export async function bearerCheck(
  token: string,
): Promise<(header: string | null) => Promise<boolean>> {
  const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const encoder = new TextEncoder();
  const mac = async (text: string) =>
    new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(text)));
  const expected = await mac(token);
  return async (header) => {
    const presented = /^Bearer +(\S+) *$/i.exec(header ?? "");
    const got = await mac(presented ? presented[1] : "");
    let difference = presented ? 0 : 1;
    for (let i = 0; i < expected.length; i++) difference |= expected[i] ^ got[i];
    return difference === 0;
  };
}

export type AuthGuard = (req: Request) => Promise<{ response: Response; why: string } | null>;

/** Null when the request carries the token; otherwise a 401 that says what to send. */
export async function authGuard(token: string): Promise<AuthGuard> {
  const authorized = await bearerCheck(token);
  return async (req) => {
    const header = req.headers.get("authorization");
    if (await authorized(header)) return null;
    // RFC 6750: no credentials, no error code; wrong ones, invalid_token.
    const challenge = header === null
      ? `Bearer realm="${REALM}", error_description="${EXPECTED}"`
      : `Bearer realm="${REALM}", error="invalid_token", error_description="${EXPECTED}"`;
    return {
      response: refuse(401, `Unauthorized: ${EXPECTED}`, {
        code: -32001,
        headers: { "WWW-Authenticate": challenge },
      }),
      why: header === null
        ? "Refused a request without a token"
        : "Refused a request with a wrong token",
    };
  };
}
