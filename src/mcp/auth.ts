// The bearer token `serve` asks of every request: the server's own, never the Intercom token.
// It comes from FASTINTERCOM_SERVER_TOKEN, else from the data directory, made there on first use.

import { join } from "node:path";
import { ConfigError } from "../config.ts";

export const serverTokenPath = (dataDir: string) => join(dataDir, "server_token");

export interface ServerToken {
  token: string;
  /** "generated" only on the run that made the file: that run shows the token, once. */
  source: "environment" | "file" | "generated";
  /** The file it was read from or written to; null when it came from the environment. */
  path: string | null;
}

/** Shorter would be guessable; 32 random bytes in base64url, as generated, are 43. */
const MIN_LENGTH = 16;

export function serverToken(dataDir: string, fromEnvironment: string | undefined): ServerToken {
  const fromEnv = fromEnvironment?.trim();
  if (fromEnv) {
    checkToken(
      fromEnv,
      "FASTINTERCOM_SERVER_TOKEN",
      "set a longer one, or unset it to use a generated one",
    );
    return { token: fromEnv, source: "environment", path: null };
  }
  const path = serverTokenPath(dataDir);
  const stored = readToken(path);
  if (stored !== null) return { token: stored, source: "file", path };
  const token = base64url(crypto.getRandomValues(new Uint8Array(32)));
  try {
    // createNew: of two first `serve`s started at once, one writes and the other reads its token.
    Deno.writeTextFileSync(path, token + "\n", { createNew: true, mode: 0o600 });
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    const other = readToken(path);
    if (other !== null) return { token: other, source: "file", path };
    throw e;
  }
  if (Deno.build.os !== "windows") Deno.chmodSync(path, 0o600);
  return { token, source: "generated", path };
}

function readToken(path: string): string | null {
  let text: string;
  try {
    text = Deno.readTextFileSync(path).trim();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw new ConfigError(`cannot read ${path}: ${(e as Error).message}`);
  }
  checkToken(text, `the file ${path}`, "delete the file to have one generated");
  // Like the data directory itself: an old file made readable by others is tightened.
  if (Deno.build.os !== "windows") Deno.chmodSync(path, 0o600);
  return text;
}

function checkToken(token: string, where: string, remedy: string): void {
  // What an Authorization header can carry as one word; the token itself never goes in a message.
  if (token.length < MIN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigError(
      `the server token in ${where} must be at least ${MIN_LENGTH} printable characters without ` +
        `spaces (got ${token.length} characters); ${remedy}`,
    );
  }
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}
