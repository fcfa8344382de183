// The three saga paths placed through the UI, each followed to its end on screen: the status in
// words on the ordering page, then the journey's numbered path, node states and edges.
import { expect, test } from "@playwright/test";
import { catalogue, placeOrderInForm, plentiful, richAndPoor } from "./fixtures";

test("a happy order reaches Completed with all five steps", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const product = plentiful(products, 1);
  const orderId = await placeOrderInForm(page, rich.id, [{ productId: product.id, quantity: "1" }]);

  const card = page.getByRole("listitem", { name: `Order ${orderId}` });
  await expect(card.getByRole("status", { name: "Order status: Completed" })).toBeVisible();

  await card.getByRole("link", { name: "Open journey" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}$`));
  await expect(page.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
  const path = page.getByRole("region", { name: "Path taken" });
  for (const [i, topic] of [
    "order-create",
    "stock-decrease",
    "pay-complete",
    "order-complete",
    "notification-send",
  ].entries()) {
    await expect(path.getByRole("listitem", { name: `Step ${i + 1}: ${topic}` })).toBeVisible();
  }
  await expect(path.getByRole("listitem")).toHaveCount(5);
  for (const name of [
    "Order service: completed",
    "Stock service: completed",
    "Balance service: completed",
    "Notification service: completed",
    "External platform: notified",
  ]) {
    await expect(page.getByRole("group", { name })).toBeVisible();
  }
  await expect(page.getByRole("group", { name: /^pay-complete: step 3, taken/ })).toBeAttached();
  await expect(page.getByRole("group", { name: "pay-fail (failure): not taken" })).toBeAttached();
  await expect(page.getByRole("group", { name: "stock-restore (compensation): not taken" })).toBeAttached();
});

test("an order beyond the stock is cancelled as out of stock, without touching the balance", async ({
  page,
  request,
}, testInfo) => {
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const scarce = [...products].sort((a, b) => a.stock - b.stock)[0];
  const orderId = await placeOrderInForm(page, rich.id, [{ productId: scarce.id, quantity: String(scarce.stock + 1) }]);

  const card = page.getByRole("listitem", { name: `Order ${orderId}` });
  await expect(card.getByRole("status", { name: "Order status: Cancelled: out of stock" })).toBeVisible();
  await card.getByRole("link", { name: "Open journey" }).click();

  await expect(page.getByRole("status", { name: "Order status: Cancelled: out of stock" })).toBeVisible();
  await expect(page.getByLabel("Summary")).toContainText("Path: out of stock / unknown product.");
  await expect(page.getByRole("group", { name: "Stock service: failed" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Balance service: not reached" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Order service: cancelled" })).toBeVisible();
  await expect(page.getByRole("group", { name: /^stock-decrease-fail \(failure\): step 2, taken/ })).toBeAttached();
  await expect(page.getByRole("group", { name: /^order-cancel \(compensation\): step 3, taken/ })).toBeAttached();
  await expect(page.getByRole("group", { name: "stock-decrease: not taken" })).toBeAttached();
  await expect(page.getByRole("region", { name: "Path taken" }).getByRole("listitem")).toHaveCount(4);
  await page.screenshot({ path: testInfo.outputPath("journey-out-of-stock.png"), fullPage: true });
});

test("an order beyond the balance fails payment and puts the stock back", async ({ page, request }, testInfo) => {
  const { products, users } = await catalogue(request);
  const { poor } = richAndPoor(users);
  const product = [...products].sort((a, b) => b.stock - a.stock)[0];
  const quantity = Math.floor(poor.balance / product.price) + 1;
  expect(quantity + 10, "the product must have the stock, so that only the payment fails").toBeLessThanOrEqual(
    product.stock,
  );
  const orderId = await placeOrderInForm(page, poor.id, [{ productId: product.id, quantity: String(quantity) }]);

  const card = page.getByRole("listitem", { name: `Order ${orderId}` });
  await expect(card.getByRole("status", { name: "Order status: Cancelled: insufficient balance" })).toBeVisible();
  await card.getByRole("link", { name: "Open journey" }).click();

  await expect(page.getByRole("status", { name: "Order status: Cancelled: insufficient balance" })).toBeVisible();
  await expect(page.getByLabel("Summary")).toContainText("The stock taken for it was put back.");
  await expect(page.getByRole("group", { name: "Balance service: failed" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Stock service: compensated" })).toBeVisible();
  await expect(page.getByRole("group", { name: /^pay-fail \(failure\): step 3, taken/ })).toBeAttached();
  await expect(page.getByRole("group", { name: /^stock-restore \(compensation\): step 4, taken/ })).toBeAttached();
  await expect(page.getByRole("group", { name: "pay-complete: not taken" })).toBeAttached();
  const ledger = page.getByRole("region", { name: "Compensation ledger" });
  await expect(ledger.getByRole("row", { name: `stock ${product.id}: matched` })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("journey-compensated.png"), fullPage: true });
  await testInfo.attach("compensated journey", {
    path: testInfo.outputPath("journey-compensated.png"),
    contentType: "image/png",
  });
});
