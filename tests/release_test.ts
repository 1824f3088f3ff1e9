// The release path, checked where it can be here: the program packs into one working file, the
// workflows hold the jobs and steps the release depends on, and the Homebrew formula and its
// updater agree with deno.json and with the archives the release workflow names.

import { parse } from "yaml";
import { assert, assertEquals, assertMatch, assertThrows } from "./assert.ts";
import denoJson from "../deno.json" with { type: "json" };
import toolsPackage from "../tools/deno/package.json" with { type: "json" };
import { packCheck } from "../tools/pack_check.ts";
import {
  archiveName,
  FORMULA_TARGETS,
  parseSums,
  PLACEHOLDER_SHA256,
  updateFormula,
} from "../packaging/homebrew/update_formula.ts";

const ROOT = new URL("../", import.meta.url);
const VERSION = denoJson.version;
const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
];

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
  "runs-on": string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown> };
  env?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function readText(path: string): string {
  return Deno.readTextFileSync(new URL(path, ROOT));
}

function workflow(name: string): Workflow {
  return parse(readText(`.github/workflows/${name}`)) as Workflow;
}

/** Every shell line a job runs, one string, for "does it run X" questions. */
function scripts(job: Job): string {
  return job.steps.map((step) => step.run ?? "").join("\n");
}

function setupDenoVersions(job: Job): unknown[] {
  return job.steps.filter((step) => step.uses?.startsWith("denoland/setup-deno@"))
    .map((step) => step.with?.["deno-version"]);
}

Deno.test("the program packs into one file that answers --version and an MCP initialize", async () => {
  const report = await packCheck();
  assertMatch(report.packed, /^deno bundle: /);
  assertMatch(report.versionLine, new RegExp(`^fast-intercom-mcp ${VERSION} \\(commit `));
  assertEquals(report.serverInfo, { name: "fast-intercom-mcp", version: VERSION });
});

Deno.test("deno task compile builds main.ts and its fenced Worker with the permission set that deno task start uses", () => {
  assertEquals(
    denoJson.tasks.compile.command,
    "deno compile --no-prompt -P --v8-flags=--max-old-space-size=96,--max-semi-space-size=1 --include src/worker.ts --output dist/fast-intercom-mcp $COMPILE_FLAGS main.ts",
  );
  assertMatch(
    denoJson.tasks.start,
    /^deno run --quiet --no-prompt --cached-only -P --v8-flags=\S+ main\.ts /,
  );
});

Deno.test("start, cli and the compiled binary share one V8 heap setting: old space and young generation capped", () => {
  const flagsOf = (command: string) => command.match(/--v8-flags=(\S+)/)?.[1].split(",") ?? [];
  const start = flagsOf(denoJson.tasks.start);
  // The young generation's semi-space sets most of the resident memory V8 holds for garbage:
  // without the cap a sync of 10,000 conversations peaked near 200 MB, with it near 120.
  assert(start.includes("--max-old-space-size=96"), `start's V8 flags: ${start.join(",")}`);
  assert(start.includes("--max-semi-space-size=1"), `start's V8 flags: ${start.join(",")}`);
  assertEquals(flagsOf(denoJson.tasks.cli), start);
  assertEquals(flagsOf(denoJson.tasks.compile.command), start);
});

Deno.test("ci.yml runs the format check, lint, type check and tests on Linux, macOS and Windows", () => {
  const ci = workflow("ci.yml");
  assert("push" in ci.on && "pull_request" in ci.on, "ci.yml runs on push and pull_request");
  const job = ci.jobs.test;
  assertEquals(job.strategy?.matrix.os, ["ubuntu-latest", "macos-latest", "windows-latest"]);
  assertEquals(job["runs-on"], "${{ matrix.os }}");
  assertEquals(job.steps.map((step) => step.run).filter((run) => run?.startsWith("deno")), [
    "deno fmt --check",
    "deno lint",
    "deno task check",
    "deno task test",
  ]);
});

Deno.test("every workflow installs the Deno version pinned in tools/deno/package.json", () => {
  for (const name of ["ci.yml", "release.yml"]) {
    for (const [id, job] of Object.entries(workflow(name).jobs)) {
      if (!scripts(job).includes("deno ")) continue;
      assertEquals(setupDenoVersions(job), [toolsPackage.dependencies.deno], `${name} job ${id}`);
    }
  }
});

Deno.test("release.yml compiles five targets on a v* tag with deno task compile and the stamped commit", () => {
  const release = workflow("release.yml");
  assertEquals(release.on, { push: { tags: ["v*"] } });
  const build = release.jobs.build;
  assertEquals(build.strategy?.matrix.target, TARGETS);
  const script = scripts(build);
  assertMatch(script, /--target \$TARGET --output dist\/\$TARGET\/fast-intercom-mcp\$exe/);
  assertMatch(script, /\bdeno task compile\b/);
  // The sed must find the exact line src/version.ts has, or the binary says "commit source".
  assertMatch(readText("src/version.ts"), /^export const COMMIT = "source";$/m);
  assert(script.includes(String.raw`sed -i "s/^export const COMMIT = \"source\";\$/`));
  // With the tag v<version>, these are the names the Homebrew formula's urls point at.
  assertEquals(build.env?.ARCHIVE, "fast-intercom-mcp-${{ github.ref_name }}-${{ matrix.target }}");
  assertMatch(script, /tar -czf "dist\/\$ARCHIVE\.tar\.gz"/);
  assertMatch(script, /zip -q "\.\.\/\$ARCHIVE\.zip"/);
});

