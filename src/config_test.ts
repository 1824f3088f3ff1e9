// Settings never carry a secret into a message: a value that is not a URL, a config.json that
// does not parse, a URL with a password; and the token goes to Intercom over https only.

import { assert, assertEquals, assertMatch } from "../tests/assert.ts";
import { ConfigError, loadSettings } from "./config.ts";
import { withoutCredentials } from "./status.ts";

const SECRET = "dG9rOnNlY3JldC1hY2Nlc3MtdG9rZW4tOTg3NjU0MzIx";

function settingsError(env: Record<string, string>, configJson?: string): string {
  const dir = Deno.makeTempDirSync({ prefix: "fim-config-" });
  try {
    if (configJson !== undefined) {
      Deno.writeTextFileSync(`${dir}/config.json`, configJson, { mode: 0o600 });
    }
    loadSettings({}, { FASTINTERCOM_DATA_DIR: dir, ...env });
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
  throw new Error("the settings were accepted");
}

Deno.test("a token pasted into a setting is never echoed in the error", () => {
  const cases: Record<string, RegExp> = {
    FASTINTERCOM_API_URL: /FASTINTERCOM_API_URL is not a URL .*not shown/,
    FASTINTERCOM_LOG_LEVEL: /log level \(a value of \d+ characters, not shown\)/,
    FASTINTERCOM_REGION: /region \(a value of \d+ characters, not shown\)/,
    FASTINTERCOM_INITIAL_SYNC_DAYS: /initial_sync_days must be a number .*not shown/,
  };
  for (const [name, expected] of Object.entries(cases)) {
    const message = settingsError({ [name]: SECRET });
    assertMatch(message, expected);
    assert(!message.includes(SECRET.slice(0, 12)), `${name}: ${message}`);
  }
  // A short, plain value is shown, so that a typo can be seen.
  assertMatch(settingsError({ FASTINTERCOM_LOG_LEVEL: "loud" }), /log level "LOUD"/);
});

Deno.test("a config.json that does not parse is reported by position, without its content", () => {
  for (const text of [`{"access_token": "${SECRET}",}`, `{"access_token": ${SECRET}}`, SECRET]) {
    const message = settingsError({}, text);
    assertMatch(message, /config\.json is not valid JSON \((at (line|position) |it does not)/);
    assert(!message.includes(SECRET.slice(0, 12)), message);
  }
  assertMatch(settingsError({}, `["${SECRET}"]`), /it is not a JSON object/);
});

Deno.test("an API URL with a user or password is refused without showing them, and status never shows them", () => {
  const message = settingsError({ FASTINTERCOM_API_URL: `https://me:${SECRET}@proxy.example` });
  assertMatch(message, /carries a user name or password/);
  assert(!message.includes(SECRET.slice(0, 12)) && !message.includes("me:"), message);
  assertEquals(
    withoutCredentials(`https://me:${SECRET}@proxy.example/x`),
    "https://proxy.example/x",
  );
  assertEquals(withoutCredentials("https://api.intercom.io"), "https://api.intercom.io");
});

Deno.test("Intercom's hosts over https only; plain http only to a loopback address", () => {
  for (
    const url of ["http://api.intercom.io", "http://api.eu.intercom.io", "http://proxy.example"]
  ) {
    assertMatch(settingsError({ FASTINTERCOM_API_URL: url }), /uses plain http to .*use https/);
  }
  assertMatch(settingsError({ FASTINTERCOM_API_URL: "ftp://x.example" }), /must be an https URL/);
  const dir = Deno.makeTempDirSync({ prefix: "fim-config-" });
  try {
    for (const url of ["http://127.0.0.1:9300", "http://[::1]:9300", "http://localhost:8080"]) {
      const s = loadSettings({}, { FASTINTERCOM_DATA_DIR: dir, FASTINTERCOM_API_URL: url });
      assertEquals(s.apiUrl, url);
    }
    const s = loadSettings({}, {
      FASTINTERCOM_DATA_DIR: dir,
      FASTINTERCOM_API_URL: "https://p.example/",
    });
    assertEquals(s.apiUrl, "https://p.example");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
