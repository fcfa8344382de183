// Every page, loaded in a fresh tab and used until its data is on screen, logs no console error,
// throws nothing and has no request fail or answer 4xx/5xx (favicon included).
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { happyAndBroke } from "./fixtures";

async function visit(context: BrowserContext, path: string, ready: (page: Page) => Promise<void>): Promise<string[]> {
  const page = await context.newPage();
  const problems: string[] = [];
  let watching = true;
  const note = (what: string) => watching && problems.push(`${path}: ${what}`);
  page.on("console", (m) => m.type() === "error" && note(`console error: ${m.text()}`));
  page.on("pageerror", (e) => note(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => note(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`));
  page.on("response", (r) => r.status() >= 400 && note(`${r.request().method()} ${r.url()} answered ${r.status()}`));
  await page.goto(path);
  await expect(page.getByRole("status").filter({ hasText: "Live feed: connected" })).toBeVisible();
  await ready(page);
  await page.waitForLoadState("networkidle");
  // Closing the tab aborts whatever is still polling; that is not the page's fault.
  watching = false;
  await page.close();
  return problems;
}

test("no page logs a console error or has a request fail", async ({ context, request }) => {
  test.setTimeout(300_000); // fourteen pages, each in a new tab, on a shared two-core machine
  const { happy: a, broke: b, rich } = await happyAndBroke(request);

  const problems = [
    ...(await visit(context, "/", async (p) => {
      await expect(p.getByLabel("User", { exact: true }).locator("option", { hasText: rich.name })).toBeAttached();
    })),
    ...(await visit(context, "/saga", async (p) => {
      await expect(p.getByRole("group", { name: /^Completed: [1-9]\d*$/ })).toBeVisible();
    })),
    ...(await visit(context, "/orders", async (p) => {
      await expect(p.getByRole("table", { name: "Orders" }).getByRole("row", { name: new RegExp(a) })).toBeVisible();
    })),
    ...(await visit(context, `/orders/${b}?step=4`, async (p) => {
      await expect(p.getByRole("status", { name: "Order status: Cancelled: insufficient balance" })).toBeVisible();
      const section = p.getByRole("region", { name: "Sequence diagram" });
      await section.getByText("Sequence diagram", { exact: true }).click();
      await expect(section.getByRole("img").locator("svg")).toBeVisible();
    })),
    ...(await visit(context, "/compare", async (p) => {
      await expect(p.getByLabel("Order A", { exact: true })).toBeVisible();
    })),
    ...(await visit(context, `/compare?a=${a}&b=${b}`, async (p) => {
      await expect(
        p
          .getByRole("table", { name: "Hop timings of order A and order B" })
          .getByRole("row", { name: "pay-fail: only B" }),
      ).toBeVisible();
    })),
    ...(await visit(context, "/saga?mode=orchestration", async (p) => {
      await expect(p.getByRole("tab", { name: "Orchestration", selected: true })).toBeVisible();
    })),
    ...(await visit(context, "/modes", async (p) => {
      await expect(
        p
          .getByRole("form", { name: "Race settings" })
          .getByRole("list", { name: "The orders each kind places" })
          .getByRole("listitem"),
      ).toHaveCount(3);
    })),
    ...(await visit(context, "/sagas", async (p) => {
      await expect(p.getByRole("row", { name: "Saga orders" })).toBeVisible();
    })),
    ...(await visit(context, "/sagas/new", async (p) => {
      await expect(p.getByRole("row", { name: /^Topic / }).first()).toBeVisible();
    })),
    ...(await visit(context, "/sagas/orders", async (p) => {
      await expect(
        p.getByRole("region", { name: "Instances" }).getByRole("row", { name: `Instance ${a}: Completed` }),
      ).toBeVisible();
    })),
    ...(await visit(context, `/sagas/orders/instances/${b}`, async (p) => {
      await expect(p.getByRole("status", { name: "Instance status: Cancelled" })).toBeVisible();
    })),
    ...(await visit(context, `/sagas/orders/compare?a=${a}&b=${b}`, async (p) => {
      await expect(p.getByRole("status", { name: "Path divergence" })).toHaveText(
        /^The paths part after stock-decrease: A took pay-complete → .+, B took pay-fail → .+\.$/,
      );
    })),
    ...(await visit(context, "/dlq", async (p) => {
      await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(p.getByText("Loading…")).toHaveCount(0);
    })),
  ];
  expect(problems).toEqual([]);
  for (const icon of ["/favicon.ico", "/icon.svg"]) expect((await request.get(icon)).status(), icon).toBe(200);
});
