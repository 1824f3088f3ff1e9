// The data directory is trusted only when it is the program's own: a folder of this user that no
// one else may write, holding nothing but the program's files, none of them a link. As ssh does
// with its keys, anything else is refused with what to do, never repaired behind the user's back.

import { join, resolve } from "node:path";
import { ConfigError } from "./config.ts";

/** What the program keeps in its data directory; `logs` is a folder, the rest are files. */
export const OWN_ENTRIES: readonly string[] = [
  "config.json",
  "config.json.tmp",
  "cache.db",
  "cache.db-wal",
  "cache.db-shm",
  "cache.db-journal",
  "server_token",
  "sync.lock",
  ".doctor-probe",
  "logs",
  // Finder leaves one in any folder it shows; it holds only view settings.
  ".DS_Store",
];
const LOG_ENTRY = /^fast-intercom-mcp\.log(\.1)?$/;

const POSIX = Deno.build.os !== "windows";

/** This process's user id, or null where it cannot be known (Windows, or no `sys` permission). */
function myUid(): number | null {
  try {
    return Deno.uid();
  } catch {
    return null;
  }
}

function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** Refuses what another user owns or what group or others may write. */
function checkOwnership(path: string, info: Deno.FileInfo, what: string): void {
  if (!POSIX || info.mode === null) return;
  const uid = myUid();
  if (uid !== null && info.uid !== null && info.uid !== uid) {
    throw new ConfigError(
      `${what} ${path} belongs to another user (uid ${info.uid}); use a data directory of your own ` +
        "(--data-dir or FASTINTERCOM_DATA_DIR)",
    );
  }
  if ((info.mode & 0o022) !== 0) {
    throw new ConfigError(
      `${what} ${path} may be written by ${info.mode & 0o002 ? "every user" : "its group"} (mode ${
        (info.mode & 0o7777).toString(8)
      }); ` +
        `run \`chmod go-w ${path}\` if it is yours, or use another data directory`,
    );
  }
}

/** An entry of the data directory: not a link, this user's, not writable by others. */
function checkEntry(path: string): Deno.FileInfo | null {
  const info = lstatOrNull(path);
  if (info === null) return null;
  if (info.isSymlink) {
    throw new ConfigError(
      `${path} is a link; the program follows no link in its data directory: delete it`,
    );
  }
  checkOwnership(path, info, "the file");
  return info;
}

/** A file the program reads or writes there: a plain file of this user, never a link. */
export function checkOwnFile(path: string): Deno.FileInfo | null {
  const info = checkEntry(path);
  if (info !== null && !info.isFile) {
    throw new ConfigError(`${path} is not a file; move it out of the way`);
  }
  return info;
}

/**
 * Checks an existing data directory before anything in it is read: this user's, not writable by
 * others, not a home folder, holding only the program's files. A directory not there yet passes.
 */
export function checkDataDir(dataDir: string, home: string | undefined): void {
  let info: Deno.FileInfo;
  try {
    // The folder itself may be a link (to another disk, say): its target must be the user's own.
    info = Deno.statSync(dataDir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  if (!info.isDirectory) throw new ConfigError(`the data directory ${dataDir} is not a folder`);
  if (home && resolve(home) === resolve(dataDir)) {
    throw new ConfigError(
      `the data directory ${dataDir} is your home folder; use a folder of its own, e.g. ` +
        `${join(home, ".fast-intercom-mcp")}`,
    );
  }
  checkOwnership(dataDir, info, "the data directory");
  const foreign: string[] = [];
  for (const entry of Deno.readDirSync(dataDir)) {
    if (!OWN_ENTRIES.includes(entry.name)) foreign.push(entry.name);
  }
  if (foreign.length) {
    throw new ConfigError(
      `the data directory ${dataDir} holds files that are not fast-intercom-mcp's (${
        foreign.sort().slice(0, 3).join(", ")
      }${foreign.length > 3 ? ", …" : ""}); choose an empty or new folder ` +
        "(--data-dir or FASTINTERCOM_DATA_DIR)",
    );
  }
  for (const name of OWN_ENTRIES) {
    const path = join(dataDir, name);
    if (name === "logs") checkLogsDir(path);
    else checkEntry(path);
  }
}

function checkLogsDir(path: string): void {
  const info = lstatOrNull(path);
  if (info === null) return;
  if (info.isSymlink || !info.isDirectory) {
    throw new ConfigError(`${path} is not a folder (or is a link): delete it`);
  }
  checkOwnership(path, info, "the folder");
  for (const entry of Deno.readDirSync(path)) {
    if (!LOG_ENTRY.test(entry.name)) {
      throw new ConfigError(`${path} holds ${entry.name}, which is not the program's log`);
    }
    checkEntry(join(path, entry.name));
  }
}

/**
 * Makes the data directory and its `logs` folder private (0700) when they are not there yet, and
 * checks them when they are: only a folder the program has just made is ever chmod-ed.
 */
export function ensureDataDir(dataDir: string): void {
  // Before anything is made in a folder that is there, it is checked.
  checkDataDir(dataDir, undefined);
  for (const dir of [dataDir, join(dataDir, "logs")]) {
    if (lstatOrNull(dir) !== null) continue;
    try {
      Deno.mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      // Made by a command started at the same moment: checked below like any other.
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
      continue;
    }
    // The umask may have taken bits off 0700, never added any; this sets exactly 0700.
    if (POSIX) Deno.chmodSync(dir, 0o700);
  }
  checkDataDir(dataDir, undefined);
}

/**
 * Opens a file of the data directory to append to it, never through a link: a file that is
 * there is opened and then compared with what the name pointed at, a new one is created
 * exclusively (which fails on a link, even a dangling one).
 */
export function openOwnFileForAppend(path: string): Deno.FsFile {
  for (let attempt = 0; attempt < 2; attempt++) {
    const before = checkOwnFile(path);
    if (before === null) {
      try {
        return Deno.openSync(path, { createNew: true, write: true, append: true, mode: 0o600 });
      } catch (e) {
        if (e instanceof Deno.errors.AlreadyExists) continue;
        throw e;
      }
    }
    const file = Deno.openSync(path, { append: true });
    const opened = file.statSync();
    if (POSIX && (opened.ino !== before.ino || opened.dev !== before.dev)) {
      file.close();
      throw new ConfigError(`${path} changed while it was opened; the program follows no link`);
    }
    return file;
  }
  throw new ConfigError(`${path} keeps appearing and disappearing; is another program at work?`);
}

/** Reads a file of the data directory as text, refusing a link, or null when there is none. */
export function readOwnTextFile(path: string): string | null {
  const before = checkOwnFile(path);
  if (before === null) return null;
  const file = Deno.openSync(path, { read: true });
  try {
    const opened = file.statSync();
    if (POSIX && (opened.ino !== before.ino || opened.dev !== before.dev)) {
      throw new ConfigError(`${path} changed while it was opened; the program follows no link`);
    }
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(64 * 1024);
    for (let n = file.readSync(buf); n !== null && n > 0; n = file.readSync(buf)) {
      chunks.push(buf.slice(0, n));
    }
    return new TextDecoder().decode(concat(chunks));
  } finally {
    file.close();
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
