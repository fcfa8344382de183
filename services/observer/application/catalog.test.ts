// The live catalog over a file system in memory: a file added, changed, broken, removed and saved
// is taken up at the next look, and listeners hear each change once.
import assert from "node:assert/strict";
import { it } from "node:test";
import { createLogger } from "../../kit/log";
import { startCatalog } from "./catalog";
import type { CatalogChange } from "./catalog-state";
import { loadCatalog } from "./definitions";
import { readDefinitionText } from "./definition-paths";
import { fakeDefinitionFs } from "./fake-definition-fs";
import { saveDefinition } from "./save-definition";

const def = (name: string, steps = 1) =>
  `name: ${name}\ncorrelation: { key: true }\nsteps:\n${Array.from({ length: steps }, (_, i) => `  - { id: s${i}, topic: t${i}, from: a }\n`).join("")}`;
const log = createLogger("test", "error");

function catalogOn(files: Record<string, string>, paths = ["defs"]) {
  const fs = fakeDefinitionFs(files);
  const loaded = loadCatalog({
    paths: paths.flatMap((p) => (fs.stat(p)?.kind === "directory" ? fs.list(p).map((n) => `${p}/${n}`) : [p])),
    readFile: (p) => readDefinitionText(p, fs),
    topicPrefix: "",
  });
  // A look only when asked (reload): the interval is far away.
  const catalog = startCatalog({ paths, fs, fixed: loaded.fixed, initial: loaded.state, intervalMs: 3_600_000, log });
  const heard: CatalogChange[] = [];
  catalog.watch(async (c) => void heard.push(c));
  const said = () => heard.map((c) => [c.added, c.changed, c.removed].map((l) => l.map((s) => s.definition.name)));
  return { fs, catalog, said };
}

it("takes up a file added, changed, made invalid and removed, each at the next look", async () => {
  const { fs, catalog, said } = catalogOn({ "defs/a.yaml": def("alpha") });
  await catalog.reload();
  assert.deepEqual(said(), [], "the first look finds what the start read");
  fs.put("defs/b.yml", def("beta"));
  await catalog.reload();
  fs.put("defs/b.yml", def("beta", 2));
  await catalog.reload();
  fs.put("defs/b.yml", "name: beta\ncorrelation: { key: true }\nsteps: nope\n");
  await catalog.reload();
  assert.equal(catalog.find("beta")!.definition.steps.length, 2, "the last valid definition is kept");
  const b = catalog.files().files.find((f) => f.file === "defs/b.yml")!;
  assert.deepEqual([b.saga, b.valid, b.issues.map((i) => i.field)], ["beta", false, ["steps"]]);
  fs.files.delete("defs/b.yml");
  await catalog.reload();
  assert.deepEqual(said(), [
    [["beta"], [], []],
    [[], ["beta"], []],
    [[], [], ["beta"]],
  ]);
  assert.deepEqual(
    catalog.sagas().map((s) => s.definition.name),
    ["alpha"],
  );
  assert.deepEqual(
    catalog.retained().map((s) => s.definition.name),
    ["alpha", "beta"],
    "retention still sweeps it",
  );
  assert.deepEqual(
    catalog.files().files.map((f) => f.file),
    ["defs/a.yaml"],
  );
  await catalog.stop();
});

it("lists a dangling link with its problem, and never loses a saga to it", async () => {
  const { fs, catalog } = catalogOn({ "defs/a.yaml": def("alpha") });
  fs.dangling.add("defs/link.yaml");
  await catalog.reload();
  const link = catalog.files().files.find((f) => f.file === "defs/link.yaml")!;
  assert.deepEqual([link.saga, link.valid], [null, false]);
  assert.match(link.issues[0]!.message, /cannot be read: ENOENT/);
  assert.deepEqual(
    catalog.sagas().map((s) => s.definition.name),
    ["alpha"],
  );
  await catalog.stop();
});

it("keeps a directory's sagas while it cannot be listed, and says so", async () => {
  const { fs, catalog, said } = catalogOn({ "defs/a.yaml": def("alpha") });
  await catalog.reload();
  fs.unlistable.add("defs");
  await catalog.reload();
  assert.deepEqual(
    catalog.sagas().map((s) => s.definition.name),
    ["alpha"],
  );
  const dir = catalog.files().files.find((f) => f.file === "defs")!;
  assert.match(dir.issues[0]!.message, /cannot be listed/);
  assert.deepEqual(catalog.files().directories, ["defs"]);
  fs.unlistable.delete("defs");
  await catalog.reload();
  assert.deepEqual(
    catalog.files().files.map((f) => [f.file, f.valid]),
    [["defs/a.yaml", true]],
  );
  assert.deepEqual(said(), [], "no saga was removed");
  await catalog.stop();
});

it("saves into the first directory, and refuses a clash, an invalid text and no directory", async () => {
  const { fs, catalog, said } = catalogOn(
    { "defs/a.yaml": def("alpha"), "other/x.yaml": def("xray"), "more/m.yaml": def("mike") },
    ["other/x.yaml", "defs", "more"],
  );
  const save = (yaml: unknown) => saveDefinition({ catalog, fs }, { yaml });
  assert.deepEqual(await save(def("gamma")), { name: "gamma", file: "defs/gamma.yaml" });
  assert.equal(fs.files.get("defs/gamma.yaml"), def("gamma"));
  assert.deepEqual(said(), [[["gamma"], [], []]], "in the catalog when the answer comes");
  const code = (p: Promise<unknown>) =>
    p.then(
      () => "saved",
      (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
    );
  assert.equal(await code(save(def("xray"))), 'CONFLICT: "xray" is already the name of other/x.yaml');
  assert.match(await code(save("name: ../../etc\n")), /^VALIDATION_FAILED/);
  assert.match(await code(save(5)), /^VALIDATION_FAILED/);
  assert.match(await code(save("a\0b")), /^VALIDATION_FAILED/);
  fs.put("defs/delta.json", "not yet valid");
  await catalog.reload();
  assert.equal(await code(save(def("delta"))), "CONFLICT: defs/delta.json exists already");
  await catalog.stop();
  const none = catalogOn({ "one.yaml": def("one") }, ["one.yaml"]);
  assert.match(
    await code(saveDefinition({ catalog: none.catalog, fs: none.fs }, { yaml: def("two") })),
    /^CONFLICT: SAGA_DEFINITIONS names no directory/,
  );
  await none.catalog.stop();
});
