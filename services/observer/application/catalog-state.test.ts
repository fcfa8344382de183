// Which file gives which saga as the files change: the last valid definition kept, a name kept
// by whoever held it, and the change as readers see it.
import assert from "node:assert/strict";
import { it } from "node:test";
import { parseDefinition } from "../../../contracts/sagas";
import { resolveCatalog, diffCatalog, type FileRead } from "./catalog-state";
import type { WatchedSaga } from "./definitions";

const def = (name: string, steps = 1) =>
  `name: ${name}\ncorrelation: { key: true }\nsteps:\n${Array.from({ length: steps }, (_, i) => `  - { id: s${i}, topic: t${i}, from: a }\n`).join("")}`;
const parsed = parseDefinition(def("bundled"));
assert.ok(parsed.ok);
const builtIn: WatchedSaga = { definition: parsed.definition, builtIn: true, file: "built-in.yaml" };
const resolve = (reads: FileRead[], previous: readonly WatchedSaga[] = []) =>
  resolveCatalog({ fixed: [builtIn], reads, previous });
const names = (sagas: readonly WatchedSaga[]) => sagas.map((s) => `${s.definition.name}@${s.file}`);

it("gives the built-in saga first, then one per valid file in order", () => {
  const s = resolve([
    { file: "d/a.yaml", text: def("alpha") },
    { file: "d/b.yaml", text: def("beta") },
  ]);
  assert.deepEqual(names(s.sagas), ["bundled@built-in.yaml", "alpha@d/a.yaml", "beta@d/b.yaml"]);
  assert.deepEqual(
    s.files.map((f) => [f.file, f.saga, f.valid]),
    [
      ["d/a.yaml", "alpha", true],
      ["d/b.yaml", "beta", true],
    ],
  );
});

it("keeps a file's last valid definition when its text turns invalid or unreadable, and lists why", () => {
  const first = resolve([{ file: "a.yaml", text: def("alpha", 2) }]);
  const broken = resolve([{ file: "a.yaml", text: "name: Alpha\nsteps: []\n" }], first.sagas);
  assert.deepEqual(names(broken.sagas), names(first.sagas));
  assert.equal(broken.sagas[1]!.definition.steps.length, 2);
  assert.equal(broken.files[0]!.valid, false);
  assert.equal(broken.files[0]!.saga, "alpha");
  assert.ok(
    broken.files[0]!.issues.some((i) => i.field === "name"),
    JSON.stringify(broken.files[0]),
  );
  const gone = resolve([{ file: "a.yaml", unreadable: "ENOENT" }], first.sagas);
  assert.deepEqual(names(gone.sagas), names(first.sagas));
  assert.deepEqual(gone.files[0]!.issues, [{ field: "(file)", message: "cannot be read: ENOENT" }]);
  // Never valid: no saga, only its problems.
  const never = resolve([{ file: "n.yaml", text: "steps: [\n" }]);
  assert.deepEqual([never.files[0]!.saga, never.sagas.length], [null, 1]);
});

it("refuses a name already held, naming the holder; the holder keeps it whatever the order", () => {
  const first = resolve([{ file: "z.yaml", text: def("alpha") }]);
  const both = resolve(
    [
      { file: "a.yaml", text: def("alpha") },
      { file: "z.yaml", text: def("alpha") },
    ],
    first.sagas,
  );
  assert.deepEqual(names(both.sagas), ["bundled@built-in.yaml", "alpha@z.yaml"]);
  assert.deepEqual(both.files[0]!.issues, [{ field: "name", message: '"alpha" is already the name of z.yaml' }]);
  const builtInName = resolve([{ file: "o.yaml", text: def("bundled") }]);
  assert.match(builtInName.files[0]!.issues[0]!.message, /already the name of the built-in saga of built-in\.yaml/);
  // A file renamed to a name taken keeps its own saga.
  const two = resolve([
    { file: "a.yaml", text: def("alpha") },
    { file: "b.yaml", text: def("beta") },
  ]);
  const clash = resolve(
    [
      { file: "a.yaml", text: def("alpha") },
      { file: "b.yaml", text: def("alpha") },
    ],
    two.sagas,
  );
  assert.deepEqual(names(clash.sagas).slice(1), ["alpha@a.yaml", "beta@b.yaml"]);
  assert.equal(clash.files[1]!.valid, false);
});

it("says which sagas were added, changed and removed", () => {
  const before = resolve([
    { file: "a.yaml", text: def("alpha") },
    { file: "b.yaml", text: def("beta") },
  ]).sagas;
  const after = resolve(
    [
      { file: "a2.yaml", text: def("alpha") },
      { file: "b.yaml", text: def("beta", 2) },
      { file: "c.yaml", text: def("gamma") },
    ],
    before,
  ).sagas;
  const d = diffCatalog(before, after);
  assert.deepEqual(
    [d.added, d.changed, d.removed].map((l) => l.map((s) => s.definition.name)),
    [["gamma"], ["beta"], []],
  );
  const removed = diffCatalog(
    after,
    after.filter((s) => s.definition.name !== "gamma"),
  );
  assert.deepEqual(
    removed.removed.map((s) => s.definition.name),
    ["gamma"],
  );
  assert.equal(diffCatalog(after, after).changed.length, 0);
});
