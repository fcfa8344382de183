// Deep links to one step of a journey: /orders/:id?step=N opens with step N selected on the
// graph, the path, the timeline and the event list; selecting another step replaces the URL.
import { expect, test, type Page } from "@playwright/test";
import { catalogue, plentiful, postOrder, richAndPoor, settled } from "./fixtures";

const HAPPY = ["order-create", "stock-decrease", "pay-complete", "order-complete", "notification-send"];

async function expectSelected(page: Page, n: number) {
  const topic = HAPPY[n - 1];
  await expect(
    page.getByRole("region", { name: "Path taken" }).getByRole("listitem", { name: `Step ${n}: ${topic}` }),
  ).toHaveAttribute("aria-current", "step");
  await expect(page.getByRole("region", { name: "Path taken" }).locator('[aria-current="step"]')).toHaveCount(1);
  await expect(
    page.getByRole("group", { name: new RegExp(`^${topic}: step ${n}, taken, .*, step ${n} selected$`) }),
  ).toBeAttached();
  await expect(page.getByRole("group", { name: /selected$/ })).toHaveCount(1);
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline.getByRole("button", { name: `#${n} ${topic}` })).toHaveAttribute("aria-pressed", "true");
  await expect(timeline.getByRole("button", { pressed: true })).toHaveCount(1);
  const event = page.getByRole("region", { name: "Events" }).locator('details[aria-current="step"]');
  await expect(event).toHaveCount(1);
  await expect(event.locator("summary")).toContainText(`#${n} ${topic}`);
  await expect(event).toHaveAttribute("open", "");
}

test("?step=N selects step N everywhere, and selecting another step replaces the URL", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  const orderId = await postOrder(request, richAndPoor(users).rich.id, plentiful(products, 1).id, 1);
  await settled(request, orderId);

  await page.goto(`/orders/${orderId}?step=3`);
  await expect(page.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
  await expectSelected(page, 3);
  const history = await page.evaluate(() => window.history.length);

  await page.getByRole("region", { name: "Timeline" }).getByRole("button", { name: "#5 notification-send" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}\\?step=5$`));
  await expectSelected(page, 5);

  await page
    .getByRole("region", { name: "Events" })
    .locator("summary")
    .filter({ hasText: "#2 stock-decrease" })
    .click();
  await expect(page).toHaveURL(new RegExp(`\\?step=2$`));
  await expectSelected(page, 2);

  await page
    .getByRole("region", { name: "Path taken" })
    .getByRole("listitem", { name: "Step 4: order-complete" })
    .getByRole("button")
    .click();
  await expect(page).toHaveURL(new RegExp(`\\?step=4$`));
  await expectSelected(page, 4);
  expect(await page.evaluate(() => window.history.length), "selecting replaces the history entry").toBe(history);

  await page.reload();
  await expectSelected(page, 4);
});
