// Definitions without a restart, through the web origin (attach.md): a definition saved with
// POST /api/sagas/_definitions is watched at once and listed on /sagas; a file in the definitions
// directory that is not valid shows on /sagas under "Definition problems" with its field and
// reason; a page on another site cannot save. The app's definitions directory is
// E2E_DEFINITIONS_DIR (scripts/with-infra.ts names it in SAGA_DEFINITIONS).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import type { DefinitionFiles, SagaSummary } from "../contracts/sagas";

const dir = process.env.E2E_DEFINITIONS_DIR ?? "";
const run = Date.now().toString(36);
const name = `e2e-saved-${run}`;
const yaml = (n: string) =>
  `name: ${n}\ncorrelation: { path: id }\nsteps:\n  - { id: placed, topic: e2e.${run}.orders, from: shop }\n`;
const broken = `e2e-broken-${run}.yaml`;

test.afterAll(() => {
  for (const f of [`${name}.yaml`, broken]) rmSync(join(dir, f), { force: true });
});

test("a saved definition is watched at once, and a broken file is shown with its field and reason", async ({
  page,
  request,
}) => {
  expect(dir, "E2E_DEFINITIONS_DIR (scripts/with-infra.ts --app)").not.toBe("");
  const files = (await (await request.get("/api/sagas/_definitions")).json()) as DefinitionFiles;
  expect(files.saveTo).toBe(dir);

  const crossSite = await request.post("/api/sagas/_definitions", {
    data: { yaml: yaml(`${name}-x`) },
    headers: { origin: "http://attacker.example", "sec-fetch-site": "cross-site" },
  });
  expect(crossSite.status(), "a page on another site cannot save").toBe(403);

  const saved = await request.post("/api/sagas/_definitions", { data: { yaml: yaml(name) } });
  expect(saved.status(), await saved.text()).toBe(201);
  expect(await saved.json()).toEqual({ name, file: join(dir, `${name}.yaml`) });
  const sagas = (await (await request.get("/api/sagas")).json()) as SagaSummary[];
  expect(sagas.map((s) => s.name)).toContain(name);
  const again = await request.post("/api/sagas/_definitions", { data: { yaml: yaml(name) } });
  expect(again.status()).toBe(409);

  writeFileSync(join(dir, broken), "name: Not A Name\ncorrelation: { path: id }\nsteps: []\n");
  await expect
    .poll(
      async () => {
        const f = (await (await request.get("/api/sagas/_definitions")).json()) as DefinitionFiles;
        return f.files.some((x) => x.file.endsWith(broken) && !x.valid);
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  await page.goto("/sagas");
  await expect(page.getByRole("row", { name: `Saga ${name}` })).toBeVisible();
  const problems = page.getByRole("region", { name: "Definition problems" });
  const row = problems.getByRole("row", { name: `Problem in ${join(dir, broken)}` });
  await expect(row.first()).toBeVisible();
  await expect(problems.getByRole("row").filter({ hasText: "name" }).filter({ hasText: "must match" })).toHaveCount(1);
});
