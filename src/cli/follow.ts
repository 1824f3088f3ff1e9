// `tail -f` for the log file: prints what is appended to a file until the signal aborts,
// starting again from the top when the file shrinks (the log was moved aside).

import { checkOwnFile } from "../datadir.ts";
import { sleep } from "../time.ts";

export interface FollowOptions {
  /** Bytes already shown: following starts there. */
  from: number;
  write(bytes: Uint8Array): void;
  signal: AbortSignal;
  /** How often the file's size is looked at; default 500 ms. */
  intervalMs?: number;
}

export async function followFile(path: string, opts: FollowOptions): Promise<void> {
  let size = opts.from;
  while (!opts.signal.aborted) {
    // An abort ends the wait early; the loop's condition then ends the following.
    await sleep(opts.intervalMs ?? 500, opts.signal).catch(() => {});
    let now: number;
    try {
      // Never through a link: a planted one would print another file.
      const info = checkOwnFile(path);
      if (!info) continue;
      now = info.size;
    } catch {
      // Not there for now (moved aside and not written yet): look again.
      continue;
    }
    if (now < size) size = 0;
    if (now > size) size += copyRange(path, size, now, opts.write);
  }
}

/** Writes the bytes of `path` from `start` to `end`; returns how many were read. */
function copyRange(path: string, start: number, end: number, write: (b: Uint8Array) => void) {
  const f = Deno.openSync(path, { read: true });
  try {
    f.seekSync(start, Deno.SeekMode.Start);
    const buf = new Uint8Array(end - start);
    let read = 0;
    while (read < buf.length) {
      const r = f.readSync(buf.subarray(read));
      if (r === null || r === 0) break;
      read += r;
    }
    write(buf.subarray(0, read));
    return read;
  } finally {
    f.close();
  }
}
