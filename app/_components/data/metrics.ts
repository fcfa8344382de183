// A measuring hook for the UI benchmark (bench/ui-latency.ts). Off unless the page URL has
// ?metrics=1. Records, per saga record, the delay from its broker timestamp to the commit that
// put it on screen, in a bounded array the benchmark drains.
import type { SagaEvent } from "../../../contracts/socket";

export type SagaMetrics = {
  /** ms from broker timestamp to DOM commit, one per record; drained by the benchmark. */
  delays: number[];
  /** ms from broker timestamp to the batch reaching the tab (before React renders it). */
  arrivals: number[];
  records: number;
  pending: number[];
  drain(): { delays: number[]; arrivals: number[]; records: number };
};

declare global {
  interface Window {
    __sagaMetrics?: SagaMetrics;
  }
}

const MAX = 100_000;

export function metricsEnabled(): boolean {
  return typeof window !== "undefined" && new URLSearchParams(window.location.search).get("metrics") === "1";
}

function collector(): SagaMetrics {
  window.__sagaMetrics ??= {
    delays: [],
    arrivals: [],
    records: 0,
    pending: [],
    drain() {
      const out = { delays: this.delays, arrivals: this.arrivals, records: this.records };
      this.delays = [];
      this.arrivals = [];
      return out;
    },
  };
  return window.__sagaMetrics;
}

/** A batch reached the tab: remember its broker timestamps until the next commit. */
export function noteArrivals(events: readonly SagaEvent[]): void {
  if (!metricsEnabled()) return;
  const m = collector();
  const now = performance.timeOrigin + performance.now();
  for (const e of events) {
    if (m.pending.length >= MAX) break;
    const ts = Date.parse(e.brokerTimestamp);
    m.pending.push(ts);
    if (m.arrivals.length < MAX) m.arrivals.push(now - ts);
  }
}

/** The view committed: everything pending is now in the DOM. */
export function noteCommitted(): void {
  const m = typeof window === "undefined" ? undefined : window.__sagaMetrics;
  if (!m || m.pending.length === 0) return;
  const now = performance.timeOrigin + performance.now();
  for (const ts of m.pending) if (m.delays.length < MAX) m.delays.push(now - ts);
  m.records += m.pending.length;
  m.pending = [];
}
