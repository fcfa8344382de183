// The header's search box (attach.md, "Finding a business id") as a person uses it: a watched
// saga's transfer id typed on the home page opens its journey; an order id opens the order's
// journey; the start of several ids lists them on /search, each a link; a text nothing has says so.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type { SearchAnswer } from "../contracts/sagas";
import { transferId } from "../examples/bank-transfer/transfers";
import { BANK_SAGA, publishBankRun } from "./fixtures/bankRun";
import { catalogue, plentiful, richAndPoor } from "./fixtures";

const SAGA = BANK_SAGA;

/** Waits until the observer has stored what `q` should find. */
const stored = (request: APIRequestContext, q: string, atLeast: number) =>
  expect
    .poll(
      async () =>
        ((await (await request.get(`/api/search?${new URLSearchParams({ q })}`)).json()) as SearchAnswer).results
          .length,
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(atLeast);

async function searchFor(page: Page, text: string): Promise<void> {
  const box = page.getByRole("search").getByLabel("Find an id in every saga");
  await box.fill(text);
  await box.press("Enter");
}

test("an id typed in the header's box opens its journey; the start of several ids lists them", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const run = await publishBankRun(request, 12, "s");
  const first = transferId(run, 0);
  await stored(request, `tr-${run}-0000`, 10);

  await page.goto("/");
  await searchFor(page, `  ${first} `);
  await expect(page).toHaveURL(`/sagas/${SAGA}/instances/${first}?run=1`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(first);

  // From any page: ids 0-9 of the run begin with this.
  await searchFor(page, `tr-${run}-00000`);
  await expect(page).toHaveURL(`/search?q=tr-${run}-00000`);
  const results = page.getByRole("region", { name: "Search results" });
  await expect(results.locator("tbody tr")).toHaveCount(10);
  await expect(results.getByRole("status")).toContainText("10 instances found");
  const row = results.getByRole("row", { name: `${SAGA} ${transferId(run, 3)}` });
  await expect(row).toContainText("id");
  await expect(row.locator(".badge")).toHaveText(/Completed|Failed|Compensated|Running|Stuck/);
  await row.getByRole("link", { name: transferId(run, 3) }).click();
  await expect(page).toHaveURL(`/sagas/${SAGA}/instances/${transferId(run, 3)}?run=1`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(transferId(run, 3));
});

test("an order id opens the order's journey, and a text nothing holds says so", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  const placed = await request.post("/api/orders", {
    data: { userId: richAndPoor(users).rich.id, items: [{ productId: plentiful(products).id, quantity: 1 }] },
  });
  expect(placed.status()).toBe(202);
  const { orderId } = (await placed.json()) as { orderId: string };
  await stored(request, orderId, 1);

  await page.goto("/sagas");
  await searchFor(page, orderId);
  await expect(page).toHaveURL(`/orders/${orderId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(orderId);

  const nothing = `nothing-${Date.now()}`;
  await searchFor(page, nothing);
  await expect(page).toHaveURL(`/search?q=${nothing}`);
  await expect(page.getByRole("status").filter({ hasText: "Nothing found" })).toContainText(nothing);

  await page.goto("/search?q=a%01b");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("must not contain control characters");
});
