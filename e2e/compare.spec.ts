// Comparing two orders: ticked in the orders list or named in the URL, both paths drawn on one
// saga graph in their own colours, and the time of every hop side by side with the slower named.
import { expect, test, type Page } from "@playwright/test";
import { happyAndBroke } from "./fixtures";

async function expectCompared(page: Page, a: string, b: string) {
  await expect(page.getByRole("region", { name: "Order A" })).toContainText(a);
  await expect(page.getByRole("region", { name: "Order B" })).toContainText(b);
  await expect(page.getByRole("region", { name: "Order A" }).getByText("Completed")).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Order B" }).getByText("Cancelled: insufficient balance"),
  ).toBeVisible();

  // Both paths on the graph: the shared hops twice, each branch once.
  for (const name of [
    /^stock-decrease: order A step 2, /,
    /^stock-decrease: order B step 2, /,
    /^pay-complete: order A step 3, /,
    /^pay-fail \(failure\): order B step 3, /,
    /^stock-restore \(compensation\): order B step 4, /,
  ]) {
    await expect(page.getByRole("group", { name })).toBeAttached();
  }
  await expect(
    page.getByRole("group", { name: "stock-decrease-fail (failure): taken by neither order" }),
  ).toBeAttached();

  const hops = page.getByRole("table", { name: "Hop timings of order A and order B" });
  for (const topic of ["order-create", "stock-decrease", "notification-send"]) {
    await expect(
      hops.getByRole("row", { name: new RegExp(`^${topic}: (same time|[AB] slower by \\S+ m?s.*)$`) }),
    ).toBeVisible();
  }
  await expect(hops.getByRole("row", { name: "pay-complete: only A" })).toBeVisible();
  await expect(hops.getByRole("row", { name: "pay-fail: only B" })).toBeVisible();
  await expect(page.getByRole("status", { name: "Total difference" })).toHaveText(
    /^In all, (both took the same time|[AB] slower by .+)\.$/,
  );
}

test("two orders ticked in the orders list open side by side on the compare page", async ({ page, request }) => {
  const { happy, broke } = await happyAndBroke(request);
  await page.goto("/orders");
  const table = page.getByRole("table", { name: "Orders" });
  const compare = page.getByRole("group", { name: "Compare orders" }).getByRole("button", { name: "Compare" });
  await expect(table.getByRole("row", { name: new RegExp(broke) })).toContainText("Cancelled: insufficient balance");
  await expect(compare).toBeDisabled();

  await table.getByRole("checkbox", { name: `Tick order ${happy} to compare` }).check();
  await expect(compare).toBeDisabled();
  await table.getByRole("checkbox", { name: `Tick order ${broke} to compare` }).check();
  await expect(page.getByRole("status", { name: "Orders ticked" })).toHaveText(
    "2 orders ticked: compare them side by side.",
  );
  await expect(page.getByRole("complementary")).toHaveCount(0); // ticking does not open the order
  await compare.click();

  await expect(page).toHaveURL(new RegExp(`/compare\\?a=${happy}&b=${broke}$`));
  await expectCompared(page, happy, broke);
});

test("the compare page opens from its URL and from two ids typed in its form", async ({ page, request }) => {
  const { happy, broke } = await happyAndBroke(request);
  await page.goto(`/compare?a=${happy}&b=${broke}`);
  await expectCompared(page, happy, broke);

  await page.goto("/compare");
  await expect(page.getByRole("button", { name: "Compare" })).toBeDisabled();
  await page.getByLabel("Order A", { exact: true }).fill(happy);
  await page.getByLabel("Order B", { exact: true }).fill(broke);
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?a=${happy}&b=${broke}$`));
  await expectCompared(page, happy, broke);
});
