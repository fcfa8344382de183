// A projection consumer group: reads topics in batches and hands the valid events of each batch
// to one handler (one database round trip per batch instead of per event; the batches of the
// partitions of one fetch share it). Invalid records are skipped: the group that owns a topic
// dead-letters them. Offsets are resolved after the handler.
// A batch that fails is retried as the error table says: outages until they pass; when a record
// can never be stored (or a bug outlasts the attempts), the batch is split and only the records
// that still fail alone are parked (parking.ts), so one record cannot wedge the read model.
import type { Consumer, Kafka } from "kafkajs";
import { logicalTopic, parseEnvelope, physicalTopic, type AnyEnvelope, type TopicName } from "../../../contracts";
import { toSagaError } from "../errors";
import type { Logger } from "../log";
import { headersToStrings, watchForFatalCrash } from "./consumer";
import type { MessageContext } from "./message";
import { createConsumer } from "./client";
import { createGroupCommit } from "./group-commit";
import { leaveGroup, periodicOffsetCommits } from "./offset-commits";
import type { Parking } from "./parking";

export type Projection = {
  topics: readonly TopicName[];
  apply(batch: { event: AnyEnvelope; ctx: MessageContext }[]): Promise<void>;
};

type Item = { event: AnyEnvelope; ctx: MessageContext; key: Buffer | null; value: Buffer | null };

export async function runProjection(opts: {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  projection: Projection;
  park: Parking;
  maxAttempts: number;
  retryBaseMs: number;
  partitionsConsumedConcurrently: number;
  log: Logger;
  onFatal?: (err: Error) => void;
}): Promise<{ consumer: Consumer; stop(): Promise<void>; parked(): number }> {
  const consumer = createConsumer(opts.kafka, opts.groupId);
  let stopping = false;
  let parked = 0;
  // The batches of many partitions fetched together go to the store in one call (group-commit.ts).
  const group = createGroupCommit<Item>((items) => opts.projection.apply(items));
  watchForFatalCrash(consumer, () => stopping, opts);
  const commits = periodicOffsetCommits(consumer, opts.log);
  await consumer.connect();
  await consumer.subscribe({
    topics: opts.projection.topics.map((t) => physicalTopic(t, opts.topicPrefix)),
    fromBeginning: true,
  });
  await consumer.run({
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
    autoCommit: false, // offset-commits.ts commits once a second
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
      const topic = logicalTopic(batch.topic, opts.topicPrefix);
      if (!topic || batch.messages.length === 0) return;
      const receivedAt = new Date();
      const items: Item[] = [];
      for (const m of batch.messages) {
        const parsed = parseEnvelope(m.value, topic);
        if (!parsed.ok) continue;
        const ctx: MessageContext = {
          topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key?.toString() ?? null,
          timestamp: new Date(Number(m.timestamp)),
          receivedAt,
          headers: headersToStrings(m.headers),
        };
        items.push({ event: parsed.envelope, ctx, key: m.key, value: m.value });
      }

      const pause = async (attempt: number) => {
        await new Promise((r) => setTimeout(r, Math.min(5000, opts.retryBaseMs * 2 ** attempt)));
        await heartbeat();
      };
      /** Runs `step` until it succeeds; `giveUp` says when an error ends the tries (returns true). */
      const attempt = async (step: () => Promise<void>, giveUp: (err: unknown, n: number) => Promise<boolean>) => {
        for (let n = 1; ; n++) {
          try {
            return await step();
          } catch (err) {
            if (!isRunning()) throw err; // stopping: leave the batch uncommitted
            if (await giveUp(err, n)) return;
            opts.log.warn("projection batch failed; retrying", {
              topic,
              attempt: n,
              records: items.length,
              err: toSagaError(err),
            });
            await pause(n);
          }
        }
      };
      const applyOrPark = (some: Item[]): Promise<void> =>
        attempt(
          () => opts.projection.apply(some),
          async (err, n) => {
            const e = toSagaError(err);
            const hopeless = e.deadLetter === "at-once" || (e.deadLetter === "after-retries" && n >= opts.maxAttempts);
            if (!hopeless) return false;
            if (some.length > 1) {
              for (const one of some) await applyOrPark([one]);
              return true;
            }
            const [{ ctx, key, value }] = some as [Item];
            const record = {
              groupId: opts.groupId,
              topic: ctx.topic,
              partition: ctx.partition,
              offset: ctx.offset,
              key,
              value,
              error: e,
              attempts: n,
            };
            await attempt(
              () => opts.park(record),
              async () => false,
            );
            parked++;
            opts.log.error("projection parked a record it cannot store", {
              topic,
              partition: ctx.partition,
              offset: ctx.offset,
              err: e,
            });
            return true;
          },
        );

      if (items.length > 0 && (await group.submit(items)) !== "committed") await applyOrPark(items);
      resolveOffset(batch.lastOffset());
      commits.done(batch.topic, batch.partition, batch.lastOffset());
      await heartbeat();
    },
  });
  return {
    consumer,
    parked: () => parked,
    stop: async () => {
      stopping = true;
      consumer.pause(opts.projection.topics.map((t) => ({ topic: physicalTopic(t, opts.topicPrefix) })));
      await leaveGroup(consumer, commits, opts.log);
    },
  };
}
