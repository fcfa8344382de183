// Test data read from the running app (never hard-coded prices or stock), and helpers that
// drive the ordering form the way a person would.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { OrderView, ProductView, UserView } from "../contracts/api";
import type { SagaMode } from "../contracts/topics";

export async function catalogue(request: APIRequestContext): Promise<{ products: ProductView[]; users: UserView[] }> {
  const [p, u] = await Promise.all([request.get("/api/products"), request.get("/api/users")]);
  expect(p.ok()).toBeTruthy();
  expect(u.ok()).toBeTruthy();
  return { products: (await p.json()) as ProductView[], users: (await u.json()) as UserView[] };
}

/** The user with the most points, and the one with the fewest. */
export function richAndPoor(users: UserView[]): { rich: UserView; poor: UserView } {
  const sorted = [...users].sort((a, b) => b.balance - a.balance);
  return { rich: sorted[0], poor: sorted[sorted.length - 1] };
}

/** The product with the most stock, if other tests running alongside cannot empty it. */
export function plentiful(products: ProductView[], qty = 1): ProductView {
  const p = [...products].sort((a, b) => b.stock - a.stock).find((x) => x.stock >= qty + 10);
  if (!p) throw new Error("no product with enough stock for a happy order");
  return p;
}

/** Places an order through the form; `mode` picks the saga mode's radio (the form's default otherwise). */
export async function placeOrderInForm(
  page: Page,
  userId: string,
  lines: { productId: string; quantity: string }[],
  mode?: SagaMode,
): Promise<string> {
  await page.goto("/");
  if (mode)
    await page.getByRole("radiogroup", { name: "Saga mode" }).getByRole("radio", { name: mode, exact: false }).check();
  await page.getByLabel("User", { exact: true }).selectOption(userId);
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) await page.getByRole("button", { name: "Add another product" }).click();
    await page.getByLabel(`Product ${i + 1}`, { exact: true }).selectOption(lines[i].productId);
    await page.getByLabel(`Quantity ${i + 1}`, { exact: true }).fill(lines[i].quantity);
  }
  const response = page.waitForResponse((r) => r.url().endsWith("/api/orders") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Place order" }).click();
  const r = await response;
  expect(r.status()).toBe(202);
  if (mode) expect((r.request().postDataJSON() as { mode?: string }).mode).toBe(mode);
  const { orderId } = (await r.json()) as { orderId: string };
  return orderId;
}

export async function postOrder(
  request: APIRequestContext,
  userId: string,
  productId: string,
  quantity: number,
): Promise<string> {
  const r = await request.post("/api/orders", { data: { userId, items: [{ productId, quantity }] } });
  expect(r.status()).toBe(202);
  return ((await r.json()) as { orderId: string }).orderId;
}

/** Waits until the order's saga has ended and its notification went out (every step recorded). */
export async function settled(request: APIRequestContext, orderId: string): Promise<OrderView> {
  let view: OrderView | null = null;
  await expect
    .poll(
      async () => {
        const r = await request.get(`/api/orders/${orderId}`);
        view = r.ok() ? ((await r.json()) as OrderView) : null;
        return view !== null && view.status !== "PENDING" && view.steps.some((s) => s.topic === "notification-send");
      },
      { message: `order ${orderId} to settle` },
    )
    .toBe(true);
  return view!;
}

/** Two settled orders: one that completes, and one cancelled because its user cannot pay. */
export async function happyAndBroke(request: APIRequestContext) {
  const { products, users } = await catalogue(request);
  const { rich, poor } = richAndPoor(users);
  const product = plentiful(products, 1);
  const happy = await postOrder(request, rich.id, product.id, 1);
  const broke = await postOrder(request, poor.id, product.id, Math.floor(poor.balance / product.price) + 1);
  await Promise.all([settled(request, happy), settled(request, broke)]);
  return { happy, broke, rich, poor };
}
