// The observer is generic (issue 25): the built-in saga is an extension in
// services/observer/built-in/, registered in main.ts, and no other file of the observer names it
// (its saga, its definition file, its constants) or reaches into its folder.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { it } from "node:test";

const OBSERVER = "services/observer";
const EXTENSION = join(OBSERVER, "built-in");
const REGISTRY = join(OBSERVER, "main.ts");

const NAMES_IT: { what: string; re: RegExp }[] = [
  { what: "the saga's name", re: /["'`/]orders["'`/]/ },
  { what: "its definition file", re: /orders\.json/ },
  { what: "its constants", re: /\bBUILT_IN_(NAME|FILE)\b/ },
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === EXTENSION || e.name === "generated" ? [] : files(path);
    return /\.(ts|tsx|json)$/.test(e.name) ? [path] : [];
  });
}

it("keeps every file of the observer but its built-in extension free of the built-in saga", () => {
  const generic = files(OBSERVER);
  assert.ok(generic.length > 30, "the observer's files are read");
  const found = generic.flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    const named = NAMES_IT.flatMap(({ what, re }) => {
      const n = lines.findIndex((l) => re.test(l));
      return n < 0 ? [] : [`${file}:${n + 1}: names ${what}: ${lines[n]!.trim()}`];
    });
    const reaches = file !== REGISTRY && /from "\.{1,2}\/(\.\.\/)*built-in\//.test(text);
    return reaches
      ? [...named, `${relative(".", file)}: imports the built-in extension (only main.ts registers it)`]
      : named;
  });
  assert.deepEqual(found, []);
});

it("registers the built-in extension in main.ts", () => {
  assert.match(readFileSync(REGISTRY, "utf8"), /from "\.\/built-in\/extension"/);
});
