// Sees each saga end: a consumer of the topics that end a saga in either mode (order-complete,
// order-cancel, the orchestrator's notification-command)
// matches each record to the order the load placed, and keeps latencies per run. It also
// writes the live progress line (sent, finished, in flight, current rate, p99 so far).
import type { Consumer } from "kafkajs";
import { createConsumer, createKafka } from "../../services/kit/kafka/client";
import { ENDING_TOPICS, physicalTopic } from "../../contracts";
import { percentile } from "./stats";

type Sent = { at: number; measured: boolean };

export class Observer {
  private readonly sent = new Map<string, Sent>();
  private readonly waiters = new Map<string, () => void>();
  private consumer: Consumer | null = null;
  /** Latencies (ms) of the measured orders whose saga ended, and those orders. */
  latencies: number[] = [];
  measuredIds: string[] = [];
  /** When each saga ended, measured or not (for the rate sustained in a window). */
  endedAt: number[] = [];
  offered = 0;
  refused = 0;
  /** Orders that got neither a 202 nor a 503, by what happened. */
  failures = new Map<string, number>();
  finished = 0;
  private recent: number[] = [];
  /** Sagas that ended before their 202 reached the load (a fast saga and a slow HTTP answer). */
  private readonly early = new Map<string, number>();

  constructor(
    private readonly brokers: string[],
    private readonly prefix: string,
  ) {}

  async start(): Promise<void> {
    const kafka = createKafka({ brokers: this.brokers }, "bench-observer");
    const consumer = createConsumer(kafka, `${this.prefix}bench-observer`);
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.connect();
    await consumer.subscribe({ topics: ENDING_TOPICS.map((t) => physicalTopic(t, this.prefix)), fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 8,
      autoCommit: false, // a commit per batch would be broker work counted against the saga
      eachBatch: async ({ batch }) => {
        const now = performance.now();
        for (const m of batch.messages) this.ended(m.key?.toString() ?? "", now);
      },
    });
    while (!joined) await new Promise((r) => setTimeout(r, 50));
    this.consumer = consumer;
  }

  /** Starts a new run's figures (what is still in flight from the last one stays tracked). */
  beginRun(): void {
    this.latencies = [];
    this.measuredIds = [];
    this.endedAt = [];
    this.offered = 0;
    this.refused = 0;
    this.failures = new Map();
    this.finished = 0;
  }

  failed(reason: string): void {
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }

  /** Measured orders still in flight. */
  measuredInFlight(): number {
    let n = 0;
    for (const s of this.sent.values()) if (s.measured) n++;
    return n;
  }

  placed(orderId: string, at: number, measured: boolean): void {
    this.sent.set(orderId, { at, measured });
    const endedAt = this.early.get(orderId);
    if (endedAt !== undefined) {
      this.early.delete(orderId);
      this.ended(orderId, endedAt);
    }
  }

  private ended(orderId: string, now: number): void {
    const s = this.sent.get(orderId);
    if (!s) {
      if (this.early.size < 100_000) this.early.set(orderId, now);
      return;
    }
    this.sent.delete(orderId);
    this.finished++;
    this.recent.push(now);
    this.endedAt.push(now);
    if (s.measured) {
      this.latencies.push(now - s.at);
      this.measuredIds.push(orderId);
    }
    this.waiters.get(orderId)?.();
    this.waiters.delete(orderId);
  }

  /** Resolves when the order's saga has ended (immediately if it already has). */
  waitFor(orderId: string): Promise<void> {
    if (!this.sent.has(orderId)) return Promise.resolve();
    return new Promise((r) => this.waiters.set(orderId, r));
  }

  inFlight(): number {
    return this.sent.size;
  }

  /** Sagas ended in the last second. */
  currentRate(now = performance.now()): number {
    this.recent = this.recent.filter((t) => t > now - 1000);
    return this.recent.length;
  }

  progress(label: string): string {
    const p99 = percentile(
      [...this.latencies].sort((a, b) => a - b),
      99,
    );
    return `${label} · sent ${this.offered} · finished ${this.finished} · in flight ${this.inFlight()} · ${this.currentRate()}/s · p99 ${Number.isNaN(p99) ? "–" : `${Math.round(p99)} ms`}`;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
