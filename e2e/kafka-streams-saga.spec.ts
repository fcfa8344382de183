// A Kafka Streams saga SagaScope did not write (examples/kafka-streams-saga, in SAGA_DEFINITIONS):
// the Java example run against the app's cluster, then a rolled-back order's journey read on its
// page as a person would: the rows in causal order (the order, both parallel replies, then the
// rollback that shares its millisecond with the later reply, which triggered the join, drawn
// "<1 ms" after that reply and not before it), each reply in its branch's lane, the key as the id.
import { expect, test } from "@playwright/test";
import type { HealthView } from "../contracts/api";
import type { SagaInstanceSummary, SagaInstanceView } from "../contracts/sagas";
import { runExample } from "../examples/kafka-streams-saga/run";

const SAGA = "kafka-streams-orders";

test("a rolled-back order of the Java saga reads in causal order, its ending after the reply it shares a millisecond with", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  expect((await request.get(`/api/sagas/${SAGA}`)).status(), `the app watches ${SAGA} (SAGA_DEFINITIONS)`).toBe(200);
  const health = (await (await request.get("/api/health")).json()) as HealthView;
  const { code, summary } = await runExample(
    { brokers: health.kafka.brokers.join(","), count: 10, rate: 0 },
    () => undefined,
  );
  expect(code, summary?.problem ?? "the jar's summary").toBe(0);

  const compensated = await expect
    .poll(
      async () =>
        ((await (await request.get(`/api/sagas/${SAGA}/instances?status=COMPENSATED`)).json()) as SagaInstanceSummary[])
          .length,
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(summary!.endings.COMPENSATED)
    .then(
      async () =>
        (
          (await (await request.get(`/api/sagas/${SAGA}/instances?status=COMPENSATED`)).json()) as SagaInstanceSummary[]
        )[0]!,
    );
  const view = (await (
    await request.get(`/api/sagas/${SAGA}/instances/${compensated.id}?run=${compensated.run}`)
  ).json()) as SagaInstanceView;
  const names = view.steps.map((s) => s.step!);
  expect(names[0]).toBe("order-new");
  expect(names.at(-1)).toMatch(/^rollback-(payment|stock)$/);
  expect(names).toHaveLength(4);
  expect(
    names
      .slice(1, 3)
      .map((n) => n.split("-")[0])
      .sort(),
    "both parallel replies",
  ).toEqual(["payment", "stock"]);
  expect(
    names.slice(1, 3).filter((n) => n.endsWith("-rejected")),
    "one of them refused",
  ).toHaveLength(1);
  const trigger = names.length - 2;
  expect(view.steps[trigger]!.at, "the rollback carries its triggering reply's timestamp").toBe(view.steps.at(-1)!.at);

  await page.goto(`/sagas/${SAGA}?status=COMPENSATED`);
  const instances = page.getByRole("region", { name: "Instances" });
  await instances
    .getByRole("row", { name: `Instance ${compensated.id} run ${compensated.run}: Compensated` })
    .getByRole("link", { name: compensated.id })
    .click();
  await expect(page).toHaveURL(new RegExp(`/sagas/${SAGA}/instances/${compensated.id}\\?run=${compensated.run}$`));
  await expect(page.getByRole("status", { name: "Instance status: Compensated" })).toBeVisible();
  const timeline = page.getByRole("region", { name: "Timeline" });
  for (const [i, name] of names.entries())
    await expect(timeline.getByLabel(new RegExp(`^Record ${i + 1} ${name}: at \\+`))).toBeVisible();
  const last = timeline.getByLabel(new RegExp(`^Record ${names.length} ${names.at(-1)}: `));
  await expect(last).toContainText(`<1 ms after #${trigger + 1}`);
  await expect(
    timeline.getByLabel(new RegExp(`^Record ${trigger + 1} `)).getByLabel(/^branch (payment|stock)$/),
  ).toBeVisible();
  const records = page.getByRole("region", { name: "Records" }).locator("details");
  await expect(records).toHaveCount(names.length);
  for (const [i, name] of names.entries())
    await expect(records.nth(i)).toHaveAttribute("aria-label", `Record ${i + 1}: ${name}`);
  await expect(page.getByRole("region", { name: "Records" })).toContainText(compensated.id);
});
