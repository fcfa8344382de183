// UI benchmark (issue 3), not part of the test suite. Against a running app (npm start):
//  1. drives RATE orders/s through POST /api/orders for DURATION_S seconds while a Chromium
//     page on /saga?metrics=1 records, per saga record, broker timestamp -> DOM commit; the
//     JS heap is sampled (after a forced GC) over the run;
//  2. times the render of an order journey with 200 records (retries and duplicates).
// Usage: npx tsx bench/ui-latency.ts   (env: E2E_BASE_URL, RATE=200, DURATION_S=300, CHROMIUM_PATH)
import { chromium, type Page } from "@playwright/test";
import type { OrderView, ProductView, UserView } from "../contracts/api";
import { HAPPY, redelivered, sagaEvents } from "../app/_lib/fixtures";
import { percentile } from "../app/_lib/sagaStats";

const base = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";
const rate = Number(process.env.RATE ?? 200);
const durationS = Number(process.env.DURATION_S ?? 300);
const heapEveryS = Number(process.env.HEAP_EVERY_S ?? 10);

const get = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;
const fmt = (n: number | null) => (n === null ? "–" : `${n.toFixed(0)} ms`);

function orderMix(products: ProductView[], users: UserView[]) {
  const byBalance = [...users].sort((a, b) => b.balance - a.balance);
  const rich = byBalance[0];
  const poor = byBalance[byBalance.length - 1];
  const cheap = [...products].sort((a, b) => a.price - b.price)[0];
  const scarce = [...products].sort((a, b) => a.stock - b.stock)[0];
  let n = 0;
  return () => {
    n++;
    if (n % 10 === 0) return { userId: poor.id, items: [{ productId: cheap.id, quantity: Math.floor(poor.balance / cheap.price) + 1 }] };
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
      const p = fetch(`${base}/api/orders`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(next()) })
        .then((r) => {
          if (r.status === 202) result.accepted++;
          else result.failed++;
          result.postMs.push(performance.now() - t);
          return r.arrayBuffer();
        })
        .then(() => undefined, () => void result.failed++)
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, tickMs - (Date.now() - started))));
  }
  await Promise.all(inflight);
  return result;
}

async function heapMb(page: Page, cdp: Awaited<ReturnType<ReturnType<Page["context"]>["newCDPSession"]>>): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  void page;
  return usedSize / 1024 / 1024;
}

/** Least-squares slope of y over x (MB per minute when x is minutes). */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** An OrderView with 200 records: a full happy path, redeliveries of it and retried DLQ records. */
function bigOrder(orderId: string): OrderView {
  const path = sagaEvents(HAPPY, { orderId });
  const retries = Array.from({ length: 97 }, (_, i) => sagaEvents(["saga-dlq"], { orderId, startMs: Date.parse(path[4].brokerTimestamp) + i })[0]);
  const dupes = Array.from({ length: 200 - path.length - retries.length }, (_, i) => redelivered(path[i % path.length], 100_000 + i));
  const steps = [...path, ...retries, ...dupes];
  return { orderId, userId: "u-alice", status: "COMPLETED", reason: null, totalAmount: 600, itemCount: 1, createdAt: path[0].occurredAt, updatedAt: path[4].occurredAt, detail: null, items: [{ productId: "p-tea", quantity: 2, unitPrice: 300 }], steps };
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
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const cdp = await page.context().newCDPSession(page);
  const render = await journeyRenderMs(page);
  await page.goto(`${base}/saga?metrics=1`);
  await page.getByText("Live feed: connected").waitFor({ timeout: 30_000 });
  await page.evaluate(() => window.__sagaMetrics?.drain());

  console.log(`driving ${rate} orders/s for ${durationS} s against ${base} …`);
  const t0 = Date.now();
  const heap: [number, number][] = [[0, await heapMb(page, cdp)]];
  const delays: number[] = [];
  const arrivals: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    let lastHeap = Date.now();
    while (sampling) {
      await new Promise((r) => setTimeout(r, 1000));
      const d = await page.evaluate(() => window.__sagaMetrics?.drain() ?? { delays: [], arrivals: [], records: 0 });
      delays.push(...d.delays);
      arrivals.push(...d.arrivals);
      if (Date.now() - lastHeap >= heapEveryS * 1000) {
        lastHeap = Date.now();
        heap.push([(Date.now() - t0) / 60_000, await heapMb(page, cdp)]);
      }
    }
  })();
  const load = await driveLoad(orderMix(products, users), t0 + durationS * 1000);
  await new Promise((r) => setTimeout(r, 5000)); // let the tail of the saga reach the page
  sampling = false;
  await sampler;
  heap.push([(Date.now() - t0) / 60_000, await heapMb(page, cdp)]);
  const stats = await page.getByRole("region", { name: "Saga statistics" }).innerText();

  await browser.close();

  const secondHalf = heap.filter(([m]) => m >= durationS / 120);
  console.log("\n== live map under load ==");
  console.log(`orders sent ${load.sent}, accepted ${load.accepted}, failed ${load.failed} (${(load.accepted / durationS).toFixed(1)} accepted/s); POST p95 ${fmt(percentile(load.postMs, 95))}`);
  console.log(`records measured on the page: ${delays.length}`);
  console.log(`broker timestamp -> batch in the tab: p50 ${fmt(percentile(arrivals, 50))}, p95 ${fmt(percentile(arrivals, 95))}, p99 ${fmt(percentile(arrivals, 99))}`);
  console.log(`broker timestamp -> DOM: p50 ${fmt(percentile(delays, 50))}, p95 ${fmt(percentile(delays, 95))}, p99 ${fmt(percentile(delays, 99))}, max ${fmt(delays.length ? Math.max(...delays) : null)}`);
  console.log(`JS heap after GC (MB): start ${heap[0][1].toFixed(1)}, end ${heap[heap.length - 1][1].toFixed(1)}, max ${Math.max(...heap.map((h) => h[1])).toFixed(1)}; slope over 2nd half ${slope(secondHalf).toFixed(2)} MB/min`);
  console.log(`heap samples (min, MB): ${heap.map(([m, v]) => `${m.toFixed(1)}:${v.toFixed(1)}`).join(" ")}`);
  console.log(`stats strip at the end: ${stats.replace(/\s*\n\s*/g, " | ")}`);
  console.log("\n== order journey with 200 records ==");
  console.log(`navigation -> journey rendered (quiet system, before the load): ${render.map((t) => `${t.toFixed(0)} ms`).join(", ")} (median ${fmt(percentile(render, 50))})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
