// A duplicate record counted live is still counted after a reload: the journey's records are the
// observer's, every copy kept, and the page folds them by eventId as the live feed's (issue 25).
import { expect, test } from "@playwright/test";
import type { OrderJourneyView } from "../contracts/order-journey";
import { catalogue, plentiful, postOrder, richAndPoor, settled } from "./fixtures";

test("the journey shows the same duplicate count live and after a reload", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  const { rich } = richAndPoor(users);
  const id = await postOrder(request, rich.id, plentiful(products, 1).id, 1);
  const view = await settled(request, id);
  await page.goto(`/orders/${id}`);
  const duplicates = page.getByTestId("duplicates");
  await expect(page.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
  await expect(duplicates).toHaveText("No duplicates received.");

  // The operator's duplicate: the order service publishes the event again (same eventId, new offset).
  const step = view.steps.find((s) => s.topic === "stock-decrease")!;
  const published = await request.post(`/api/admin/events/${step.eventId}/duplicate`);
  expect(published.status()).toBe(202);
  await expect(duplicates).toContainText("1 duplicate record(s) received and ignored", { timeout: 30_000 });

  // The observer keeps the copy beside the step it duplicates.
  await expect
    .poll(async () => ((await (await request.get(`/api/orders/${id}`)).json()) as OrderJourneyView).duplicateRecords)
    .toHaveLength(1);
  await page.reload();
  await expect(page.getByRole("status", { name: "Order status: Completed" })).toBeVisible();
  await expect(duplicates).toContainText("1 duplicate record(s) received and ignored");
  await expect(page.getByRole("region", { name: "Path taken" }).getByRole("listitem")).toHaveCount(5);
});
