// UI benchmark (issue 3), not part of the test suite. Against a running app (npm start):
//  1. drives RATE orders/s through POST /api/orders for DURATION_S seconds while a Chromium
//     page on /saga?metrics=1 records, per saga record, broker timestamp -> DOM commit; the
//     JS heap is sampled (after a forced GC) over the run;
//  2. times the render of an order journey with 200 records (retries and duplicates).
// Usage: npx tsx bench/ui-latency.ts   (env: E2E_BASE_URL, RATE=200, DURATION_S=300, CHROMIUM_PATH)
import type { Page } from "@playwright/test";
import type { OrderView, ProductView, UserView } from "../contracts/api";
import { HAPPY, redelivered, sagaEvents } from "../shared/fixtures";
import { percentile } from "../shared/sagaStats";
import { fmt, launchBrowser, reportMap, sampleMap } from "./ui-common";

const base = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";
const rate = Number(process.env.RATE ?? 200);
const durationS = Number(process.env.DURATION_S ?? 300);
const heapEveryS = Number(process.env.HEAP_EVERY_S ?? 10);

const get = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;

function orderMix(products: ProductView[], users: UserView[]) {
  const byBalance = [...users].sort((a, b) => b.balance - a.balance);
  const rich = byBalance[0];
  const poor = byBalance[byBalance.length - 1];
  const cheap = [...products].sort((a, b) => a.price - b.price)[0];
  const scarce = [...products].sort((a, b) => a.stock - b.stock)[0];
  let n = 0;
  return () => {
    n++;
    if (n % 10 === 0)
      return {
        userId: poor.id,
        items: [{ productId: cheap.id, quantity: Math.floor(poor.balance / cheap.price) + 1 }],
      };
    if (n % 10 === 5) return { userId: rich.id, items: [{ productId: scarce.id, quantity: scarce.initialStock + 1 }] };
    return { userId: rich.id, items: [{ productId: products[n % products.length].id, quantity: 1 }] };
  };
}

async function driveLoad(next: () => unknown, stopAt: number) {
  const result = { sent: 0, accepted: 0, failed: 0, postMs: [] as number[] };
  const tickMs = 50;
  const perTick = rate * (tickMs / 1000);
  let carry = 0;
  const inflight = new Set<Promise<void>>();
  while (Date.now() < stopAt) {
    const started = Date.now();
    carry += perTick;
    for (; carry >= 1; carry--) {
      const t = performance.now();
      result.sent++;
      const p = fetch(`${base}/api/orders`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(next()),
      })
        .then((r) => {
          if (r.status === 202) result.accepted++;
          else result.failed++;
          result.postMs.push(performance.now() - t);
          return r.arrayBuffer();
        })
        .then(
          () => undefined,
          () => void result.failed++,
        )
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, tickMs - (Date.now() - started))));
  }
  await Promise.all(inflight);
  return result;
}

/** An OrderView with 200 records: a full happy path, redeliveries of it and retried DLQ records. */
function bigOrder(orderId: string): OrderView {
  const path = sagaEvents(HAPPY, { orderId });
  const retries = Array.from(
    { length: 97 },
    (_, i) => sagaEvents(["saga-dlq"], { orderId, startMs: Date.parse(path[4].brokerTimestamp) + i })[0],
  );
  const dupes = Array.from({ length: 200 - path.length - retries.length }, (_, i) =>
    redelivered(path[i % path.length], 100_000 + i),
  );
  const steps = [...path, ...retries, ...dupes];
  return {
    orderId,
    userId: "u-alice",
    mode: "choreography",
    status: "COMPLETED",
    reason: null,
    totalAmount: 600,
    itemCount: 1,
    createdAt: path[0].occurredAt,
    updatedAt: path[4].occurredAt,
    detail: null,
    items: [{ productId: "p-tea", quantity: 2, unitPrice: 300 }],
    steps,
  };
}

async function journeyRenderMs(page: Page): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const id = `bench-200-${Date.now()}-${i}`;
    const view = bigOrder(id);
    await page.route(`**/api/orders/${id}`, (route) => route.fulfill({ json: view }));
    await page.goto(`${base}/orders/${id}`, { waitUntil: "commit" });
    await page.getByRole("heading", { name: /^Events \(\d+\)$/ }).waitFor();
    await page.getByRole("group", { name: "External platform: notified" }).waitFor();
    times.push(await page.evaluate(() => performance.now()));
  }
  return times;
}

async function main() {
  const [products, users] = await Promise.all([get<ProductView[]>("/api/products"), get<UserView[]>("/api/users")]);
  const { browser, page, cdp } = await launchBrowser();
  const render = await journeyRenderMs(page);
  await page.goto(`${base}/saga?metrics=1`);
  await page.getByText("Live feed: connected").waitFor({ timeout: 30_000 });
  await page.evaluate(() => window.__sagaMetrics?.drain());

  console.log(`driving ${rate} orders/s for ${durationS} s against ${base} …`);
  const t0 = Date.now();
  const sampler = sampleMap(page, cdp, heapEveryS);
  const load = await driveLoad(orderMix(products, users), t0 + durationS * 1000);
  await new Promise((r) => setTimeout(r, 5000)); // let the tail of the saga reach the page
  const samples = await sampler.stop();
  const stats = await page.getByRole("region", { name: "Saga statistics" }).innerText();

  await browser.close();

  console.log("\n== live map under load ==");
  console.log(
    `orders sent ${load.sent}, accepted ${load.accepted}, failed ${load.failed} (${(load.accepted / durationS).toFixed(1)} accepted/s); POST p95 ${fmt(percentile(load.postMs, 95))}`,
  );
  reportMap(samples, durationS);
  console.log(`stats strip at the end: ${stats.replace(/\s*\n\s*/g, " | ")}`);
  console.log("\n== order journey with 200 records ==");
  console.log(
    `navigation -> journey rendered (quiet system, before the load): ${render.map((t) => `${t.toFixed(0)} ms`).join(", ")} (median ${fmt(percentile(render, 50))})`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
