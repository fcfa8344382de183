// A watched saga's page is live without polling (issue 27): /sagas/bank-transfer is opened, a
// record of a new transfer is published straight to the app's cluster, and its row and the
// running count appear, a dot runs along the step's lines, with no read of the saga or its
// instances in between (the bridge pushed them). Then its journey page takes its next record live.
import { expect, test, type Request } from "@playwright/test";
import type { HealthView } from "../contracts/api";
import type { SagaDetail } from "../contracts/sagas";
import { createExampleTopics } from "../examples/bank-transfer/publish";
import { connectProducer, createKafka, kafkaConnectionSchema } from "../services/kit/kafka/client";

const SAGA = "bank-transfer";

test("a watched saga's page shows a new record without asking the API again", async ({ page, request }) => {
  test.setTimeout(90_000);
  expect((await request.get(`/api/sagas/${SAGA}`)).status(), `the app watches ${SAGA} (SAGA_DEFINITIONS)`).toBe(200);
  const health = (await (await request.get("/api/health")).json()) as HealthView;
  const saga = (await (await request.get(`/api/sagas/${SAGA}`)).json()) as SagaDetail;
  const transfers = saga.steps.find((s) => s.id === "transfer-requested")!.topic;
  const kafka = createKafka(kafkaConnectionSchema.parse({ KAFKA_BROKERS: health.kafka.brokers.join(",") }), "e2e-live");
  await createExampleTopics(kafka, [transfers, saga.steps.find((s) => s.id === "credit-applied")!.topic]);
  const producer = await connectProducer(kafka);
  try {
    await page.goto(`/sagas/${SAGA}`);
    const instances = page.getByRole("region", { name: "Instances" });
    await expect(instances.getByRole("heading", { name: "Instances" })).toBeVisible();
    await expect(page.getByRole("region", { name: `Map of ${SAGA}` })).toHaveAttribute("aria-busy", "false");
    const running = async () =>
      Number((await page.getByRole("group", { name: /^Running: \d+$/ }).getAttribute("aria-label"))!.split(": ")[1]);
    await expect(page.getByRole("group", { name: /^Running: \d+$/ })).toBeVisible();
    // The page has loaded and joined its room (the socket connects with the page).
    await page.waitForFunction(() => document.readyState === "complete");
    const before = await running();

    const reads: string[] = [];
    const onRequest = (r: Request) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith(`/api/sagas/${SAGA}`)) reads.push(path);
    };
    page.on("request", onRequest);
    const id = `live-${Date.now().toString(36)}`;
    await producer.send({
      topic: transfers,
      messages: [{ key: id, value: JSON.stringify({ transferId: id, type: "TransferRequested", amount: 5 }) }],
    });
    await expect(instances.getByRole("row", { name: `Instance ${id}: Running` })).toBeVisible({ timeout: 15_000 });
    // At least this one: another spec may publish to the same example saga meanwhile (2 workers).
    await expect.poll(running).toBeGreaterThan(before);
    // The dot of the push ran along transfer-requested's lines.
    await expect(
      page
        .getByRole("region", { name: `Map of ${SAGA}` })
        .locator("circle animateMotion")
        .first(),
    ).toBeAttached();
    page.off("request", onRequest);
    expect(reads, "no read of the saga or its instances: the row and the count were pushed").toEqual([]);

    // Its journey follows it live: the next record appears on the open page.
    await instances.getByRole("link", { name: id }).click();
    await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}/instances/${id}$`));
    const records = page.getByRole("region", { name: "Records" }).locator("details");
    await expect(records).toHaveCount(1);
    await producer.send({
      topic: transfers,
      messages: [{ key: id, value: JSON.stringify({ transferId: id, type: "TransferCompleted" }) }],
    });
    await expect(records).toHaveCount(2, { timeout: 15_000 });
    await expect(page.getByRole("status", { name: "Instance status: Completed" })).toBeVisible();
  } finally {
    await producer.disconnect();
  }
});
