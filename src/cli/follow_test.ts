import { assertEquals } from "../../tests/assert.ts";
import { followFile } from "./follow.ts";

Deno.test("followFile() prints what is appended, and starts over when the file is moved aside", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/app.log`;
  Deno.writeTextFileSync(path, "old line\n");
  const seen: string[] = [];
  const stop = new AbortController();
  const following = followFile(path, {
    from: "old line\n".length,
    write: (b) => seen.push(new TextDecoder().decode(b)),
    signal: stop.signal,
    intervalMs: 10,
  });
  const until = async (text: string) => {
    for (let i = 0; i < 200 && !seen.join("").includes(text); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  try {
    Deno.writeTextFileSync(path, "first\n", { append: true });
    await until("first");
    Deno.renameSync(path, `${path}.1`);
    Deno.writeTextFileSync(path, "new\n");
    await until("new");
  } finally {
    stop.abort();
    await following;
    Deno.removeSync(dir, { recursive: true });
  }
  assertEquals(seen.join(""), "first\nnew\n");
});
