// Issue 27's "Done when", as a new user would: the Java example (examples/kafka-streams-saga) runs
// on topics no definition names (a prefix of this run's own), the user opens /sagas, adds a saga,
// picks the example's three topics, lets discovery propose a definition, checks it in the editor,
// saves it and sees its instances on /sagas/:name; then types an order id from the example in the
// header's search box and lands on that order's journey.
import { expect, test, type Page } from "@playwright/test";
import type { HealthView } from "../contracts/api";
import type { SagaDetail, SagaSummary } from "../contracts/sagas";
import { runExample } from "../examples/kafka-streams-saga/run";

const TOPICS = ["orders", "payment-orders", "stock-orders"];

/** The header's box: one result opens its page; several are listed on /search, where this saga's is picked. */
async function searchFor(page: Page, id: string, saga: string): Promise<void> {
  const box = page.getByRole("search").getByRole("searchbox", { name: "Find an id in every saga" });
  await box.fill(id);
  await box.press("Enter");
  const journey = new RegExp(`/sagas/${saga}/instances/${id}(\\?run=\\d+)?$`);
  await expect(page).toHaveURL(new RegExp(`${journey.source}|/search\\?q=${id}$`));
  if (!journey.test(page.url()))
    await page
      .getByRole("region", { name: "Search results" })
      .getByRole("row", { name: `${saga} ${id}`, exact: true })
      .getByRole("link")
      .click();
  await expect(page).toHaveURL(journey);
}

test("a new user proposes the Java saga from its topics, saves it, sees its instances and finds an order by id", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const run = Date.now().toString(36);
  const prefix = `new${run}-`;
  const name = `java-orders-${run}`;
  const health = (await (await request.get("/api/health")).json()) as HealthView;
  const { code, summary } = await runExample(
    { brokers: health.kafka.brokers.join(","), count: 100, rate: 0, prefix },
    () => undefined,
  );
  expect(code, summary?.problem ?? "the jar's summary").toBe(0);
  const watched = (await (await request.get("/api/sagas")).json()) as SagaSummary[];
  expect(
    watched.flatMap((s) => s.steps.filter((st) => st.topic.startsWith(prefix))),
    "no definition reads the example's topics",
  ).toEqual([]);

  await page.goto("/sagas");
  await page.getByRole("link", { name: "Add a saga" }).click();
  await expect(page).toHaveURL(/\/sagas\/new$/);
  const topics = page.getByRole("region", { name: "Topics" });
  // The prefix also begins the Kafka Streams application's own topics: the three are picked by exact name.
  await topics.getByLabel("Filter topics").fill(prefix);
  for (const t of TOPICS) await topics.getByRole("checkbox", { name: `${prefix}${t}`, exact: true }).check();
  for (const t of TOPICS) await expect(topics.getByLabel("Chosen topics")).toContainText(`${prefix}${t}`);
  await page.getByRole("button", { name: "Propose" }).click();

  // The evidence: the topics' records read, the key (a long) proposed, each step with records.
  const evidence = page.getByRole("region", { name: "Evidence" });
  await expect(evidence).toBeVisible({ timeout: 60_000 });
  await expect(evidence.getByLabel("Sample", { exact: true })).toContainText(`${prefix}orders`);
  const best = evidence
    .getByRole("table", { name: /Correlation candidates/ })
    .getByRole("row")
    .nth(1);
  await expect(best).toContainText("the record key");
  const steps = evidence.getByRole("table", { name: "Proposed steps" }).getByRole("row", { name: /^Step / });
  expect(await steps.count()).toBeGreaterThanOrEqual(TOPICS.length);
  await expect(evidence.getByRole("row", { name: /: 0 sampled records$/ })).toHaveCount(0);
  await expect(page.getByRole("region", { name: /^Map of / })).toHaveAttribute("aria-busy", "false");

  // The editor checks as the user types, and undoes.
  const editor = page.getByRole("textbox", { name: "Definition (YAML)" });
  const valid = page.getByText("No problems: this definition can be saved.");
  await expect(valid).toBeVisible();
  await editor.click();
  // The YAML ends with a newline: the last line is empty, a new top-level key goes there.
  await page.keyboard.press("Control+End");
  await page.keyboard.type("bogusField: 1");
  await expect(
    page
      .getByRole("list", { name: "Problems in the definition" })
      .getByRole("listitem")
      .filter({ hasText: "bogusField" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect(page.getByRole("status").filter({ hasText: "last valid version" })).toBeVisible();
  await expect(async () => {
    if (!(await valid.isVisible())) await page.keyboard.press("Control+z");
    await expect(valid).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  // A name another saga has is refused beside the name; then the user's own.
  const nameBox = page.getByLabel("Saga name");
  await nameBox.fill("orders");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(nameBox).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#saga-name-problem")).toContainText("orders");
  await nameBox.fill(name);
  // The name went into the YAML, which the map is drawn from (the editor shows only the lines in view).
  await expect(page.getByRole("region", { name: `Map of ${name}` })).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(new RegExp(`/sagas/${name}$`), { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const instances = page.getByRole("region", { name: "Instances" });
  await expect(instances.getByRole("row", { name: /^Instance \d+/ }).first()).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(
      async () => {
        const d = (await (await request.get(`/api/sagas/${name}`)).json()) as SagaDetail;
        return Object.values(d.counts).reduce((n, v) => n + v, 0);
      },
      { timeout: 30_000 },
    )
    .toBe(summary!.orders);

  // Where is order 17? (ids start at 1 in every run of the example)
  const id = String(Math.min(17, summary!.orders));
  await searchFor(page, id, name);
  await expect(page.getByRole("status", { name: /^Instance status: / })).toBeVisible();
  await expect(page.getByRole("region", { name: "Records" })).toContainText(`${prefix}orders`);
});
