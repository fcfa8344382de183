// Shared by the UI benchmarks: a headless Chromium on the live map with the page's latency hook
// (window.__sagaMetrics) drained every second and the JS heap sampled after a forced GC.
import { chromium, type Browser, type CDPSession, type Page } from "@playwright/test";
import { percentile } from "../shared/sagaStats";

export const fmt = (n: number | null) => (n === null ? "–" : `${n.toFixed(0)} ms`);

export async function launchBrowser(): Promise<{ browser: Browser; page: Page; cdp: CDPSession }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  return { browser, page, cdp: await page.context().newCDPSession(page) };
}

export async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  return usedSize / 1024 / 1024;
}

/** Least-squares slope of y over x (MB per minute when x is minutes). */
export function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export type MapSamples = { delays: number[]; arrivals: number[]; heap: [number, number][] };

/** Samples the map page until stop() is called; heap every `heapEveryS` seconds. */
export function sampleMap(page: Page, cdp: CDPSession, heapEveryS: number): { stop(): Promise<MapSamples> } {
  const t0 = Date.now();
  const out: MapSamples = { delays: [], arrivals: [], heap: [] };
  let sampling = true;
  const loop = (async () => {
    out.heap.push([0, await heapMb(cdp)]);
    let lastHeap = Date.now();
    while (sampling) {
      await new Promise((r) => setTimeout(r, 1000));
      const d = await page.evaluate(() => window.__sagaMetrics?.drain() ?? { delays: [], arrivals: [], records: 0 });
      out.delays.push(...d.delays);
      out.arrivals.push(...d.arrivals);
      if (Date.now() - lastHeap >= heapEveryS * 1000) {
        lastHeap = Date.now();
        out.heap.push([(Date.now() - t0) / 60_000, await heapMb(cdp)]);
      }
    }
    out.heap.push([(Date.now() - t0) / 60_000, await heapMb(cdp)]);
  })();
  return {
    async stop() {
      sampling = false;
      await loop;
      return out;
    },
  };
}

export function reportMap(s: MapSamples, durationS: number): void {
  const { delays, arrivals, heap } = s;
  const secondHalf = heap.filter(([m]) => m >= durationS / 120);
  console.log(`records measured on the page: ${delays.length}`);
  console.log(
    `broker timestamp -> batch in the tab: p50 ${fmt(percentile(arrivals, 50))}, p95 ${fmt(percentile(arrivals, 95))}, p99 ${fmt(percentile(arrivals, 99))}`,
  );
  console.log(
    `broker timestamp -> DOM: p50 ${fmt(percentile(delays, 50))}, p95 ${fmt(percentile(delays, 95))}, p99 ${fmt(percentile(delays, 99))}, max ${fmt(delays.length ? delays.reduce((m, d) => (d > m ? d : m), 0) : null)}`,
  );
  console.log(
    `JS heap after GC (MB): start ${heap[0][1].toFixed(1)}, end ${heap[heap.length - 1][1].toFixed(1)}, max ${Math.max(...heap.map((h) => h[1])).toFixed(1)}; slope over 2nd half ${slope(secondHalf).toFixed(2)} MB/min`,
  );
  console.log(`heap samples (min, MB): ${heap.map(([m, v]) => `${m.toFixed(1)}:${v.toFixed(1)}`).join(" ")}`);
}
