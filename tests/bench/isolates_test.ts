import { assert, assertEquals } from "../assert.ts";
import { memoryAtExit, serverIsolates } from "./isolates.ts";

Deno.test("the exit line is read into the two heaps and the resident set", () => {
  assertEquals(
    memoryAtExit(
      "x\nmemory at exit: outer heap 3.7/5.8 MB, worker heap 14.0/22.3 MB, process RSS 85.9 MB\n",
    ),
    { outerHeapMb: 5.8, workerHeapMb: 22.3, rssAtExitMb: 85.9 },
  );
  assertEquals(memoryAtExit("no such line"), null);
});

Deno.test("a served session ends with each isolate's heap on stderr, the worker's the larger", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "fim-isolates-" });
  try {
    const memory = await serverIsolates(dir, ["refund"]);
    assert(memory, "main.ts wrote the memory line at debug level");
    assert(
      memory.outerHeapMb > 0 && memory.workerHeapMb > memory.outerHeapMb,
      JSON.stringify(memory),
    );
    assert(memory.rssAtExitMb > memory.workerHeapMb, "the process holds both and more");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
