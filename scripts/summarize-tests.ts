// Adds up the counts that node's test runner and Playwright printed in the saved suite logs,
// and prints one closing line: "tests: N passed, N failed".
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  const nodeRunner = (label: string) =>
    [...text.matchAll(new RegExp(`^ℹ ${label} (\\d+)$`, "gm"))].reduce((n, m) => n + Number(m[1]), 0);
  const playwright = (label: string) =>
    [...text.matchAll(new RegExp(`^\\s+(\\d+) ${label}\\b`, "gm"))].reduce((n, m) => n + Number(m[1]), 0);
  passed += nodeRunner("pass") + playwright("passed");
  failed += nodeRunner("fail") + nodeRunner("cancelled") + playwright("failed") + playwright("flaky");
  skipped += nodeRunner("skipped") + nodeRunner("todo") + playwright("skipped") + playwright("did not run");
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
