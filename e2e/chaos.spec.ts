// Faults on demand, driven from the dashboard as an operator would: crash a service under load
// and watch it go down and come back while every order finishes; pause one and watch its orders
// time out and be undone; set and clear a fault; poison a topic; re-publish a dead letter once
// its cause is gone; publish a duplicate from a journey. Runs alone, after the other e2e tests.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SERVICES } from "../contracts/topics";
import { catalogue, plentiful, richAndPoor } from "./fixtures";

async function postOrder(request: APIRequestContext, userId: string, productId: string, quantity = 1): Promise<string> {
  const r = await request.post("/api/orders", { data: { userId, items: [{ productId, quantity }] } });
  expect(r.status()).toBe(202);
  return ((await r.json()) as { orderId: string }).orderId;
}

/** Opens the saga map and the chaos card of a service, once the panel says it is up. */
async function chaosCard(page: Page, service: string) {
  await page.goto("/saga");
  const card = page.getByRole("region", { name: `Chaos controls of the ${service} service` });
  await expect(card.getByTestId(`health-${service}`)).toHaveText("up");
  return card;
}

async function order(
  request: APIRequestContext,
  id: string,
): Promise<{ status: string; reason: string | null; steps: { topic: string }[] }> {
  return (await request.get(`/api/orders/${id}`)).json();
}

test.afterEach(async ({ request }) => {
  for (const s of SERVICES) expect((await request.delete(`/api/admin/faults/${s}`)).status()).toBe(200);
});

test("crash the stock service under load: the map shows it down and back, and every order ends", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const product = plentiful(products, 30);
  const card = await chaosCard(page, "stock");

  const ids: string[] = [];
  for (let i = 0; i < 10; i++) ids.push(await postOrder(request, rich.id, product.id));
  await card.getByRole("button", { name: "Crash the stock service" }).click();
  await expect(page.getByTestId("chaos-status")).toContainText("Crash stock: done");
  for (let i = 0; i < 10; i++) ids.push(await postOrder(request, rich.id, product.id));

  // The panel and the map render from the same poll: both must say "down" in the same moment
  // (the restarted process is down for a few seconds while its consumer groups join).
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="health-stock"]')?.textContent === "down" &&
      document.querySelector('.react-flow__node[aria-label^="Stock service: down"]') !== null,
    null,
    { timeout: 20_000, polling: 50 },
  );
  await expect(card.getByTestId("health-stock")).toHaveText("up", { timeout: 90_000 });
  await expect(page.locator('.react-flow__node[aria-label^="Stock service: down"]')).toHaveCount(0);
  for (const id of ids)
    await expect.poll(async () => (await order(request, id)).status, { timeout: 90_000 }).not.toBe("PENDING");
});

test("a latency fault set from the panel shows on the panel and the map, and clears", async ({ page }) => {
  const card = await chaosCard(page, "balance");
  await card.getByLabel("Latency to add to each message of the balance service, in ms").fill("300");
  await card.getByRole("button", { name: "Add latency to the balance service" }).click();
  await expect(card.getByTestId("fault-balance")).toContainText("fault: +300 ms per message");
  await expect(
    page.locator('.react-flow__node[aria-label^="Balance service: fault: +300 ms per message"]'),
  ).toBeVisible();
  await card.getByRole("button", { name: "Clear the faults of the balance service" }).click();
  await expect(card.getByTestId("fault-balance")).toHaveText("no fault");
  await expect(page.locator('.react-flow__node[aria-label*="fault:"]')).toHaveCount(0);
});

