// Rewrites the Homebrew formula beside this file for a release: its version, and for each platform
// the archive's url and SHA-256, taken from the release's SHA256SUMS file.
//
//   deno run -R=packaging/homebrew,SHA256SUMS -W=packaging/homebrew \
//     packaging/homebrew/update_formula.ts 0.2.0 SHA256SUMS
//
// Without a SUMS file (bumping the version before the release exists) the checksums become
// zeros: well-formed, and refused by Homebrew rather than trusted.

import { fileURLToPath } from "node:url";

/** The platforms the formula installs; Windows has no Homebrew. */
export const FORMULA_TARGETS = [
  "aarch64-apple-darwin",
  "x86_64-apple-darwin",
  "aarch64-unknown-linux-gnu",
  "x86_64-unknown-linux-gnu",
] as const;

export const PLACEHOLDER_SHA256 = "0".repeat(64);

/** The name of a release archive, as the release workflow writes it. */
export function archiveName(version: string, target: string): string {
  return `fast-intercom-mcp-v${version}-${target}.tar.gz`;
}

/** The lines of `sha256sum` output ("<hex>  <name>", or "<hex> *<name>" in binary mode). */
export function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const match = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line.trim());
    if (!match) {
      throw new Error(
        `SHA256SUMS line ${index + 1}: expected "<64 hex digits>  <file name>", got "${line}"`,
      );
    }
    sums.set(match[2], match[1]);
  });
  return sums;
}

/** The formula with `version`, and urls and checksums for it; `sums` null writes placeholders. */
export function updateFormula(
  formula: string,
  version: string,
  sums: Map<string, string> | null,
): string {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/.test(version)) {
    throw new Error(`version: expected MAJOR.MINOR.PATCH without a "v", got "${version}"`);
  }
  const homepage = /^\s*homepage "(https:\/\/github\.com\/[^"]+)"$/m.exec(formula)?.[1];
  if (!homepage) throw new Error('formula: expected a line homepage "https://github.com/…"');
  // Urls are rebuilt from the homepage, so the repository is named in one place only.
  const releases = `${homepage}/releases/download/v${version}`;

  const versionLine = /^(\s*)version "[^"]*"$/m;
  if (!versionLine.test(formula)) throw new Error('formula: expected a line version "…"');
  let updated = formula.replace(versionLine, `$1version "${version}"`);
  for (const target of FORMULA_TARGETS) {
    const name = archiveName(version, target);
    const sha256 = sums ? sums.get(name) : PLACEHOLDER_SHA256;
    if (!sha256) throw new Error(`SHA256SUMS has no line for ${name}`);
    const pair = new RegExp(
      `^(\\s*)url "[^"]*-${target}\\.tar\\.gz"(\\r?\\n\\s*)sha256 "[^"]*"`,
      "m",
    );
    if (!pair.test(updated)) {
      throw new Error(`formula: expected a url line for ${target} followed by its sha256 line`);
    }
    updated = updated.replace(pair, `$1url "${releases}/${name}"$2sha256 "${sha256}"`);
  }
  return updated;
}

if (import.meta.main) {
  const [version, sumsFile] = Deno.args;
  if (!version || Deno.args.length > 2) {
    console.error("usage: update_formula.ts VERSION [SHA256SUMS]");
    Deno.exit(2);
  }
  const path = fileURLToPath(new URL("fast-intercom-mcp.rb", import.meta.url));
  const sums = sumsFile ? parseSums(await Deno.readTextFile(sumsFile)) : null;
  await Deno.writeTextFile(path, updateFormula(await Deno.readTextFile(path), version, sums));
  console.log(
    `${path}: version ${version}, ${sums ? `checksums from ${sumsFile}` : "placeholder checksums"}`,
  );
}
