import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { TOKEN } from "../../tests/cache_check.ts";
import { startDouble } from "../../tests/double/server.ts";
import { generateWorkspace } from "../../tests/double/workspace.ts";
import { IntercomError } from "../intercom/client.ts";
import { CommandFailed } from "./command.ts";
import { probeRegions } from "./region_probe.ts";

const ws = generateWorkspace({ seed: 11, conversations: 3 });

Deno.test("probeRegions() passes over a region that refuses the token and stops at the one that takes it", async () => {
  const other = await startDouble({ workspace: ws, token: "someone-elses-token-000000" });
  const home = await startDouble({ workspace: ws, token: TOKEN });
  try {
    const found = await probeRegions(TOKEN, [
      { region: "us", url: other.url },
      { region: "eu", url: home.url },
      { region: "au", url: other.url },
    ], new AbortController().signal);
    assertEquals(found.region, "eu");
    assertEquals(found.me.app.name, ws.app.name);
    assertEquals(other.stats().requests, 1, "the third region was never asked");
  } finally {
    await other.close();
    await home.close();
  }
});

Deno.test("probeRegions() says the token was refused everywhere, or passes one region's refusal on", async () => {
  const other = await startDouble({ workspace: ws, token: "someone-elses-token-000000" });
  const signal = new AbortController().signal;
  try {
    await assertRejects(
      probeRegions(
        TOKEN,
        [{ region: "us", url: other.url }, { region: "eu", url: other.url }],
        signal,
      ),
      (e: unknown) =>
        e instanceof CommandFailed && /refused in every region \(us, eu\)/.test(e.message),
    );
    await assertRejects(
      probeRegions(TOKEN, [{ region: "us", url: other.url }], signal),
      (e: unknown) => e instanceof IntercomError && e.status === 401,
    );
  } finally {
    await other.close();
  }
});
