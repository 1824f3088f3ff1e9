import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import { ConfigError } from "../config.ts";
import { serverToken } from "./auth.ts";

function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    assert(e instanceof ConfigError, `a ConfigError: ${e}`);
    return e;
  }
  throw new Error("expected a refusal");
}

Deno.test("a FASTINTERCOM_SERVER_TOKEN shorter than 16 characters is refused, naming the variable", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const e = refusal(() => serverToken(dir, "short-token"));
    assertMatch(e.message, /FASTINTERCOM_SERVER_TOKEN must be at least 16 printable characters/);
    assert(!/file/.test(e.message), `no word of a file: ${e.message}`);
    assert(!e.message.includes("short-token"), "the token is not shown");
    assertEquals(serverToken(dir, "sixteen-chars-ok").source, "environment");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a short server_token file is refused, naming the file", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/server_token`, "short\n", { mode: 0o600 });
    const e = refusal(() => serverToken(dir, undefined));
    assertMatch(e.message, /the file .*server_token must be at least 16/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
