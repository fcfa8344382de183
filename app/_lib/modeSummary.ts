// One saga mode's figures for a race batch, from its orders' outcomes: how many ended, how fast,
// how many messages and hops each saga took, where the time went, which compensation paths ran.
import type { SagaMode } from "../../contracts/topics";
import type { OrderOutcome } from "./modeRace";
import { percentile } from "../../shared/sagaStats";
import { reasonText } from "./topology";

export type PathCount = { path: string[]; count: number };
export type OutcomeCount = { label: string; count: number };

export type ModeSummary = {
  mode: SagaMode;
  placed: number;
  ended: number;
  /** First acceptance to last ending among the ended sagas (server clocks), ms; null before one ends. */
  wallMs: number | null;
  sagasPerSecond: number | null;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  /** Means per ended saga; null before one ends. */
  messagesPerSaga: number | null;
  hopsPerSaga: number | null;
  kafkaMsPerSaga: number | null;
  outboxMsPerSaga: number | null;
  handlerMsPerSaga: number | null;
  /** The distinct step sequences of cancelled orders, most frequent first. */
  compensationPaths: PathCount[];
  /** "Completed", "Cancelled: out of stock", … most frequent first. */
  outcomes: OutcomeCount[];
};

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function counted<T>(items: readonly T[], key: (t: T) => string): { item: T; count: number }[] {
  const m = new Map<string, { item: T; count: number }>();
  for (const t of items) {
    const k = key(t);
    const c = m.get(k);
    if (c) c.count++;
    else m.set(k, { item: t, count: 1 });
  }
  return [...m.values()].sort((a, b) => b.count - a.count || key(a.item).localeCompare(key(b.item)));
}

export function outcomeLabel(o: Pick<OrderOutcome, "status" | "reason">): string {
  if (o.status === "COMPLETED") return "Completed";
  if (o.status === "CANCELLED") return `Cancelled: ${reasonText(o.reason)}`;
  return "Pending";
}

/**
 * `outcomes` holds the latest outcome of each order placed in `mode` (others are ignored); an
 * order counts as ended once it is settled (orderOutcome), so every figure covers whole journeys.
 */
export function summarizeMode(mode: SagaMode, placed: number, outcomes: readonly OrderOutcome[]): ModeSummary {
  const ended = outcomes.filter((o) => o.mode === mode && o.settled && o.startMs !== null && o.endMs !== null);
  const latencies = ended.map((o) => Math.max(0, o.endMs! - o.startMs!));
  const wallMs = ended.length
    ? Math.max(...ended.map((o) => o.endMs!)) - Math.min(...ended.map((o) => o.startMs!))
    : null;
  const cancelled = ended.filter((o) => o.status === "CANCELLED");
  return {
    mode,
    placed,
    ended: ended.length,
    wallMs,
    sagasPerSecond: wallMs === null ? null : ended.length / (Math.max(wallMs, 1) / 1000),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
    messagesPerSaga: mean(ended.map((o) => o.messages)),
    hopsPerSaga: mean(ended.map((o) => o.hops)),
    kafkaMsPerSaga: mean(ended.map((o) => o.kafkaMs)),
    outboxMsPerSaga: mean(ended.map((o) => o.outboxMs)),
    handlerMsPerSaga: mean(ended.map((o) => o.handlerMs)),
    compensationPaths: counted(cancelled, (o) => o.path.join(" → ")).map(({ item, count }) => ({
      path: item.path,
      count,
    })),
    outcomes: counted(ended, outcomeLabel).map(({ item, count }) => ({ label: outcomeLabel(item), count })),
  };
}
