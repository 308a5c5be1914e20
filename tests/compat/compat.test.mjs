// Runs the API probe (269 raw requests recorded against real Chroma 1.3.4) against a fresh
// Chroma.Aspire server and fails on any difference that docs/compat.md does not list with a
// reason. Differences only in error message text ("MSG" lines) are reported, not failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, REPO_ROOT } from "../js/server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROBE = path.join(HERE, "probe-api.mjs");
const GOLDEN = path.join(HERE, "golden", "probe-chroma-1.3.4.json");
const COMPAT_DOC = path.join(REPO_ROOT, "docs", "compat.md");

/** Case names listed in docs/compat.md: table rows "| `case.name` | reason |". */
export function listedDifferences(markdown) {
  const listed = new Map();
  for (const line of markdown.split("\n")) {
    const m = /^\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (m && m[2].length > 0) listed.set(m[1], m[2]);
  }
  return listed;
}

function runProbe(url, outPath) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROBE, url, outPath, "--compare", GOLDEN], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

test("docs/compat.md lists each difference with a reason", () => {
  const listed = listedDifferences(fs.readFileSync(COMPAT_DOC, "utf8"));
  const golden = new Set(JSON.parse(fs.readFileSync(GOLDEN, "utf8")).cases.map((c) => c.name));
  assert.ok(listed.size > 0, "docs/compat.md lists no difference");
  for (const name of listed.keys()) assert.ok(golden.has(name), `docs/compat.md lists ${name}, which is not a probe case`);
});

test("API probe matches real Chroma 1.3.4 except for the documented differences", { timeout: 600_000 }, async () => {
  const server = await startServer({ allowReset: true });
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "chroma-probe-"));
  try {
    const { code, stdout, stderr } = await runProbe(server.url, path.join(outDir, "ours.json"));
    const summary = stdout.trim().split("\n").pop();
    console.log(summary);
    assert.match(summary ?? "", /\d+\/\d+ identical/, `the probe did not finish:\n${stdout}\n${stderr}\n${server.log.join("")}`);

    const listed = listedDifferences(fs.readFileSync(COMPAT_DOC, "utf8"));
    const blocks = stdout.split(/\n(?=DIFF |MSG  |\d+\/\d+ identical)/);
    const unexpected = [];
    const diffNames = new Set();
    for (const block of blocks) {
      const m = /^DIFF (\S+)/.exec(block);
      if (!m) continue;
      diffNames.add(m[1]);
      if (!listed.has(m[1])) unexpected.push(block);
    }
    const fixed = [...listed.keys()].filter((name) => !diffNames.has(name));
    if (fixed.length > 0) console.log(`listed in docs/compat.md but now identical to real Chroma: ${fixed.join(", ")}`);
    assert.equal(code === 0, diffNames.size === 0, `probe exit code ${code} disagrees with ${diffNames.size} DIFF lines`);
    assert.deepEqual(unexpected, [], `${unexpected.length} undocumented difference(s) from real Chroma:\n${unexpected.join("\n")}`);
  } finally {
    await server.stop();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});
