// A fetch that answers 403 forbidden, in Intercom's error.list, for the paths a test names (a
// token without the scope for them), and passes every other request on; it counts its refusals.

export function refusingFetch(
  refuses: (path: string) => boolean,
): { fetch: typeof fetch; refused(): number } {
  let refused = 0;
  return {
    fetch(input, init) {
      if (!refuses(new URL(String(input)).pathname)) return fetch(input, init);
      refused++;
      const body = { type: "error.list", errors: [{ code: "forbidden", message: "no scope" }] };
      return Promise.resolve(
        new Response(JSON.stringify(body), {
          status: 403,
          headers: { "content-type": "application/json" },
        }),
      );
    },
    refused: () => refused,
  };
}
