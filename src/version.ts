// The program's version: one source, deno.json; the commit is stamped in by the release build.

import denoJson from "../deno.json" with { type: "json" };

export const VERSION: string = denoJson.version;

/** Replaced by `deno task compile` in release builds; "source" when run from a checkout. */
export const COMMIT = "source";

export function versionLine(): string {
  return `fast-intercom-mcp ${VERSION} (commit ${COMMIT}; deno ${Deno.version.deno}, ${Deno.build.target})`;
}
