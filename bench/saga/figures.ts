// Figures read from the system after a window: where each hop's time went (the observer's
// records hold it: outbox wait, Kafka wait, handler time), commits and records per saga, the
// outbox and consumer backlog, from the databases and the broker.
import { createKafka } from "../../services/kit/kafka/client";
import type pg from "pg";
import { JOURNEY_RECORDS } from "./journeys";
import {
  orderSteps,
  physicalTopic,
  SERVICES,
  stepName,
  TOPICS,
  type AnyEnvelope,
  type SagaStep,
  type ServiceName,
  type TopicName,
} from "../../contracts";

export type HopSplit = Record<"outboxMs" | "kafkaMs" | "handlerMs", { p50: number; p99: number; mean: number }>;

/** Per hop of the given orders: percentiles of each part of its time. */
export async function hopSplit(observerDb: pg.Pool, orderIds: string[]): Promise<HopSplit> {
  const { rows } = await observerDb.query<{ part: keyof HopSplit; p50: number; p99: number; mean: number }>(
    `WITH records AS (${JOURNEY_RECORDS}), hops AS (
       SELECT extract(epoch FROM e.broker_timestamp - e.occurred_at) * 1000 AS outbox_ms,
              extract(epoch FROM e.cause_consumed_at - c.broker_timestamp) * 1000 AS kafka_ms,
              extract(epoch FROM e.occurred_at - e.cause_consumed_at) * 1000 AS handler_ms
       FROM records e LEFT JOIN records c ON c.event_id = e.causation_id)
     SELECT part, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, avg(ms) AS mean
     FROM hops, LATERAL (VALUES ('outboxMs', outbox_ms), ('kafkaMs', kafka_ms), ('handlerMs', handler_ms)) AS v(part, ms)
     WHERE ms IS NOT NULL GROUP BY part`,
    [orderIds],
  );
  const r = (n: unknown) => Math.round(Number(n) * 10) / 10;
  const empty = { p50: Number.NaN, p99: Number.NaN, mean: Number.NaN };
  const out: HopSplit = { outboxMs: empty, kafkaMs: empty, handlerMs: empty };
  for (const row of rows) out[row.part] = { p50: r(row.p50), p99: r(row.p99), mean: r(row.mean) };
  return out;
}

/** Per saga, on average: the time its hops spent in outboxes, in Kafka and in handlers, summed. */
export async function timePerSaga(
  observerDb: pg.Pool,
  orderIds: string[],
): Promise<Record<"outboxMs" | "kafkaMs" | "handlerMs", number>> {
  const { rows } = await observerDb.query<{ outbox: number; kafka: number; handler: number }>(
    `WITH records AS (${JOURNEY_RECORDS})
     SELECT sum(extract(epoch FROM e.broker_timestamp - e.occurred_at)) * 1000 / $2 AS outbox,
            sum(extract(epoch FROM e.cause_consumed_at - c.broker_timestamp)) * 1000 / $2 AS kafka,
            sum(extract(epoch FROM e.occurred_at - e.cause_consumed_at)) * 1000 / $2 AS handler
     FROM records e LEFT JOIN records c ON c.event_id = e.causation_id`,
    [orderIds, Math.max(1, orderIds.length)],
  );
  const r = (n: unknown) => Math.round(Number(n ?? Number.NaN) * 10) / 10;
  return { outboxMs: r(rows[0]?.outbox), kafkaMs: r(rows[0]?.kafka), handlerMs: r(rows[0]?.handler) };
}

/** How many of these orders took each path (their steps by name, in saga order), most common first. */
export async function sagaPaths(observerDb: pg.Pool, orderIds: string[]): Promise<{ path: string; orders: number }[]> {
  const { rows } = await observerDb.query<{
    order_id: string;
    event_id: string;
    topic: TopicName;
    partition: number;
    offset: string;
    occurred_at: Date;
    broker_timestamp: Date;
    envelope: AnyEnvelope;
  }>(JOURNEY_RECORDS, [orderIds]);
  const steps = new Map<string, SagaStep[]>();
  for (const r of rows) {
    const step = {
      eventId: r.event_id,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      occurredAt: r.occurred_at.toISOString(),
      brokerTimestamp: r.broker_timestamp.toISOString(),
      envelope: r.envelope,
    };
    steps.set(r.order_id, [...(steps.get(r.order_id) ?? []), step as SagaStep]);
  }
  const count = new Map<string, number>();
  for (const list of steps.values()) {
    const path = orderSteps(list)
      .unique.map((s) => stepName(s.envelope))
      .join(" → ");
    count.set(path, (count.get(path) ?? 0) + 1);
  }
  return [...count].map(([path, orders]) => ({ path, orders })).sort((a, b) => b.orders - a.orders);
}

/** Saga records of these orders, per order (every topic but dead letters; a record published twice once). */
export async function recordsPerSaga(observerDb: pg.Pool, orderIds: string[]): Promise<number> {
  const { rows } = await observerDb.query<{ n: string }>(`SELECT count(*) AS n FROM (${JOURNEY_RECORDS}) r`, [
    orderIds,
  ]);
  return Number(rows[0]!.n) / Math.max(1, orderIds.length);
}

/** Transactions committed so far in the four service databases. */
export async function commitsSoFar(admin: pg.Pool, databases: string[]): Promise<number> {
  const { rows } = await admin.query<{ n: string }>(
    `SELECT coalesce(sum(xact_commit), 0) AS n FROM pg_stat_database WHERE datname = ANY($1)`,
    [databases],
  );
  return Number(rows[0]!.n);
}

export async function outboxDepths(db: Record<ServiceName, pg.Pool>): Promise<Record<ServiceName, number>> {
  const depths = await Promise.all(
    SERVICES.map(async (s) =>
      Number((await db[s].query<{ n: string }>("SELECT count(*) AS n FROM outbox")).rows[0]!.n),
    ),
  );
  return Object.fromEntries(SERVICES.map((s, i) => [s, depths[i]!])) as Record<ServiceName, number>;
}

/** Records not yet consumed by each consumer group of the saga, summed over its topics and partitions. */
export async function consumerLag(
  brokers: string[],
  prefix: string,
  groups: string[],
): Promise<Record<string, number>> {
  const kafka = createKafka({ brokers }, "bench-lag", { quiet: true });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = TOPICS.map((t) => physicalTopic(t, prefix));
    const ends = new Map<string, number>();
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, Number(p.high));
    const lag: Record<string, number> = {};
    for (const group of groups) {
      const groupId = `${prefix}${group}`;
      let n = 0;
      for (const t of await admin.fetchOffsets({ groupId, topics })) {
        for (const p of t.partitions) {
          const committed = Number(p.offset);
          const end = ends.get(`${t.topic}/${p.partition}`) ?? 0;
          if (committed >= 0) n += Math.max(0, end - committed);
        }
      }
      lag[group] = n;
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