test("pause the balance service: its backlog grows, orders time out and are undone, and it drains when resumed", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const product = plentiful(products, 5);
  const card = await chaosCard(page, "balance");
  await card.getByRole("button", { name: "Pause the balance service" }).click();
  await expect(card.getByTestId("fault-balance")).toContainText("paused");
  const ids = [await postOrder(request, rich.id, product.id), await postOrder(request, rich.id, product.id)];
  await expect
    .poll(async () => Number(await card.getByTestId("lag-balance").textContent()), { timeout: 30_000 })
    .toBeGreaterThan(0);
  for (const id of ids)
    await expect.poll(async () => (await order(request, id)).reason, { timeout: 60_000 }).toBe("TIMEOUT");

  await page.goto(`/orders/${ids[0]}`);
  await expect(page.getByRole("status", { name: /Order status: Cancelled/ })).toBeVisible();
  await expect(page.getByLabel("Summary")).toContainText("Path: timed out.");
  await expect(page.getByLabel("Summary")).toContainText("The stock taken for it was put back.");

  await page.goto("/saga");
  await card.getByRole("button", { name: "Resume the balance service" }).click();
  await expect(card.getByTestId("fault-balance")).toHaveText("no fault");
  await expect
    .poll(async () => Number(await card.getByTestId("lag-balance").textContent()), { timeout: 30_000 })
    .toBe(0);
  for (const id of ids) expect((await order(request, id)).status).toBe("CANCELLED");
});

test("poison a topic from the panel; the dead letter is listed with its original", async ({ page }) => {
  await page.goto("/saga");
  // Health comes from the browser's own queries: once shown, the page is hydrated and a choice sticks.
  await expect(page.getByTestId("health-order")).toHaveText("up");
  await page.getByLabel("Topic to poison").selectOption("pay-complete");
  await expect(page.getByLabel("Topic to poison")).toHaveValue("pay-complete");
  await page.getByRole("button", { name: "Publish poison" }).click();
  await expect(page.getByTestId("chaos-status")).toContainText("Poison pay-complete: done");
  await page.goto("/dlq?topic=pay-complete");
  const row = page.getByTestId("dead-letter").filter({ hasText: "INVALID_EVENT" }).first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.getByRole("button", { name: /Show the original/ }).click();
  await expect(page.getByLabel(/Original of pay-complete/).first()).toBeVisible();
});

test("a dead-lettered step is re-published once its cause is gone; a second re-publish changes nothing", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const product = plentiful(products, 5);
  const put = await request.put("/api/admin/faults/stock", { data: { failNext: 5 } });
  expect(put.status()).toBe(200);
  const id = await postOrder(request, rich.id, product.id);
  await page.goto("/dlq?service=stock");
  const row = page.getByTestId("dead-letter").filter({ has: page.locator(`a[href="/orders/${id}"]`) });
  await expect(row).toContainText("INJECTED_FAULT", { timeout: 60_000 });
  expect((await request.delete("/api/admin/faults/stock")).status()).toBe(200);

  await row.getByRole("button", { name: /Re-publish/ }).click();
  await expect(page.getByTestId("dlq-status")).toContainText("done");
  await expect.poll(async () => (await order(request, id)).status, { timeout: 60_000 }).toBe("COMPLETED");
  await row.getByRole("button", { name: /Re-publish/ }).click();
  await expect(page.getByTestId("dlq-status")).toContainText("done");
  await expect
    .poll(
      async () => ((await (await request.get("/api/invariants")).json()) as { ok: boolean; quiet: boolean }).quiet,
      { timeout: 30_000 },
    )
    .toBe(true);
  const inv = (await (await request.get("/api/invariants")).json()) as { ok: boolean };
  expect(inv.ok).toBe(true);
  const done = await order(request, id);
  expect(done.steps.filter((s) => s.topic === "pay-complete")).toHaveLength(1);
});

test("publish a duplicate from a journey: it is received, ignored, and the outcome stays", async ({
  page,
  request,
}) => {
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const id = await postOrder(request, rich.id, plentiful(products, 5).id);
  await expect.poll(async () => (await order(request, id)).status, { timeout: 30_000 }).toBe("COMPLETED");
  await page.goto(`/orders/${id}`);
  await expect(page.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
  await expect(page.getByTestId("duplicates")).toHaveText("No duplicates received.");
  await page.locator("details.event summary").nth(1).click();
  await page.getByRole("button", { name: "Publish step 2 (stock-decrease) again" }).click();
  await expect(page.getByText("published again: consumers should ignore it")).toBeVisible();
  await expect(page.getByTestId("duplicates")).toContainText("1 duplicate record(s) received and ignored", {
    timeout: 30_000,
  });
  await expect(page.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
});
