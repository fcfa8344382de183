// A saga SagaScope did not write (examples/bank-transfer, given to the app in SAGA_DEFINITIONS):
// its transfers published straight to the cluster the app reads, then followed on the pages of
// attach.md: the list of sagas, the saga's instances (stuck first, filtered by status) and one
// instance's journey with its records (headers included, and in the JSON download); then a
// completed and a compensated instance compared, from the list and from an instance's page.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import type { SagaInstanceView } from "../contracts/sagas";
import { transferId } from "../examples/bank-transfer/transfers";
import { BANK_SAGA, publishBankRun } from "./fixtures/bankRun";

const SAGA = BANK_SAGA;

const rowStatuses = (page: Page) =>
  page
    .getByRole("region", { name: "Instances" })
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label")!.split(": ").pop()));

test("a watched saga's instances, stuck first, and one instance's journey with its records", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  expect((await request.get(`/api/sagas/${SAGA}`)).status(), `the app watches ${SAGA} (SAGA_DEFINITIONS)`).toBe(200);
  const run = await publishBankRun(request, 20, "e2e");
  const id = (i: number) => transferId(run, i);

  await page.goto("/sagas");
  await expect(page.getByRole("row", { name: "Saga orders" })).toContainText("built-in");
  await page
    .getByRole("row", { name: `Saga ${SAGA}` })
    .getByRole("link", { name: "Bank transfer" })
    .click();
  await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}$`));

  const instances = page.getByRole("region", { name: "Instances" });
  await expect(instances.getByRole("row", { name: `Instance ${id(0)}: Completed` })).toBeVisible();
  await expect(instances.getByRole("row", { name: `Instance ${id(12)}: Failed` })).toBeVisible();
  await expect(instances.getByRole("row", { name: `Instance ${id(18)}: Running` })).toBeVisible();
  // The definition's timeoutMs (20 s) after its last record, #18 is stuck, and listed before every instance that is not.
  await expect(instances.getByRole("row", { name: `Instance ${id(18)}: Stuck` })).toBeVisible({ timeout: 45_000 });
  const statuses = await rowStatuses(page);
  expect(statuses.indexOf("Stuck")).toBe(0);
  expect(statuses.lastIndexOf("Stuck")).toBeLessThan(statuses.findIndex((s) => s !== "Stuck"));

  await expect(page.getByRole("group", { name: /^Stuck: [1-9]/ })).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Missing topics: none" })).toBeVisible();
  await expect(page.getByRole("listitem", { name: /^Unmatched records: [1-9]/ })).toBeVisible();
  await expect(page.getByRole("listitem", { name: /^Uncorrelated records: ([2-9]|\d{2,})$/ })).toBeVisible();
  await expect(
    page.getByRole("group", {
      name: /^insufficient-funds \(failure\): bank\.\S+, from Debit bank to Transfer API, [1-9]\d* records$/,
    }),
  ).toBeAttached();

  await instances.getByLabel("Status").selectOption("COMPENSATED");
  await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}\\?status=COMPENSATED$`));
  await expect(instances.getByRole("row", { name: `Instance ${id(15)}: Compensated` })).toBeVisible();
  await expect(instances.getByRole("row", { name: `Instance ${id(0)}: Completed` })).toHaveCount(0);
  expect(new Set(await rowStatuses(page))).toEqual(new Set(["Compensated"]));

  // #15: reserved, the credit bank refused, the funds released, the transfer cancelled.
  await instances.getByRole("link", { name: id(15) }).click();
  await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}/instances/${id(15)}$`));
  await expect(page.getByRole("status", { name: "Instance status: Compensated" })).toBeVisible();
  const names = ["transfer-requested", "funds-reserved", "credit-rejected", "funds-released", "transfer-cancelled"];
  const records = page.getByRole("region", { name: "Records" }).locator("details");
  await expect(records).toHaveCount(5);
  for (const [i, name] of names.entries()) {
    await expect(records.nth(i)).toHaveAttribute("aria-label", `Record ${i + 1}: ${name}`);
    await expect(
      page.getByRole("region", { name: "Timeline" }).getByLabel(new RegExp(`^Record ${i + 1} ${name}: at \\+`)),
    ).toBeVisible();
  }
  await expect(page.getByRole("group", { name: "credit-rejected (failure): step 3, taken" })).toBeAttached();
  await expect(page.getByRole("group", { name: "insufficient-funds (failure): not taken" })).toBeAttached();
  await records.nth(2).locator("summary").click();
  await expect(page.getByLabel("Value of record 3")).toContainText(`"transferId": "${id(15)}"`);
  await expect(page.getByLabel("Value of record 3")).toContainText(`"type": "CreditRejected"`);
  await expect(records.nth(2)).toContainText("acc-15");
  // Its headers, as the credit bank published them, beside its key and value; the debit bank's on record 2.
  const headers3 = page.getByRole("table", { name: "Headers of record 3" });
  await expect(headers3.getByRole("rowheader", { name: "x-producer" })).toBeVisible();
  await expect(headers3.getByRole("cell", { name: "credit-bank", exact: true })).toBeVisible();
  await records.nth(1).locator("summary").click();
  await expect(
    page.getByRole("table", { name: "Headers of record 2" }).getByRole("cell", { name: "debit-bank", exact: true }),
  ).toBeVisible();
  // The timeline says each step's time from the start and after the one before.
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline.getByLabel(/^Record 1 transfer-requested: /)).toContainText("the start · first record");
  await expect(timeline.getByLabel(/^Record 3 credit-rejected: /)).toContainText(
    /\+\S+ (ms|s) from the start · \S+ (ms|s) after #2/,
  );

  // Download JSON is the API's answer, headers included.
  const downloading = page.waitForEvent("download");
  await page.getByRole("group", { name: "Export" }).getByRole("button", { name: "Download JSON" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${SAGA}-${id(15)}.json`);
  const saved = JSON.parse(await readFile(await download.path(), "utf8")) as SagaInstanceView;
  expect(saved.steps.map((r) => [r.step, r.headers["x-producer"]])).toEqual([
    ["transfer-requested", "debit-bank"],
    ["funds-reserved", "debit-bank"],
    ["credit-rejected", "credit-bank"],
    ["funds-released", "debit-bank"],
    ["transfer-cancelled", "debit-bank"],
  ]);
});

