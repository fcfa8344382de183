// Imports go one way (issue 25): no module of services/, contracts/, shared/ or server/ reaches
// itself again through others, type-only imports included (the lint rule import-x/no-cycle
// skips those; madge reads them). Prisma's generated clients are left out.
import assert from "node:assert/strict";
import { it } from "node:test";
import madge from "madge";

it("has no circle of imports in services/, contracts/, shared/ or server/", async () => {
  const graph = await madge(["services", "contracts", "shared", "server"], {
    fileExtensions: ["ts", "tsx"],
    tsConfig: "tsconfig.json",
    excludeRegExp: [/[\\/]generated[\\/]/, /\.test\.ts$/],
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  assert.ok(Object.keys(graph.obj()).length > 150, "the graph reads the tree");
  assert.deepEqual(graph.circular(), []);
});
