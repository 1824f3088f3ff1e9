// The program's version: one source, deno.json; the commit is stamped in by the release build.

import denoJson from "../deno.json" with { type: "json" };

export const VERSION: string = denoJson.version;

/** The release workflow rewrites this line with sed before compiling; "source" in a checkout. */
export const COMMIT = "source";

export function versionLine(): string {
  return `fast-intercom-mcp ${VERSION} (commit ${COMMIT}; deno ${Deno.version.deno}, ${Deno.build.target})`;
}
