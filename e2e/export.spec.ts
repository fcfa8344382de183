// Exporting a journey from its page: the trace downloaded as JSON, the Mermaid sequence diagram
// drawn as an SVG, and its source copied to the clipboard (the same text the API answers).
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import type { OrderTrace } from "../contracts/trace";
import { catalogue, postOrder, richAndPoor, settled } from "./fixtures";

test("a compensated journey downloads as JSON, draws as a sequence diagram and copies as Mermaid", async ({
  page,
  request,
  context,
  baseURL,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const { products, users } = await catalogue(request);
  const { poor } = richAndPoor(users);
  const product = [...products].sort((a, b) => b.stock - a.stock)[0];
  const orderId = await postOrder(request, poor.id, product.id, Math.floor(poor.balance / product.price) + 1);
  await settled(request, orderId);

  await page.goto(`/orders/${orderId}`);
  await expect(page.getByRole("status", { name: "Order status: Cancelled: insufficient balance" })).toBeVisible();
  const topics = ["order-create", "stock-decrease", "pay-fail", "stock-restore", "order-cancel", "notification-send"];
  await expect(page.getByRole("region", { name: "Path taken" }).getByRole("listitem")).toHaveCount(topics.length);

  const exportBar = page.getByRole("group", { name: "Export" });
  const downloading = page.waitForEvent("download");
  await exportBar.getByRole("button", { name: "Download JSON" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`order-${orderId}-trace.json`);
  const trace = JSON.parse(await readFile(await download.path(), "utf8")) as OrderTrace;
  expect(trace.order.orderId).toBe(orderId);
  expect(trace.order.reason).toBe("INSUFFICIENT_BALANCE");
  expect(trace.steps.map((s) => s.topic)).toEqual(topics);
  expect(trace.steps.map((s) => s.kind)).toEqual([
    "forward",
    "forward",
    "failure",
    "compensation",
    "compensation",
    "forward",
  ]);
  for (const s of trace.steps) expect(typeof s.timing.outboxMs, `step ${s.n}`).toBe("number");
  await expect(exportBar.getByRole("status", { name: "Export result" })).toHaveText("Trace saved as JSON.");

  const section = page.getByRole("region", { name: "Sequence diagram" });
  await section.getByText("Sequence diagram", { exact: true }).click();
  const drawing = section.getByRole("img", { name: `Sequence diagram of the order's ${topics.length} steps` });
  await expect(drawing.locator("svg")).toBeVisible();
  await expect(drawing.locator("svg")).toContainText("topic stock-restore");
  await expect(drawing.locator("svg")).toContainText("compensation: stock-restore");

  await exportBar.getByRole("button", { name: "Copy diagram" }).click();
  await expect(exportBar.getByRole("status", { name: "Export result" })).toHaveText("Diagram copied to the clipboard.");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const fromApi = await request.get(`/api/orders/${orderId}/trace?format=mermaid`);
  expect(fromApi.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  expect(copied).toBe(await fromApi.text());
  expect(copied).toMatch(/^sequenceDiagram\n/);
});
