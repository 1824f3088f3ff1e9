// `doctor`: checks the data directory, the cache, the permission fence and the token.

import { dirname } from "node:path";
import { probeFence, type ProbeResult } from "../../fence.ts";
import { quickCheck } from "../../store/maintenance.ts";
import { defineCommand } from "../command.ts";

export const doctor = defineCommand({
  name: "doctor",
  summary: "check the data directory, cache, fence and token",
  options: {
    json: { type: "boolean", help: "the checks as JSON: [{check, ok, detail}]" },
  },
  usage: `Checks that the data directory can be written, that the cache passes SQLite's quick check,
that the permission fence holds (reading outside the data directory, reaching a host other than
Intercom's, reading an environment variable and starting a program are all refused), and, when a
token is set, that Intercom accepts it. Exit status 0 when every check passes, 1 otherwise.`,
  async run(ctx) {
    const app = ctx.app();
    const dir = app.settings.dataDir;
    const checks: ProbeResult[] = await probeFence(dir, dirname(dir));
    const integrity = quickCheck(app.store);
    checks.push({
      check: "the cache passes SQLite's quick check",
      ok: integrity === "ok",
      detail: integrity,
    });
    if (app.settings.accessToken) {
      const check = `the token works (${app.settings.apiUrl})`;
      try {
        const me = await app.client.me(ctx.io.signal);
        checks.push({ check, ok: true, detail: me.app.name ?? "ok" });
      } catch (e) {
        checks.push({ check, ok: false, detail: (e as Error).message });
      }
    } else {
      checks.push({ check: "a token is set", ok: false, detail: "run `fast-intercom-mcp init`" });
    }
    if (ctx.options.json) ctx.out(JSON.stringify(checks, null, 2));
    else ctx.out(checks.map((c) => `${c.ok ? "ok  " : "FAIL"} ${c.check}: ${c.detail}`).join("\n"));
    return checks.every((c) => c.ok) ? 0 : 1;
  },
});
