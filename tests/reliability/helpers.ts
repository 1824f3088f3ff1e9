// Helpers shared by the reliability suite: deadlines for tests that must not hang, the check
// that an error reads as one clear line, and small readers for outputs and files.

import { assert } from "../assert.ts";
import type { CallToolResult } from "../../src/mcp/sdk.ts";

export const DAY = 86400;

/**
 * Rejects when `promise` has not settled within `ms`: a broken timeout must fail the test, not
 * hang the suite. The timer is cleared either way so the test leaks nothing.
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Marks of a stack trace or of a value that was never filled in. */
const UNCLEAR = [
  /^\s+at /m,
  /file:\/\//,
  /\.ts:\d+/,
  /\[object Object\]/,
  /\bundefined\b/,
  /\bNaN\b/,
];

/** A message a person can act on: no stack trace, no unfilled value; `what` names it. */
export function assertClearMessage(text: string, what: string): void {
  assert(text.trim().length > 0, `${what}: an empty message`);
  for (const mark of UNCLEAR) {
    assert(!mark.test(text), `${what}: the message has ${mark}: ${text.slice(0, 2000)}`);
  }
}

/** stderr of a failed command: exactly one clear line. */
export function assertOneClearLine(stderr: string, what: string): void {
  const lines = stderr.trim().split("\n");
  assert(lines.length === 1, `${what}: ${lines.length} lines on stderr:\n${stderr.slice(0, 3000)}`);
  assertClearMessage(lines[0], what);
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => c.type === "text" ? c.text : "").join("\n");
}

/** Every file under `dir`, as bytes, keyed by path relative to `dir`. */
export function filesUnder(dir: string, prefix = ""): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    const name = prefix + entry.name;
    if (entry.isDirectory) {
      for (const [k, v] of filesUnder(path, `${name}/`)) out.set(k, v);
    } else if (entry.isFile) {
      out.set(name, Deno.readFileSync(path));
    }
  }
  return out;
}

/** Whether `needle` occurs in `bytes`, byte for byte (SQLite stores text as UTF-8). */
export function bytesInclude(bytes: Uint8Array, needle: string): boolean {
  const n = new TextEncoder().encode(needle);
  if (n.length === 0) return true;
  outer: for (let i = 0; i + n.length <= bytes.length; i++) {
    for (let j = 0; j < n.length; j++) {
      if (bytes[i + j] !== n[j]) continue outer;
    }
    return true;
  }
  return false;
}

/**
 * The resident memory of a process in kB: VmRSS of /proc/<pid>/status on Linux, read by `cat`
 * because Deno lets a program read /proc only with --allow-all; `ps` on macOS; null elsewhere.
 */
export async function rssKb(pid: number): Promise<number | null> {
  const [command, args, pattern] = Deno.build.os === "linux"
    ? ["cat", [`/proc/${pid}/status`], /^VmRSS:\s+(\d+)\s+kB/m]
    : Deno.build.os === "darwin"
    ? ["ps", ["-o", "rss=", "-p", String(pid)], /(\d+)/]
    : [null, [], /$/];
  if (command === null) return null;
  const out = await new Deno.Command(command, { args, stderr: "inherit" }).output();
  const m = new TextDecoder().decode(out.stdout).match(pattern);
  if (!m) throw new Error(`no resident memory for process ${pid} from ${command}`);
  return Number(m[1]);
}

/** The value at fraction `q` of sorted numbers. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
