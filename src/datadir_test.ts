// The data directory's checks, on real folders: what is refused, and that nothing the program
// did not make is ever chmod-ed.

import { assertEquals, assertMatch, assertThrows } from "../tests/assert.ts";
import { checkDataDir, ensureDataDir, openOwnFileForAppend, readOwnTextFile } from "./datadir.ts";
import { ConfigError } from "./config.ts";

const POSIX = Deno.build.os !== "windows";
const IS_ROOT = POSIX && Deno.uid() === 0;

function withDir(fn: (dir: string) => void): void {
  const root = Deno.makeTempDirSync({ prefix: "fim-datadir-" });
  try {
    fn(root);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
}

/** The message of the ConfigError a call throws; fails when it throws none or another error. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error("expected a refusal, and the call went through");
}

const mode = (path: string) => Deno.statSync(path).mode! & 0o7777;

Deno.test({
  name: "a new data directory is made 0700; an existing one is checked and never chmod-ed",
  ignore: !POSIX,
  fn: () =>
    withDir((root) => {
      ensureDataDir(`${root}/new`);
      assertEquals([mode(`${root}/new`), mode(`${root}/new/logs`)], [0o700, 0o700]);
      Deno.mkdirSync(`${root}/mine`);
      Deno.chmodSync(`${root}/mine`, 0o755);
      ensureDataDir(`${root}/mine`);
      assertEquals(mode(`${root}/mine`), 0o755, "left as the user made it");
    }),
});

Deno.test({
  name:
    "a data directory, config.json or server_token that group or others may write is refused, and left as it is",
  ignore: !POSIX,
  fn: () =>
    withDir((root) => {
      const shared = `${root}/shared`;
      Deno.mkdirSync(shared);
      // Deno.chmod sets no sticky bit: the shell's chmod does, as on /tmp.
      new Deno.Command("chmod", { args: ["1777", shared] }).outputSync();
      assertMatch(
        refusal(() => ensureDataDir(shared)),
        /may be written by every user \(mode 1777\).*chmod go-w/,
      );
      assertEquals(mode(shared), 0o1777, "the sticky bit and the mode are untouched");

      const dir = `${root}/data`;
      ensureDataDir(dir);
      Deno.chmodSync(dir, 0o770);
      assertMatch(refusal(() => checkDataDir(dir, undefined)), /by its group/);
      Deno.chmodSync(dir, 0o700);
      for (const name of ["config.json", "server_token"]) {
        Deno.writeTextFileSync(`${dir}/${name}`, "{}", { mode: 0o600 });
        Deno.chmodSync(`${dir}/${name}`, 0o620);
        assertMatch(
          refusal(() => checkDataDir(dir, undefined)),
          new RegExp(`${name} may be written by its group`),
        );
        Deno.chmodSync(`${dir}/${name}`, 0o600);
      }
      checkDataDir(dir, undefined);
    }),
});

Deno.test({
  name: "a data directory or file that another user owns is refused",
  ignore: !IS_ROOT,
  fn: () =>
    withDir((root) => {
      const dir = `${root}/theirs`;
      ensureDataDir(dir);
      Deno.chownSync(dir, 4242, 4242);
      assertMatch(
        refusal(() => checkDataDir(dir, undefined)),
        /belongs to another user \(uid 4242\)/,
      );
      Deno.chownSync(dir, 0, 0);
      Deno.writeTextFileSync(`${dir}/config.json`, "{}", { mode: 0o600 });
      Deno.chownSync(`${dir}/config.json`, 4242, 4242);
      assertMatch(refusal(() => checkDataDir(dir, undefined)), /config\.json belongs/);
    }),
});

Deno.test("a home folder, or a folder holding files that are not the program's, is refused as a data directory", () =>
  withDir((root) => {
    assertMatch(
      refusal(() => checkDataDir(root, root)),
      /is your home folder/,
    );
    Deno.writeTextFileSync(`${root}/.bashrc`, "");
    Deno.mkdirSync(`${root}/Documents`);
    assertMatch(
      refusal(() => ensureDataDir(root)),
      /holds files that are not fast-intercom-mcp's \(\.bashrc, Documents\)/,
    );
    assertEquals([...Deno.readDirSync(root)].length, 2, "nothing was made in it");
  }));

Deno.test({
  name:
    "no link is followed in the data directory: as a file, as the log folder, or planted while opening",
  ignore: !POSIX,
  fn: () =>
    withDir((root) => {
      const dir = `${root}/data`;
      ensureDataDir(dir);
      Deno.writeTextFileSync(`${root}/outside`, "outside text");
      for (const name of ["config.json", "cache.db", "server_token"]) {
        Deno.symlinkSync(`${root}/outside`, `${dir}/${name}`);
        assertMatch(refusal(() => checkDataDir(dir, undefined)), /is a link/);
        assertMatch(refusal(() => readOwnTextFile(`${dir}/${name}`)), /is a link/);
        Deno.removeSync(`${dir}/${name}`);
      }
      // A dangling link where a new log would be made: the exclusive create refuses it.
      Deno.symlinkSync(`${root}/not-yet`, `${dir}/logs/fast-intercom-mcp.log`);
      assertMatch(
        refusal(() => openOwnFileForAppend(`${dir}/logs/fast-intercom-mcp.log`)),
        /is a link/,
      );
      assertThrows(() => Deno.statSync(`${root}/not-yet`), Deno.errors.NotFound);
      Deno.removeSync(`${dir}/logs`, { recursive: true });
      Deno.symlinkSync(root, `${dir}/logs`);
      assertMatch(refusal(() => checkDataDir(dir, undefined)), /logs is not a folder/);
    }),
});
