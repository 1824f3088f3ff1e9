import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { type Io, UsageError } from "./command.ts";
import { askYesNo, readFirstLine, readHidden } from "./input.ts";

/** Standard input that hands out the given chunks one read at a time, then ends. */
function fakeIo(chunks: string[]): { io: Io; shown: () => string; raw: boolean[] } {
  const queue = chunks.map((c) => new TextEncoder().encode(c));
  const shown: string[] = [];
  const raw: boolean[] = [];
  const stream = {
    writeSync: (b: Uint8Array) => (shown.push(new TextDecoder().decode(b)), b.length),
    isTerminal: () => true,
  };
  const io: Io = {
    stdout: stream,
    stderr: stream,
    stdin: {
      isTerminal: () => true,
      setRaw: (on: boolean) => void raw.push(on),
      read: (b: Uint8Array) => {
        const next = queue.shift();
        if (!next) return Promise.resolve(null);
        b.set(next);
        return Promise.resolve(next.length);
      },
    },
    signal: new AbortController().signal,
  };
  return { io, shown: () => shown.join(""), raw };
}

Deno.test("readHidden() takes typed characters with backspace, echoes none, and restores the terminal", async () => {
  const { io, shown, raw } = fakeIo(["sec", "rx\x7f", "et\r", "ignored"]);
  assertEquals(await readHidden("Token: ", io), "secret");
  assertEquals(shown(), "Token: \n");
  assertEquals(raw, [true, false]);
});

Deno.test("readHidden() is cancelled by Ctrl-C and still restores the terminal", async () => {
  const { io, raw } = fakeIo(["abc\x03"]);
  await assertRejects(readHidden("Token: ", io), UsageError);
  assertEquals(raw, [true, false]);
});

Deno.test("readFirstLine() reads a piped token to its first line break, across reads", async () => {
  assertEquals(await readFirstLine(fakeIo(["  tok", "en-1\r\nsecond line\n"]).io), "token-1");
  assertEquals(await readFirstLine(fakeIo(["no-newline-at-end"]).io), "no-newline-at-end");
  assertEquals(await readFirstLine(fakeIo([]).io), "");
  assertEquals(await readFirstLine(fakeIo(["x".repeat(10), "y".repeat(10)]).io, 8), "x".repeat(10));
});

Deno.test("askYesNo() is yes only for y or yes", async () => {
  assertEquals(await askYesNo("Delete?", fakeIo(["Y\n"]).io), true);
  assertEquals(await askYesNo("Delete?", fakeIo(["yes\n"]).io), true);
  assertEquals(await askYesNo("Delete?", fakeIo(["\n"]).io), false);
  assertEquals(await askYesNo("Delete?", fakeIo([]).io), false);
  const { io, shown } = fakeIo(["n\n"]);
  assertEquals(await askYesNo("Delete?", io), false);
  assertEquals(shown(), "Delete? [y/N] ");
});
