// `serve`: the MCP server over Streamable HTTP, for a team, behind the server's own token.

import { DEFAULT_HOST, DEFAULT_PORT } from "../../mcp/address.ts";
import { serveHttp } from "../../mcp/http.ts";
import { defineCommand } from "../command.ts";

export const serve = defineCommand({
  name: "serve",
  summary: "run the MCP server over HTTP for a team",
  options: {
    host: {
      type: "string",
      value: "H",
      help: `the address to listen on (default ${DEFAULT_HOST})`,
    },
    port: {
      type: "string",
      value: "N",
      range: [1, 65535],
      help: `the port to listen on (default ${DEFAULT_PORT})`,
    },
  },
  usage:
    `Runs the MCP server over Streamable HTTP at http://HOST:PORT/mcp: the same tools, resources
and prompts as start, one cache and one background sync for every connected client. GET /health
answers {"status":"ok"} and nothing more.

Every request must carry the server's own token (not the Intercom token) as
"Authorization: Bearer <token>": FASTINTERCOM_SERVER_TOKEN, or else one made on the first serve,
stored in server_token in the data directory (mode 0600) and shown once on stderr.

It listens on 127.0.0.1 unless --host says otherwise; other machines can reach any other address,
over plain HTTP, so put TLS in front. Requests are refused when they come from a web page of
another origin, or when their Host header is not the --host address, localhost, 127.0.0.1 or
[::1] (or, on 0.0.0.0 or ::, any IP address) with the port: against DNS rebinding. The default
permissions allow listening on 127.0.0.1:8765 only; from source, another address needs
--allow-net on the deno run command line (the error says which). SIGINT or SIGTERM stops it,
letting calls in flight finish for a few seconds.`,
  async run(ctx) {
    await serveHttp(ctx.app(), {
      hostname: ctx.options.host ?? DEFAULT_HOST,
      port: ctx.options.port ?? DEFAULT_PORT,
      token: ctx.env.FASTINTERCOM_SERVER_TOKEN,
      signal: ctx.io.signal,
      notice: ctx.err,
    });
    return 0;
  },
});
