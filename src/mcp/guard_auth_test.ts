import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import { authGuard, bearerCheck } from "./guard_auth.ts";

const TOKEN = "a-server-token-of-some-length";

function request(authorization?: string): Request {
  return new Request("http://127.0.0.1:8765/mcp", {
    method: "POST",
    headers: authorization === undefined ? {} : { authorization },
  });
}

Deno.test("bearerCheck() accepts the token as a Bearer credential, in any case of the scheme", async () => {
  const check = await bearerCheck(TOKEN);
  assert(await check(`Bearer ${TOKEN}`));
  assert(await check(`bearer ${TOKEN}`));
  for (const header of [null, "", TOKEN, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, "Bearer "]) {
    assert(!(await check(header)), String(header));
  }
});

Deno.test("authGuard() lets the token through and refuses others with 401 and a Bearer challenge", async () => {
  const guard = await authGuard(TOKEN);
  assertEquals(await guard(request(`Bearer ${TOKEN}`)), null);

  const missing = await guard(request());
  assert(missing);
  assertEquals(missing.response.status, 401);
  const challenge = missing.response.headers.get("www-authenticate") ?? "";
  assertMatch(
    challenge,
    /^Bearer realm="fast-intercom-mcp", error_description="[^"]*Authorization: Bearer <token>"$/,
  );
  assert(!challenge.includes("invalid_token"), "no error code when nothing was sent");

  const wrong = await guard(request("Bearer not-it"));
  assert(wrong);
  assertEquals(wrong.response.status, 401);
  assertMatch(wrong.response.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
  const body = await wrong.response.json();
  assertEquals(body.error.code, -32001);
  assertMatch(body.error.message, /Authorization: Bearer <token>/);
  assert(!JSON.stringify(body).includes("not-it"), "what was sent is not echoed");
});
