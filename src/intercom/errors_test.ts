import { assert, assertEquals } from "../../tests/assert.ts";
import { errorForAnswer, IntercomError, isRefusal, noAnswerError } from "./errors.ts";

Deno.test("errorForAnswer() names a body that is not JSON by its content type", () => {
  const response = new Response("<html>busy</html>", {
    status: 503,
    headers: { "content-type": "text/html; charset=utf-8", "x-request-id": "hdr-1" },
  });
  const e = errorForAnswer("GET /admins", response, undefined);
  assertEquals(
    e.message,
    "GET /admins: Intercom answered 503: a body that is not JSON (text/html) (request id hdr-1)",
  );
  assertEquals([e.status, e.code, e.requestId], [503, null, "hdr-1"]);
});

Deno.test("errorForAnswer() says what to do about a refused token", () => {
  const e = errorForAnswer("GET /me", new Response(null, { status: 401 }), {
    errors: [{ code: "unauthorized", message: "Access Token Invalid" }],
  });
  assert(e.message.startsWith("GET /me: Intercom answered 401 unauthorized: Access Token Invalid"));
  assert(e.message.includes("fast-intercom-mcp init"), e.message);
});

Deno.test("errorForAnswer() keeps the Link header, where a merged contact went", () => {
  const e = errorForAnswer(
    "GET /contacts/{id}",
    new Response(null, { status: 410, headers: { link: "<https://x/contacts/2>" } }),
    { errors: [{ code: "gone" }] },
  );
  assertEquals(e.link, "<https://x/contacts/2>");
});

Deno.test("isRefusal() is true for answers a retry will not change, and false for the rest", () => {
  for (const status of [400, 403, 404, 405]) {
    assert(isRefusal(new IntercomError("x", status, null, null)), `${status}`);
  }
  for (const status of [401, 429, 500]) {
    assert(!isRefusal(new IntercomError("x", status, null, null)), `${status}`);
  }
  assert(!isRefusal(noAnswerError("GET /me", "no answer within 5 ms")));
  assert(!isRefusal(new Error("not from Intercom")));
});
