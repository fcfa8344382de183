// Orchestration mode through the UI: orders placed with the form's Orchestration radio, followed
// to their end on the ordering page, then on the journey (mode, the hub-and-spoke graph, the
// commands and replies by name), in the orders list (mode column and filter) and on the map.
import { expect, test } from "@playwright/test";
import { catalogue, placeOrderInForm, plentiful, richAndPoor } from "./fixtures";

const HAPPY_STEPS = [
  "stock-command (take)",
  "saga-reply (stock-decrease)",
  "balance-command (charge)",
  "saga-reply (pay-complete)",
  "notification-command (completed)",
  "saga-reply (notification-send)",
];

test("an orchestrated order completes and its journey shows the orchestrator's commands and the replies", async ({
  page,
  request,
}) => {
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const orderId = await placeOrderInForm(
    page,
    rich.id,
    [{ productId: plentiful(products, 1).id, quantity: "1" }],
    "orchestration",
  );

  const card = page.getByRole("listitem", { name: `Order ${orderId}` });
  await expect(card.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
  await expect(card).toContainText("Saga mode: Orchestration");

  await card.getByRole("link", { name: "Open journey" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}$`));
  await expect(page.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Saga mode: Orchestration");
  const path = page.getByRole("region", { name: "Path taken" });
  for (const [i, name] of HAPPY_STEPS.entries())
    await expect(path.getByRole("listitem", { name: `Step ${i + 1}: ${name}` })).toBeVisible();
  await expect(path.getByRole("listitem")).toHaveCount(HAPPY_STEPS.length);

  const graph = page.getByRole("region", { name: `Journey of order ${orderId}` });
  for (const name of [
    "Order service (orchestrator): completed",
    "Stock service: completed",
    "Balance service: completed",
    "Notification service: completed",
  ]) {
    await expect(graph.getByRole("group", { name })).toBeVisible();
  }
  await expect(graph.getByRole("group", { name: "External platform: notified" })).toHaveCount(0);
  await expect(graph.getByRole("group", { name: /^balance-command \(charge\): step 3, taken/ })).toBeAttached();
  await expect(graph.getByRole("group", { name: /^saga-reply \(notification-send\): step 6, taken/ })).toBeAttached();
  await expect(graph.getByRole("group", { name: "saga-reply (pay-fail) (failure): not taken" })).toBeAttached();
  await expect(graph.getByRole("group", { name: "stock-command (restore) (compensation): not taken" })).toBeAttached();
  await expect(
    page.getByRole("region", { name: "Timeline" }).getByRole("button", { name: "#4 saga-reply (pay-complete)" }),
  ).toBeVisible();
});

test("an orchestrated order beyond the balance is cancelled and the orchestrator has the stock put back", async ({
  page,
  request,
}, testInfo) => {
  const { products, users } = await catalogue(request);
  const { poor } = richAndPoor(users);
  const product = [...products].sort((a, b) => b.stock - a.stock)[0];
  const quantity = Math.floor(poor.balance / product.price) + 1;
  expect(quantity + 10, "the product must have the stock, so that only the payment fails").toBeLessThanOrEqual(
    product.stock,
  );
  const orderId = await placeOrderInForm(
    page,
    poor.id,
    [{ productId: product.id, quantity: String(quantity) }],
    "orchestration",
  );

  const card = page.getByRole("listitem", { name: `Order ${orderId}` });
  await expect(card.getByRole("status", { name: "Order status: Cancelled: insufficient balance" })).toBeVisible();
  await card.getByRole("link", { name: "Open journey" }).click();

  await expect(page.getByRole("status", { name: "Order status: Cancelled: insufficient balance" })).toBeVisible();
  await expect(page.getByLabel("Summary")).toContainText("Path: payment failed.");
  await expect(page.getByLabel("Summary")).toContainText("The stock taken for it was put back.");
  const graph = page.getByRole("region", { name: `Journey of order ${orderId}` });
  await expect(graph.getByRole("group", { name: "Balance service: failed" })).toBeVisible();
  await expect(graph.getByRole("group", { name: "Stock service: compensated" })).toBeVisible();
  await expect(graph.getByRole("group", { name: "Order service (orchestrator): cancelled" })).toBeVisible();
  await expect(
    graph.getByRole("group", { name: /^saga-reply \(pay-fail\) \(failure\): step 4, taken/ }),
  ).toBeAttached();
  await expect(
    graph.getByRole("group", { name: /^stock-command \(restore\) \(compensation\): step 5, taken/ }),
  ).toBeAttached();
  await expect(
    graph.getByRole("group", { name: /^saga-reply \(stock-restore\) \(compensation\): step 6, taken/ }),
  ).toBeAttached();
  await expect(graph.getByRole("group", { name: "saga-reply (pay-complete): not taken" })).toBeAttached();
  const path = page.getByRole("region", { name: "Path taken" });
  await expect(path.getByRole("listitem", { name: "Step 7: notification-command (cancelled)" })).toBeVisible();
  await expect(path.getByRole("listitem")).toHaveCount(8);
  const ledger = page.getByRole("region", { name: "Compensation ledger" });
  await expect(ledger.getByRole("row", { name: `stock ${product.id}: matched` })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("journey-orchestration-compensated.png"), fullPage: true });
});

test("the orders list filters by mode and the saga map draws the orchestration hub", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const product = plentiful(products, 1);
  const post = async (mode: "choreography" | "orchestration") => {
    const r = await request.post("/api/orders", {
      data: { userId: rich.id, items: [{ productId: product.id, quantity: 1 }], mode },
    });
    expect(r.status()).toBe(202);
    return ((await r.json()) as { orderId: string }).orderId;
  };
  const [orch, chor] = [await post("orchestration"), await post("choreography")];

  await page.goto("/orders?mode=orchestration");
  await expect(page.getByLabel("Mode", { exact: true })).toHaveValue("orchestration");
  const table = page.getByRole("table", { name: "Orders" });
  await expect(table.getByRole("row", { name: new RegExp(orch) })).toContainText("Completed");
  await expect(table.getByRole("row", { name: new RegExp(orch) })).toContainText("Saga mode: Orchestration");
  await expect(table.getByRole("row", { name: new RegExp(chor) })).toHaveCount(0);
  await page.getByLabel("Mode", { exact: true }).selectOption("choreography");
  await expect(page).toHaveURL(/\?mode=choreography$/);
  await expect(table.getByRole("row", { name: new RegExp(chor) })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(orch) })).toHaveCount(0);

  await page.goto("/saga");
  await page.getByRole("tablist", { name: "Saga mode" }).getByRole("tab", { name: "Orchestration" }).click();
  await expect(page).toHaveURL(/\/saga\?mode=orchestration$/);
  const map = page.getByRole("region", { name: "Live saga map, orchestration" });
  await expect(map.getByRole("group", { name: /^Order service \(orchestrator\): .*completed [1-9]/ })).toBeVisible();
  await expect(
    map.getByRole("group", {
      name: /^stock-command \(take\): forward step from Order service \(orchestrator\) to Stock service, [1-9]\d* recent orders$/,
    }),
  ).toBeAttached();
  await expect(
    map.getByRole("group", {
      name: /^stock-command \(restore\): compensation from Order service \(orchestrator\) to Stock service/,
    }),
  ).toBeAttached();
  await expect(
    map.getByRole("group", {
      name: /^saga-reply \(pay-fail\): failure from Balance service to Order service \(orchestrator\)/,
    }),
  ).toBeAttached();
  await expect(map.getByRole("group", { name: /^order-create/ })).toHaveCount(0);
});
