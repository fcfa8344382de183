// Bad input in the ordering form: the browser's own checks, and the API's 400 field errors
// shown next to the same fields when the browser checks are switched off.
import { expect, test } from "@playwright/test";
import { catalogue, plentiful, richAndPoor } from "./fixtures";

test("the browser flags bad quantities before sending anything", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  await page.goto("/");
  await page.getByLabel("User", { exact: true }).selectOption(richAndPoor(users).rich.id);
  await page.getByLabel("Product 1", { exact: true }).selectOption(plentiful(products).id);
  await page.getByLabel("Quantity 1", { exact: true }).fill("-2");
  let posted = false;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/api/orders")) posted = true;
  });
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Please correct the marked fields." })).toBeVisible();
  await expect(page.getByLabel("Quantity 1", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Quantity 1", { exact: true })).toHaveAccessibleDescription(/.+/);
  expect(posted).toBe(false);
});

test("the API's field errors are shown next to the fields", async ({ page, request }) => {
  const { products, users } = await catalogue(request);
  await page.goto("/");
  await page.getByLabel("User", { exact: true }).selectOption(richAndPoor(users).rich.id);
  await page.getByLabel("Product 1", { exact: true }).selectOption(plentiful(products).id);
  await page.getByLabel("Quantity 1", { exact: true }).fill("0");
  await page.getByRole("button", { name: "Add another product" }).click();
  await page.getByLabel("Product 2", { exact: true }).selectOption(plentiful(products).id);
  await page.getByLabel("Quantity 2", { exact: true }).fill("1.5");
  await page.getByLabel("Check inputs in the browser before sending").uncheck();

  const response = page.waitForResponse((r) => r.url().endsWith("/api/orders") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Place order" }).click();
  const r = await response;
  expect(r.status()).toBe(400);
  const body = (await r.json()) as { fields: { field: string; message: string }[] };
  const byField = new Map(body.fields.map((f) => [f.field, f.message]));
  expect(byField.has("items.0.quantity")).toBe(true);
  expect(byField.has("items.1.quantity")).toBe(true);

  await expect(page.getByRole("alert").filter({ hasText: "The server rejected the order" })).toBeVisible();
  await expect(page.getByLabel("Quantity 1", { exact: true })).toHaveAccessibleDescription(
    byField.get("items.0.quantity")!,
  );
  await expect(page.getByLabel("Quantity 2", { exact: true })).toHaveAccessibleDescription(
    byField.get("items.1.quantity")!,
  );
  await expect(page.getByLabel("Product 1", { exact: true })).toHaveAttribute("aria-invalid", "false");
});
