import { assert, assertEquals } from "../../tests/assert.ts";
import { authorityAllowed, type Bound, boundOf, checkHost, originAllowed } from "./guard_host.ts";

const loopback: Bound = boundOf("127.0.0.1", "127.0.0.1:8765", 8765);
const wildcard: Bound = boundOf("0.0.0.0", "0.0.0.0:8765", 8765);

function request(host: string, origin?: string): Request {
  return new Request("http://127.0.0.1:8765/mcp", {
    headers: { host, ...(origin ? { origin } : {}) },
  });
}

Deno.test("authorityAllowed() accepts the bound address and loopback names on the bound port", () => {
  for (const host of ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "LOCALHOST:8765"]) {
    assert(authorityAllowed(host, 80, loopback), host);
  }
  for (const host of ["127.0.0.1:8766", "127.0.0.1", "evil.example:8765", "10.0.0.2:8765"]) {
    assert(!authorityAllowed(host, 80, loopback), host);
  }
});

Deno.test("authorityAllowed() on a wildcard bind accepts any address literal but no other name", () => {
  assert(authorityAllowed("10.0.0.2:8765", 80, wildcard));
  assert(authorityAllowed("[fe80::1]:8765", 80, wildcard));
  assert(!authorityAllowed("evil.example:8765", 80, wildcard));
});

Deno.test("originAllowed() lets requests without an Origin through and pages of this server only", () => {
  assert(originAllowed(null, loopback));
  assert(originAllowed("http://localhost:8765", loopback));
  for (const origin of ["http://evil.example", "null", "file://x", "http://127.0.0.1:8766"]) {
    assert(!originAllowed(origin, loopback), origin);
  }
});

Deno.test("checkHost() answers a Host that is no host name with 400, before anything reads the URL", async () => {
  for (const host of ["a b", "[", "x:abc", "%zz", "[::1", "x:99999", "a/b", "a@b"]) {
    const refused = checkHost(request(host), loopback);
    assert("response" in refused, `Host ${JSON.stringify(host)} is refused`);
    assertEquals(refused.response.status, 400, `Host ${JSON.stringify(host)}`);
    const body = await refused.response.json();
    assertEquals(body.error.code, -32000);
    assert(!JSON.stringify(body).includes("at "), "no stack trace");
  }
});

Deno.test("checkHost() answers a Host naming another server, and a foreign page, with 403", () => {
  for (
    const [host, origin] of [["evil.example:8765"], [""], ["127.0.0.1:8765", "http://evil.example"]]
  ) {
    const refused = checkHost(request(host, origin), loopback);
    assert("response" in refused);
    assertEquals(refused.response.status, 403, `${host} ${origin}`);
  }
  assertEquals(checkHost(request("127.0.0.1:8765"), loopback), { path: "/mcp" });
});
