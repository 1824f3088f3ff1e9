// `init`: checks an access token with Intercom, finds its region, and saves both in config.json.
// The token never comes from the command line, where every user of the machine could read it.

import { readConfigFile, writeConfigFile } from "../../config.ts";
import { assertReachable } from "../../fence.ts";
import { type Region, REGION_HOSTS } from "../../intercom/regions.ts";
import {
  type CommandContext,
  defineCommand,
  type Io,
  type Options,
  UsageError,
} from "../command.ts";
import { readFirstLine, readHidden } from "../input.ts";
import { candidates, probeRegions } from "../region_probe.ts";

const options = {
  "with-token": { type: "boolean", help: "read the token from standard input" },
  region: {
    type: "string",
    choices: Object.keys(REGION_HOSTS),
    help: "the workspace's region (default: found by asking each)",
  },
  // Refused with what to do instead: a token in the arguments shows in the process list.
  token: { type: "string", value: "T", help: "", hidden: true },
} as const satisfies Options;

export const init = defineCommand({
  name: "init",
  summary: "check the token and save config.json",
  options,
  usage: `Checks an Intercom access token with GET /me, finds the workspace's region when none is
given, and writes config.json (mode 0600) in the data directory. The token is read from standard
input with --with-token (e.g. \`fast-intercom-mcp init --with-token < token.txt\`), else from
INTERCOM_ACCESS_TOKEN, else asked for on the terminal with hidden input. It is never printed, and
never taken as an argument: arguments show in the process list.`,
  async run(ctx) {
    if (ctx.options.token !== undefined) {
      ctx.redact(ctx.options.token);
      throw new UsageError(
        "--token is not taken: arguments show in the process list. Pipe the token to " +
          "`fast-intercom-mcp init --with-token`, set INTERCOM_ACCESS_TOKEN, or run " +
          "`fast-intercom-mcp init` on a terminal to type it hidden",
      );
    }
    const token = await readToken(ctx);
    ctx.redact(token);
    const list = candidates(ctx.settings, ctx.options.region as Region | undefined);
    // A host outside the fence is one line saying what to do, not Deno's refusal.
    for (const c of list) assertReachable(c.url, ctx.settings.apiUrlSource);
    const { region, me } = await probeRegions(token, list, ctx.io.signal);
    const dir = ctx.settings.dataDir;
    writeConfigFile(dir, {
      ...readConfigFile(dir),
      access_token: token,
      region,
      ...(me.app.name ? { workspace_name: me.app.name } : {}),
      ...(me.app.idCode ? { workspace_id: me.app.idCode } : {}),
    });
    ctx.out(
      `Token accepted for workspace ${me.app.name ?? "(unnamed)"}` +
        `${me.app.idCode ? ` (${me.app.idCode})` : ""}, region ${region}, ` +
        `as ${me.name ?? me.email ?? `admin ${me.adminId}`}.\n` +
        `Saved to ${dir}/config.json (mode 0600). Next: fast-intercom-mcp sync`,
    );
    return 0;
  },
});

/** Standard input with --with-token, else the environment, else the terminal, hidden. */
async function readToken(ctx: CommandContext<typeof options>): Promise<string> {
  const terminal = ctx.io.stdin.isTerminal();
  if (ctx.options["with-token"]) {
    // On a terminal, standard input is a person typing: read hidden there too.
    const token = terminal ? await askHidden(ctx.io) : await readFirstLine(ctx.io);
    if (!token) throw new UsageError("--with-token read no token from standard input");
    return token;
  }
  const fromEnv = ctx.env.INTERCOM_ACCESS_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  if (!terminal) {
    throw new UsageError(
      "no token: pipe it to `fast-intercom-mcp init --with-token`, or set INTERCOM_ACCESS_TOKEN " +
        "(there is no terminal to ask on)",
    );
  }
  const typed = await askHidden(ctx.io);
  if (!typed) throw new UsageError("no token was entered");
  return typed;
}

const askHidden = (io: Io) => readHidden("Intercom access token (input hidden): ", io);
