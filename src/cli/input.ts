// Reading from the person at the terminal or from a pipe: a line typed without echo (a token),
// a yes-or-no answer, and the first line of standard input (`init --with-token`).

import { type Io, UsageError } from "./command.ts";

const encoder = new TextEncoder();

/** Bounds every read loop: a stream that never ends a line still ends the read. */
const MAX_READS = 10_000;

/** Reads a line from the terminal without echoing it; Ctrl-C cancels. */
export async function readHidden(prompt: string, io: Io): Promise<string> {
  io.stderr.writeSync(encoder.encode(prompt));
  io.stdin.setRaw?.(true);
  const chars: string[] = [];
  const buf = new Uint8Array(256);
  const decoder = new TextDecoder();
  try {
    for (let reads = 0; reads < MAX_READS; reads++) {
      const n = await io.stdin.read(buf);
      if (n === null) break;
      for (const ch of decoder.decode(buf.subarray(0, n), { stream: true })) {
        if (ch === "\r" || ch === "\n") return chars.join("").trim();
        if (ch === "\x03") throw new UsageError("cancelled");
        if (ch === "\x7f" || ch === "\b") chars.pop();
        else if (ch >= " ") chars.push(ch);
      }
    }
    return chars.join("").trim();
  } finally {
    io.stdin.setRaw?.(false);
    io.stderr.writeSync(encoder.encode("\n"));
  }
}

/** Asks on stderr and reads one answer; only "y" or "yes" (any case) is yes. */
export async function askYesNo(question: string, io: Io): Promise<boolean> {
  io.stderr.writeSync(encoder.encode(`${question} [y/N] `));
  const buf = new Uint8Array(64);
  const n = await io.stdin.read(buf);
  const answer = n ? new TextDecoder().decode(buf.subarray(0, n)).trim().toLowerCase() : "";
  return answer === "y" || answer === "yes";
}

/**
 * The first line of standard input, read to its end or to `maxBytes` (a token is short; a file
 * piped by mistake is not read whole). Leading and trailing blanks are dropped.
 */
export async function readFirstLine(io: Io, maxBytes = 64 * 1024): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const buf = new Uint8Array(4096);
  for (let reads = 0; reads < MAX_READS && size < maxBytes; reads++) {
    const n = await io.stdin.read(buf);
    if (n === null) break;
    chunks.push(buf.slice(0, n));
    size += n;
    if (buf.subarray(0, n).includes(10)) break;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(bytes).trim().split(/\r?\n/)[0].trim();
}
