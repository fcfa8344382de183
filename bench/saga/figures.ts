// Figures read from the system after a window: where each hop's time went (the timeline records
// it: outbox wait, Kafka wait, handler time), commits and records per saga, the outbox and
// consumer backlog, from the four databases and the broker.
import { Kafka, logLevel } from "kafkajs";
import type pg from "pg";
import { physicalTopic, SERVICES, TOPICS, type ServiceName } from "../../contracts";

export type HopSplit = Record<"outboxMs" | "kafkaMs" | "handlerMs", { p50: number; p99: number; mean: number }>;

/** Per hop of the given orders: percentiles of each part of its time. */
export async function hopSplit(orderDb: pg.Pool, orderIds: string[]): Promise<HopSplit> {
  const { rows } = await orderDb.query<{ part: keyof HopSplit; p50: number; p99: number; mean: number }>(
    `WITH hops AS (
       SELECT extract(epoch FROM e.broker_timestamp - e.occurred_at) * 1000 AS outbox_ms,
              extract(epoch FROM e.cause_consumed_at - c.broker_timestamp) * 1000 AS kafka_ms,
              extract(epoch FROM e.occurred_at - e.cause_consumed_at) * 1000 AS handler_ms
       FROM saga_events e LEFT JOIN saga_events c ON c.event_id = e.causation_id
       WHERE e.order_id = ANY($1) AND e.topic <> 'saga-dlq')
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

/** Records the timeline holds for these orders, per order (every topic but dead letters). */
export async function recordsPerSaga(orderDb: pg.Pool, orderIds: string[]): Promise<number> {
  const { rows } = await orderDb.query<{ n: string }>(`SELECT count(*) AS n FROM saga_events WHERE order_id = ANY($1) AND topic <> 'saga-dlq'`, [orderIds]);
  return Number(rows[0]!.n) / Math.max(1, orderIds.length);
}

/** Transactions committed so far in the four service databases. */
export async function commitsSoFar(admin: pg.Pool, databases: string[]): Promise<number> {
  const { rows } = await admin.query<{ n: string }>(`SELECT coalesce(sum(xact_commit), 0) AS n FROM pg_stat_database WHERE datname = ANY($1)`, [databases]);
  return Number(rows[0]!.n);
}

export async function outboxDepths(db: Record<ServiceName, pg.Pool>): Promise<Record<ServiceName, number>> {
  const depths = await Promise.all(SERVICES.map(async (s) => Number((await db[s].query<{ n: string }>("SELECT count(*) AS n FROM outbox")).rows[0]!.n)));
  return Object.fromEntries(SERVICES.map((s, i) => [s, depths[i]!])) as Record<ServiceName, number>;
}

/** Records not yet consumed by each consumer group of the saga, summed over its topics and partitions. */
export async function consumerLag(brokers: string[], prefix: string, groups: string[]): Promise<Record<string, number>> {
  const kafka = new Kafka({ clientId: "bench-lag", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = TOPICS.map((t) => physicalTopic(t, prefix));
    const ends = new Map<string, number>();
    for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, Number(p.high));
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