/** What the compare page of a completed instance (A) and a compensated one (B) must show. */
async function expectCompletedBesideCompensated(page: Page, a: string, b: string) {
  await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}/compare\\?a=${a}&b=${b}$`));
  await expect(page.getByRole("region", { name: "Instance A" }).getByText("Completed", { exact: true })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Instance B" }).getByText("Compensated", { exact: true }),
  ).toBeVisible();
  await expect(page.getByLabel("Path of instance A")).toContainText(
    "path: transfer-requested → funds-reserved → credit-applied → transfer-completed",
  );
  await expect(page.getByLabel("Path of instance B")).toContainText(
    "path: transfer-requested → funds-reserved → credit-rejected → funds-released → transfer-cancelled",
  );
  await expect(page.getByRole("status", { name: "Path divergence" })).toHaveText(
    "The paths part after funds-reserved: A took credit-applied → transfer-completed, B took credit-rejected → funds-released → transfer-cancelled.",
  );
  const steps = page.getByRole("table", { name: "Steps of instance A and instance B" }).getByRole("row");
  await expect(steps).toHaveCount(8);
  const labels = await steps.evaluateAll((rows) => rows.slice(1).map((r) => r.getAttribute("aria-label")));
  expect(labels.map((l) => l!.replace(/: (same time|[AB] later by .+)$/, ": matched"))).toEqual([
    "transfer-requested: matched",
    "funds-reserved: matched",
    "credit-applied: only A, the paths part here",
    "transfer-completed: only A",
    "credit-rejected: only B",
    "funds-released: only B",
    "transfer-cancelled: only B",
  ]);
  await expect(steps.filter({ hasText: "the paths part here" })).toHaveCount(1);
}

test("a completed and a compensated instance compared, from the instance list and from an instance", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const run = await publishBankRun(request, 20, "e2e");
  const id = (i: number) => transferId(run, i);

  await page.goto(`/sagas/${SAGA}`);
  const instances = page.getByRole("region", { name: "Instances" });
  await expect(instances.getByRole("row", { name: `Instance ${id(15)}: Compensated` })).toBeVisible();
  await expect(instances.getByRole("row", { name: `Instance ${id(0)}: Completed` })).toBeVisible();
  const compare = instances.getByRole("group", { name: "Compare instances" }).getByRole("button", { name: "Compare" });
  await expect(compare).toBeDisabled();
  await instances.getByRole("checkbox", { name: `Tick instance ${id(0)} to compare` }).check();
  await instances.getByRole("checkbox", { name: `Tick instance ${id(15)} to compare` }).check();
  await expect(instances.getByRole("status", { name: "Instances ticked" })).toHaveText(
    "2 instances ticked: compare them side by side.",
  );
  await compare.click();
  await expectCompletedBesideCompensated(page, id(0), id(15));

  // The same view from the completed instance's page, through "Compare with…".
  await page.getByRole("region", { name: "Instance A" }).getByRole("link", { name: "Open the instance" }).click();
  await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}/instances/${id(0)}$`));
  await page.getByRole("button", { name: "Compare with…" }).click();
  await page.getByLabel("Other instance").selectOption(id(15));
  await page
    .getByRole("group", { name: "Compare", exact: true })
    .getByRole("button", { name: "Compare", exact: true })
    .click();
  await expectCompletedBesideCompensated(page, id(0), id(15));

  // The URL is the view: opened afresh, it shows the same comparison.
  await page.goto(`/sagas/${SAGA}/compare?a=${id(0)}&b=${id(15)}`);
  await expectCompletedBesideCompensated(page, id(0), id(15));
});
