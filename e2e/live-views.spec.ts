// The live views: the orders list gains and updates rows without a reload, a reloaded order
// page shows the same journey (snapshot path), and the saga map counts and can be paused.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { catalogue, plentiful, richAndPoor } from "./fixtures";

async function postOrder(
  request: APIRequestContext,
  userId: string,
  productId: string,
  quantity: number,
): Promise<string> {
  const r = await request.post("/api/orders", { data: { userId, items: [{ productId, quantity }] } });
  expect(r.status()).toBe(202);
  return ((await r.json()) as { orderId: string }).orderId;
}

test("the orders list shows a new order and its outcome without reloading", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  const { rich, poor } = richAndPoor(users);
  const product = plentiful(products, 1);
  await page.goto("/orders");
  await expect(page.getByText(/\d+ orders loaded/)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Live feed: connected" })).toBeVisible();

  const happy = await postOrder(request, rich.id, product.id, 1);
  const broke = await postOrder(request, poor.id, product.id, Math.floor(poor.balance / product.price) + 1);
  const table = page.getByRole("table", { name: "Orders" });
  await expect(table.getByRole("row", { name: new RegExp(happy) })).toContainText("Completed");
  await expect(table.getByRole("row", { name: new RegExp(broke) })).toContainText("Cancelled: insufficient balance");

  await page.getByLabel("Reason").selectOption("INSUFFICIENT_BALANCE");
  await expect(table.getByRole("row", { name: new RegExp(happy) })).toHaveCount(0);
  await expect(table.getByRole("row", { name: new RegExp(broke) })).toBeVisible();
  await page.getByLabel("Reason").selectOption("");
  await page.getByLabel("Search order id or user").fill(happy.slice(0, 8));
  await expect(table.getByRole("row", { name: new RegExp(happy) })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(broke) })).toHaveCount(0);
});

test("reloading an order page shows the same journey", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const orderId = await postOrder(request, rich.id, plentiful(products, 1).id, 1);
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
  const path = page.getByRole("region", { name: "Path taken" }).getByRole("list");
  await expect(path.getByRole("listitem")).toHaveCount(5);
  const before = await path.getByRole("listitem").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  const nodesBefore = await page
    .locator(".react-flow__node")
    .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));

  await page.reload();
  await expect(page.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
  await expect(path.getByRole("listitem")).toHaveCount(5);
  expect(await path.getByRole("listitem").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")))).toEqual(
    before,
  );
  expect(
    await page.locator(".react-flow__node").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label"))),
  ).toEqual(nodesBefore);
});

test("the saga map counts orders live and can be paused", async ({ page, request }, testInfo) => {
  const { products, users } = await catalogue(request);
  const { rich, poor } = richAndPoor(users);
  const product = plentiful(products, 1);
  await page.goto("/saga");
  const completed = page.getByRole("group", { name: /^Completed: \d+$/ });
  await expect(completed).toBeVisible();
  const count = async () => Number((await completed.getAttribute("aria-label"))!.split(": ")[1]);
  const start = await count();

  await postOrder(request, rich.id, product.id, 1);
  await expect.poll(count).toBeGreaterThan(start);
  await expect(page.getByRole("status", { name: /^Invariants: (holding|in flight)$/ })).toBeVisible();
  await expect(page.getByRole("group", { name: /^Stock service: in flight \d+, completed [1-9]\d*/ })).toBeVisible();

  await page.getByRole("button", { name: "Pause live view" }).click();
  const frozen = await count();
  await postOrder(request, poor.id, product.id, Math.floor(poor.balance / product.price) + 1);
  await expect(page.getByRole("status").filter({ hasText: /Paused: [1-9]\d* new events not shown/ })).toBeVisible();
  expect(await count()).toBe(frozen);
  await page.getByRole("button", { name: "Resume live view" }).click();
  await expect(
    page.getByRole("group", {
      name: /^pay-fail: failure from Balance service to Stock service, [1-9]\d* recent orders$/,
    }),
  ).toBeAttached();

  await page.screenshot({ path: testInfo.outputPath("saga-map.png"), fullPage: true });
  await testInfo.attach("saga map", { path: testInfo.outputPath("saga-map.png"), contentType: "image/png" });
});
