// The /modes page: a race of the same orders through choreography and orchestration, what each
// service must know in each mode, and the benchmark figures (or that there are none yet).
import { existsSync } from "node:fs";
import { expect, test } from "@playwright/test";

test("a race of three orders per mode ends every saga in both modes and shows their figures", async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Modes" }).click();
  await expect(page).toHaveURL(/\/modes$/);
  await expect(page.getByRole("heading", { name: "Choreography or orchestration" })).toBeVisible();

  const status = page.getByRole("status", { name: "Race status" });
  await expect(status).toHaveText("No race run yet.");
  const settings = page.getByRole("form", { name: "Race settings" });
  await settings.getByLabel("Orders per mode").fill("3");
  await settings.getByLabel("Happy (%)").fill("40");
  await expect(settings.getByRole("alert")).toHaveText("Check the numbers: the shares add up to 80%, not 100%.");
  await expect(settings.getByRole("button", { name: "Run the race" })).toBeDisabled();
  await settings.getByLabel("Happy (%)").fill("34");
  await settings.getByLabel("Out of stock (%)").fill("33");
  await settings.getByLabel("Too few points (%)").fill("33");
  await expect(settings.getByRole("list", { name: "The orders each kind places" }).getByRole("listitem")).toHaveCount(
    3,
  );
  await settings.getByRole("button", { name: "Run the race" }).click();

  await expect(status).toHaveText("Race finished: choreography 3 of 3 ended, orchestration 3 of 3 ended.", {
    timeout: 120_000,
  });

  const results = page.getByRole("table", { name: "Race results by mode" });
  await expect(results.getByRole("columnheader")).toHaveText(["Measure", "Choreography", "Orchestration"]);
  const cells = (measure: string) => results.getByRole("row", { name: new RegExp(`^${measure}`) }).getByRole("cell");
  await expect(cells("Sagas ended / placed")).toHaveText(["3 / 3", "3 / 3"]);
  for (const measure of ["Latency p50", "Latency p95", "Latency p99", "Wall time"]) {
    await expect(cells(measure)).toHaveText([/^(<1 ms|\d+ ms|[\d.]+ s)$/, /^(<1 ms|\d+ ms|[\d.]+ s)$/]);
  }
  await expect(cells("Throughput")).toHaveText([/^[\d.]+ sagas\/s$/, /^[\d.]+ sagas\/s$/]);
  await expect(cells("Messages per saga")).toHaveText([/^\d+\.\d$/, /^\d+\.\d$/]);

  const outcomes = page.getByRole("table", { name: "Outcomes by mode" });
  for (const outcome of ["Completed", "Cancelled: out of stock", "Cancelled: insufficient balance"]) {
    await expect(outcomes.getByRole("row", { name: new RegExp(`^${outcome}`) }).getByRole("cell")).toHaveText([
      "1",
      "1",
    ]);
  }
  const orchestrated = page.getByRole("table", { name: "Compensation paths in orchestration" });
  await expect(orchestrated.getByRole("row").filter({ hasText: "stock-command (restore)" })).toHaveCount(1);
  const choreographed = page.getByRole("table", { name: "Compensation paths in choreography" });
  await expect(choreographed.getByRole("row").filter({ hasText: "stock-restore" })).toHaveCount(1);
});

test("the must-know tables show orchestration's participants on saga-reply, and the figures section is honest", async ({
  page,
}) => {
  await page.goto("/modes");
  const orchestration = page.getByRole("table", { name: "What each service must know in orchestration" });
  const stock = orchestration.getByRole("row", { name: /^Stock service/ }).getByRole("cell");
  await expect(stock).toHaveText(["stock-command", "saga-reply", /^Order service/]);
  await expect(
    orchestration
      .getByRole("row", { name: /^Order service \(orchestrator\)/ })
      .getByRole("cell")
      .first(),
  ).toHaveText("saga-reply");
  const choreography = page.getByRole("table", { name: "What each service must know in choreography" });
  await expect(choreography).not.toContainText("saga-reply");
  await expect(
    choreography
      .getByRole("row", { name: /^Balance service/ })
      .getByRole("cell")
      .nth(2),
  ).toContainText("Stock service");

  const measured = page.getByRole("region", { name: "Measured on this machine" });
  if (existsSync("docs/figures/modes.json")) {
    await expect(measured.getByRole("table", { name: "Benchmark figures by mode" }).getByRole("rowheader")).toHaveText([
      "Throughput",
      "Latency p50",
      "Latency p99",
      "CPU per saga",
      "Messages per saga",
      "Kafka time per saga",
    ]);
  } else {
    await expect(measured).toContainText("Not measured yet: there is no docs/figures/modes.json.");
    await expect(measured.getByRole("table")).toHaveCount(0);
  }
});
