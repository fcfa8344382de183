// A saga SagaScope did not write (examples/bank-transfer, given to the app in SAGA_DEFINITIONS):
// its transfers published straight to the cluster the app reads, then followed on the pages of
// attach.md: the list of sagas, the saga's instances (stuck first, filtered by status) and one
// instance's journey with its records.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type { HealthView } from "../contracts/api";
import type { SagaDetail } from "../contracts/sagas";
import { createExampleTopics, publishTransfers } from "../examples/bank-transfer/publish";
import { transferId } from "../examples/bank-transfer/transfers";
import { connectProducer, createKafka, kafkaConnectionSchema } from "../services/kit/kafka/client";

const SAGA = "bank-transfer";

/** Publishes transfers 0-19 of a new run (12 completed, 3 refused, 3 compensated, #18 left stuck, #19 malformed) to the app's cluster. */
async function publishRun(request: APIRequestContext): Promise<string> {
  const health = (await (await request.get("/api/health")).json()) as HealthView;
  const saga = (await (await request.get(`/api/sagas/${SAGA}`)).json()) as SagaDetail;
  const topicOf = (step: string) => saga.steps.find((s) => s.id === step)!.topic;
  const topics = { transfers: topicOf("transfer-requested"), ledger: topicOf("credit-applied") };
  const kafka = createKafka(kafkaConnectionSchema.parse({ KAFKA_BROKERS: health.kafka.brokers.join(",") }), "e2e-bank-transfer");
  await createExampleTopics(kafka, Object.values(topics));
  const producer = await connectProducer(kafka);
  const run = `e2e${Date.now().toString(36)}`;
  try {
    await publishTransfers({ producer, topics, run, count: 20, rate: 0 });
  } finally {
    await producer.disconnect();
  }
  return run;
}

const rowStatuses = (page: Page) =>
  page.getByRole("region", { name: "Instances" }).locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label")!.split(": ").pop()));

test("a watched saga's instances, stuck first, and one instance's journey with its records", async ({ page, request }) => {
  test.setTimeout(120_000);
  expect((await request.get(`/api/sagas/${SAGA}`)).status(), `the app watches ${SAGA} (SAGA_DEFINITIONS)`).toBe(200);
  const run = await publishRun(request);
  const id = (i: number) => transferId(run, i);

  await page.goto("/sagas");
  await expect(page.getByRole("row", { name: "Saga orders" })).toContainText("built-in");
  await page.getByRole("row", { name: `Saga ${SAGA}` }).getByRole("link", { name: "Bank transfer" }).click();
  await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}$`));

  const instances = page.getByRole("region", { name: "Instances" });
  await expect(instances.getByRole("row", { name: `Instance ${id(0)}: Completed` })).toBeVisible();
  await expect(instances.getByRole("row", { name: `Instance ${id(12)}: Cancelled` })).toBeVisible();
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
  await expect(page.getByRole("group", { name: /^insufficient-funds \(failure\): bank\.\S+, from Debit bank to Transfer API, [1-9]\d* records$/ })).toBeAttached();

  await instances.getByLabel("Status").selectOption("CANCELLED");
  await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}\\?status=CANCELLED$`));
  await expect(instances.getByRole("row", { name: `Instance ${id(15)}: Cancelled` })).toBeVisible();
  await expect(instances.getByRole("row", { name: `Instance ${id(0)}: Completed` })).toHaveCount(0);
  expect(new Set(await rowStatuses(page))).toEqual(new Set(["Cancelled"]));

  // #15: reserved, the credit bank refused, the funds released, the transfer cancelled.
  await instances.getByRole("link", { name: id(15) }).click();
  await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}/instances/${id(15)}$`));
  await expect(page.getByRole("status", { name: "Instance status: Cancelled" })).toBeVisible();
  const names = ["transfer-requested", "funds-reserved", "credit-rejected", "funds-released", "transfer-cancelled"];
  const records = page.getByRole("region", { name: "Records" }).locator("details");
  await expect(records).toHaveCount(5);
  for (const [i, name] of names.entries()) {
    await expect(records.nth(i)).toHaveAttribute("aria-label", `Record ${i + 1}: ${name}`);
    await expect(page.getByRole("region", { name: "Timeline" }).getByLabel(new RegExp(`^Record ${i + 1} ${name}: at \\+`))).toBeVisible();
  }
  await expect(page.getByRole("group", { name: "credit-rejected (failure): step 3, taken" })).toBeAttached();
  await expect(page.getByRole("group", { name: "insufficient-funds (failure): not taken" })).toBeAttached();
  await records.nth(2).locator("summary").click();
  await expect(page.getByLabel("Value of record 3")).toContainText(`"transferId": "${id(15)}"`);
  await expect(page.getByLabel("Value of record 3")).toContainText(`"type": "CreditRejected"`);
  await expect(records.nth(2)).toContainText("acc-15");
});
