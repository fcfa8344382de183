// The outbox relay: takes committed outbox rows in commit order (deleting them in a transaction
// that commits only after Kafka acknowledged the batch), publishes them, commits. A crash
// between the acknowledgement and the commit re-sends (at-least-once); consumers dedupe.
import type { Producer } from "kafkajs";
import { physicalTopic, type TopicName } from "../../../contracts";
import { takeOutboxBatch } from "../db/outbox";
import type { Database } from "../db/sql";
import { abandonable, settlesWithin } from "../abandonable";
import { SagaError, toSagaError } from "../errors";
import { backoffMs } from "../retry";
import type { Logger } from "../log";
import { publishSpans } from "../telemetry/kafka-spans";
import type { Tracing } from "../telemetry/tracing";

/** The first wait after a failed pass; then the one backoff of ../retry.ts. */
const RELAY_RETRY_BASE_MS = 200;

export type OutboxRelay = {
  /** Asks for a publish pass now (called after a transaction that enqueued events commits). */
  wake(): void;
  stop(): Promise<void>;
  published(): number;
};

export function startOutboxRelay(deps: {
  db: Database;
  producer: Producer;
  topicPrefix: string;
  pollMs: number;
  /**
   * Least time between two publishing passes while busy (0: none): fewer, larger produced
   * batches for fewer broker requests, at the price of up to that much latency per hop; an idle
   * relay still publishes a lone event at once.
   */
  lingerMs?: number;
  batchSize?: number;
  log: Logger;
  /** With tracing on, each publish is a span, child of the context stored with its row. */
  tracing?: Tracing | null;
  /** How long a stop waits for the pass in hand before leaving its rows to the next start (2 s). */
  stopWaitMs?: number;
}): OutboxRelay {
  const batchSize = deps.batchSize ?? 500;
  const stopWaitMs = deps.stopWaitMs ?? 2000;
  let stopping = false;
  // A send kafkajs retries against a broker that does not answer takes up to half a minute
  // (connectProducer's retries); a stop does not wait for it. Its transaction rolls back, the
  // rows stay in the outbox for the next start, and if kafkajs delivers them after all, the
  // consumers' inboxes absorb the second copy.
  const sends = abandonable();
  const abandon = () =>
    sends.abandon(
      () => new SagaError("KAFKA_UNAVAILABLE", "the relay stopped before Kafka answered; the rows stay in the outbox"),
    );
  let cutSleep: () => void = () => undefined;
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      cutSleep = () => (clearTimeout(t), r());
    });
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let publishedCount = 0;
  let failures = 0;
  let kafkaDown = false;
  let lastPublish = Number.NEGATIVE_INFINITY;
  const linger = async () => {
    const wait = lastPublish + (deps.lingerMs ?? 0) - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };

  /** Publishes one batch; `probe`: look without a transaction first (a timer's poll mostly finds nothing). */
  async function pass(probe: boolean): Promise<number> {
    if (probe && (await deps.db.query(`SELECT 1 FROM outbox LIMIT 1`)).rows.length === 0) return 0;
    const spans = deps.tracing ? publishSpans(deps.tracing) : null;
    const published = deps.db.transaction(
      async (tx) => {
        const rows = await takeOutboxBatch(tx, batchSize);
        if (rows.length === 0) return 0;
        const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
        for (const r of rows) {
          const topic = physicalTopic(r.topic as TopicName, deps.topicPrefix);
          const list = byTopic.get(topic) ?? [];
          list.push({ key: r.key, value: r.value, headers: spans ? spans.headers(r, topic) : r.headers });
          byTopic.set(topic, list);
        }
        await sends.wrap(
          deps.producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) }),
        );
        return rows.length;
        // Kafka has the records: a deletion lost in a crash only publishes them again, which the
        // consumers' inboxes absorb, so this commit need not wait for the disk.
      },
      { durable: false },
    );
    // The publish spans end once the rows' deletion has committed (or rolled back).
    return spans
      ? published.then(
          (n) => (spans.end(), n),
          (err) => (spans.end(err), Promise.reject(err)),
        )
      : published;
  }

  let woken = false;
  let full = false;
  async function drain(): Promise<void> {
    do {
      again = false;
      try {
        let n: number;
        do {
          await linger();
          const started = performance.now();
          // After a commit that enqueued something, or a full batch, there are rows: no need to look first.
          const probe = !woken && !full;
          woken = false;
          n = await pass(probe);
          full = n === batchSize;
          if (n > 0) lastPublish = started;
          publishedCount += n;
          // A batch that was not full took everything committed before it; what commits later
          // wakes the relay again (`again`), so looking once more would find nothing.
        } while (full && !stopping);
        failures = 0;
        kafkaDown = false;
      } catch (err) {
        failures++;
        kafkaDown = toSagaError(err).code === "KAFKA_UNAVAILABLE";
        if (stopping) return;
        deps.log.warn("outbox relay pass failed; will retry", { err: toSagaError(err), failures });
        await sleep(backoffMs(failures, RELAY_RETRY_BASE_MS));
        again = !stopping;
      }
    } while (again && !stopping);
  }

  function wake(): void {
    woken = true;
    start();
  }

  function start(): void {
    if (stopping) return;
    if (running) {
      again = true;
      return;
    }
    running = deps.db.detached(drain).finally(() => {
      running = null;
    });
  }

  let polling = true;
  const tick = () => {
    start();
    if (polling) timer = setTimeout(tick, deps.pollMs);
  };
  tick();

  return {
    wake,
    published: () => publishedCount,
    /**
     * Stops polling and publishes what the outbox still holds, bounded in time: when Kafka does
     * not answer (the pass in hand has not ended within `stopWaitMs`, or the last pass failed on
     * Kafka), the rows stay for the next start.
     */
    async stop() {
      polling = false;
      stopping = true;
      if (timer) clearTimeout(timer);
      cutSleep();
      const inTime = await settlesWithin(running ?? Promise.resolve(), stopWaitMs);
      const limit = setTimeout(abandon, 3000);
      if (!inTime) abandon();
      await running;
      try {
        if (!inTime || kafkaDown) throw new SagaError("KAFKA_UNAVAILABLE", "Kafka did not take the last pass");
        await deps.db.detached(async () => {
          let n: number;
          do {
            n = await pass(true);
            publishedCount += n;
          } while (n > 0);
        });
      } catch (err) {
        deps.log.warn("outbox not fully published on stop; the next start publishes it", { err: toSagaError(err) });
      } finally {
        clearTimeout(limit);
      }
    },
  };
}
