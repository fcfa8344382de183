// SAGA_DEFINITIONS' names expanded to files, and one file read with its refusals.
import assert from "node:assert/strict";
import { it } from "node:test";
import {
  expandDefinitionPaths,
  MAX_DEFINITION_BYTES,
  MAX_FILES_PER_DIRECTORY,
  readDefinitionText,
} from "./definition-paths";
import { fakeDefinitionFs } from "./fake-definition-fs";

it("keeps named files, takes a directory's yaml, yml and json files in name order, each file once", () => {
  const fs = fakeDefinitionFs({
    "defs/b.yaml": "b",
    "defs/a.JSON": "a",
    "defs/c.yml": "c",
    "defs/notes.txt": "x",
    "defs/.b.yaml.1234.tmp": "tmp",
    "defs/.hidden.yaml": "h",
    "defs/sub/d.yaml": "d",
    "one.yaml": "o",
  });
  assert.deepEqual(expandDefinitionPaths(["one.yaml", "defs", "defs/b.yaml", "missing.yaml"], fs), {
    directories: ["defs"],
    files: ["one.yaml", "defs/a.JSON", "defs/b.yaml", "defs/c.yml", "missing.yaml"],
    leftOut: [],
    unlisted: [],
  });
});

it("leaves out a directory's files past the limit, and names them", () => {
  const many = Object.fromEntries(
    Array.from({ length: MAX_FILES_PER_DIRECTORY + 2 }, (_, i) => [`d/${String(i).padStart(4, "0")}.yaml`, "x"]),
  );
  const out = expandDefinitionPaths(["d"], fakeDefinitionFs(many));
  assert.equal(out.files.length, MAX_FILES_PER_DIRECTORY);
  assert.deepEqual(
    out.leftOut,
    [MAX_FILES_PER_DIRECTORY, MAX_FILES_PER_DIRECTORY + 1].map((i) => `d/${String(i).padStart(4, "0")}.yaml`),
  );
});

it("refuses a directory, a file too large, NUL bytes and a file that cannot be read, each with why", () => {
  const fs = fakeDefinitionFs({
    "d/x.yaml/inner.yaml": "a directory named like a file",
    "big.yaml": `name: x\n#${"a".repeat(MAX_DEFINITION_BYTES)}`,
    "nul.yaml": "name: a\0b\n",
    "ok.yaml": "name: ok\n",
  });
  const why = (file: string) => {
    try {
      readDefinitionText(file, fs);
    } catch (err) {
      return (err as Error).message;
    }
    return "read";
  };
  assert.equal(why("d/x.yaml"), "is a directory, not a file");
  assert.equal(why("big.yaml"), "is larger than 256 KiB");
  assert.equal(why("nul.yaml"), "holds NUL bytes: not a text file");
  assert.match(why("gone.yaml"), /ENOENT/);
  assert.equal(why("ok.yaml"), "read");
});