Deno.test("release.yml runs each binary on a native runner: --version and an MCP initialize", () => {
  const smoke = workflow("release.yml").jobs.smoke;
  assertEquals(smoke.needs, "build");
  const native: Record<string, string> = {
    "x86_64-unknown-linux-gnu": "ubuntu-latest",
    "aarch64-unknown-linux-gnu": "ubuntu-24.04-arm",
    "x86_64-apple-darwin": "macos-15-intel",
    "aarch64-apple-darwin": "macos-latest",
    "x86_64-pc-windows-msvc": "windows-latest",
  };
  const include = smoke.strategy?.matrix.include as { target: string; runner: string }[];
  assertEquals(Object.fromEntries(include.map((row) => [row.target, row.runner])), native);
  assertEquals(smoke["runs-on"], "${{ matrix.runner }}");
  assertMatch(scripts(smoke), /deno task pack-check --binary "archive\/fast-intercom-mcp\$exe"/);
});

Deno.test("release.yml publishes the archives with SHA256SUMS, then updates the Homebrew formula", () => {
  const { publish, homebrew } = workflow("release.yml").jobs;
  assertEquals(publish.needs, "smoke");
  assertEquals(publish.permissions, { contents: "write" });
  assertMatch(scripts(publish), /sha256sum -- \*\.tar\.gz \*\.zip > SHA256SUMS/);
  assertMatch(
    scripts(publish),
    /gh release create "\$GITHUB_REF_NAME"[^]*release\/\*\.tar\.gz release\/\*\.zip release\/SHA256SUMS/,
  );
  assertEquals(homebrew.needs, "publish");
  assertMatch(
    scripts(homebrew),
    /packaging\/homebrew\/update_formula\.ts "\$\{GITHUB_REF_NAME#v\}" SHA256SUMS/,
  );
});

Deno.test("the Homebrew formula installs deno.json's version with a url and sha256 per platform", () => {
  const formula = readText("packaging/homebrew/fast-intercom-mcp.rb");
  assertMatch(formula, new RegExp(`^  version "${VERSION.replaceAll(".", "\\.")}"$`, "m"));
  const homepage = /^\s+homepage "(.+)"$/m.exec(formula)?.[1];
  for (const target of FORMULA_TARGETS) {
    const url = `${homepage}/releases/download/v${VERSION}/${archiveName(VERSION, target)}`;
    assertMatch(
      formula,
      new RegExp(`url "${url.replaceAll(".", "\\.")}"\\r?\\n\\s*sha256 "[0-9a-f]{64}"`),
    );
  }
  const parts = [
    "on_macos do",
    "on_linux do",
    "Hardware::CPU.arm?",
    'bin.install "fast-intercom-mcp"',
  ];
  for (const part of parts) assert(formula.includes(part), `the formula has ${part}`);
  assertMatch(
    formula,
    /test do\r?\n\s+assert_match "fast-intercom-mcp #\{version\}", shell_output\("#\{bin\}\/fast-intercom-mcp --version"\)/,
  );
});

Deno.test("update_formula writes the version, urls and checksums of a SHA256SUMS file", () => {
  const formula = readText("packaging/homebrew/fast-intercom-mcp.rb");
  const hex = (i: number) => i.toString(16).repeat(64);
  const sums = parseSums(
    TARGETS.map((target, i) => {
      const name = `fast-intercom-mcp-v9.8.7-${target}.${
        target.includes("windows") ? "zip" : "tar.gz"
      }`;
      return `${hex(i + 1)}  ${name}`;
    }).join("\n") + "\n",
  );
  const updated = updateFormula(formula, "9.8.7", sums);
  assertMatch(updated, /^\s+version "9\.8\.7"$/m);
  assert(!updated.includes(`v${VERSION}/`), "no url of the old version is left");
  FORMULA_TARGETS.forEach((target) => {
    const i = TARGETS.indexOf(target);
    assert(
      updated.includes(
        `/releases/download/v9.8.7/fast-intercom-mcp-v9.8.7-${target}.tar.gz"\n      sha256 "${
          hex(i + 1)
        }"`,
      ),
      `${target} has its own checksum`,
    );
  });
  // Running again with the same input changes nothing.
  assertEquals(updateFormula(updated, "9.8.7", sums), updated);
  const placeholders = updateFormula(updated, "9.9.0", null);
  assertEquals(placeholders.match(new RegExp(`sha256 "${PLACEHOLDER_SHA256}"`, "g"))?.length, 4);
});

Deno.test("update_formula names what is missing or malformed instead of writing a broken formula", () => {
  const formula = readText("packaging/homebrew/fast-intercom-mcp.rb");
  const partial = parseSums(`${"a".repeat(64)}  ${archiveName("9.8.7", "x86_64-apple-darwin")}\n`);
  assertThrows(
    () => updateFormula(formula, "9.8.7", partial),
    /SHA256SUMS has no line for fast-intercom-mcp-v9\.8\.7-aarch64-apple-darwin\.tar\.gz/,
  );
  assertThrows(
    () => parseSums("abc  file.tar.gz\n"),
    /SHA256SUMS line 1: expected "<64 hex digits> {2}<file name>"/,
  );
  assertThrows(() => updateFormula(formula, "v9.8.7", null), /without a "v", got "v9\.8\.7"/);
  assertThrows(
    () => updateFormula(formula.replace(/^\s*sha256 .*\n/m, ""), "9.8.7", null),
    /expected a url line for aarch64-apple-darwin followed by its sha256 line/,
  );
});
