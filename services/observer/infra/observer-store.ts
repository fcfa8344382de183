// The observer's PostgreSQL store (prisma/observer/migrations). One transaction per group of
// partition batches: their position rows are locked, records below them are skipped, and the rest
// change instances and counters by sums, least and greatest only, so any number of observer
// processes sharing the group (and redeliveries after a crash) count each record once.
import type { EventIdSource, SagaEnding } from "../../../contracts/sagas";
import type { Database, Sql } from "../../kit/db/sql";
import type {
  Counter,
  ObserverStore,
  RunsOption,
  PartitionBatch,
  StatusFilter,
  StoredInstance,
  StoredRecord,
} from "../application/ports";
import { summariseBatch } from "../domain/batch";
import { eventIdOf } from "../domain/event-id";
import { searchTerms } from "../domain/search-terms";
import type { ObservedRecord } from "../domain/record";
import { withRuns } from "./run-lookup";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Locks the batches' partition positions (in one order, so concurrent transactions cannot
 * deadlock), keeps each batch's records at or past its position and moves the positions on.
 */
async function takeNew(tx: Sql, saga: string, batches: readonly PartitionBatch[]): Promise<ObservedRecord[][]> {
  const key = (b: { topic: string; partition: number }) => `${b.topic}\u0000${b.partition}`;
  const order = batches
    .map((b, i) => ({ b, i }))
    .sort((x, y) =>
      x.b.topic < y.b.topic ? -1 : x.b.topic > y.b.topic ? 1 : x.b.partition - y.b.partition || x.i - y.i,
    );
  const partitions = [...new Map(order.map(({ b }) => [key(b), b])).values()];
  const { rows } = await tx.query<{ topic: string; partition: number; next_offset: string }>(
    // DO UPDATE (to the same value) locks an existing row and returns it in the same statement.
    `INSERT INTO saga_positions AS s (saga, topic, "partition", next_offset)
     SELECT $1, t, p, 0 FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS u(t, p, n) ORDER BY n
     ON CONFLICT (saga, topic, "partition") DO UPDATE SET next_offset = s.next_offset
     RETURNING topic, "partition", next_offset`,
    [saga, partitions.map((p) => p.topic), partitions.map((p) => p.partition)],
  );
  const next = new Map(rows.map((r) => [key(r), BigInt(r.next_offset)]));
  const moved = new Map<string, { topic: string; partition: number; next: bigint }>();
  const fresh: ObservedRecord[][] = batches.map(() => []);
  for (const { b, i } of order) {
    const from = next.get(key(b))!;
    const taken = b.records.filter((r) => BigInt(r.offset) >= from);
    fresh[i] = taken;
    if (taken.length === 0) continue;
    const to = taken.reduce((m, r) => (BigInt(r.offset) >= m ? BigInt(r.offset) + 1n : m), from);
    next.set(key(b), to);
    moved.set(key(b), { topic: b.topic, partition: b.partition, next: to });
  }
  if (moved.size > 0) {
    const m = [...moved.values()];
    await tx.query(
      `UPDATE saga_positions s SET next_offset = u.n FROM unnest($2::text[], $3::int[], $4::bigint[]) AS u(t, p, n)
       WHERE s.saga = $1 AND s.topic = u.t AND s."partition" = u.p`,
      [saga, m.map((x) => x.topic), m.map((x) => x.partition), m.map((x) => String(x.next))],
    );
  }
  return fresh;
}

type Write = { saga: string; shard: string; runs: RunsOption; eventId: EventIdSource | undefined };

/** Writes the records; returns them as stored, each with its run. */
async function write(tx: Sql, w: Write, records: ObservedRecord[]): Promise<ObservedRecord[]> {
  const { saga, shard, runs } = w;
  const stamped = runs ? await withRuns(tx, saga, records, runs.timeoutMs) : records;
  const { kept, instances, counters } = summariseBatch(stamped);
  if (kept.length > 0) {
    // One JSON document of the rows: JSON.stringify is native, where 13 parameter arrays were
    // escaped element by element by node-postgres (a tenth of the observer's CPU at 20,000 records/s).
    const rows = kept.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      instance_id: r.instanceId,
      step: r.step?.id ?? null,
      at: r.at.toISOString(),
      key: r.key,
      value: r.value,
      truncated: r.truncated,
      size: r.size,
      headers: r.headers,
      run: r.run,
      event_id: eventIdOf(w.eventId, r),
      search_terms: searchTerms(r),
    }));
    await tx.query(
      `INSERT INTO saga_records (saga, topic, "partition", "offset", instance_id, step, at, key, value, truncated, size, headers, run, event_id, search_terms)
       SELECT $1, r.topic, r."partition", r."offset", r.instance_id, r.step, r.at, r.key, r.value, r.truncated, r.size, r.headers, r.run, r.event_id, r.search_terms
         FROM json_to_recordset($2::json) AS r(topic text, "partition" int, "offset" bigint, instance_id text, step text, at timestamptz,
              key text, value jsonb, truncated bool, size int, headers jsonb, run int, event_id text, search_terms text[])
       ON CONFLICT DO NOTHING`,
      [saga, JSON.stringify(rows)],
    );
  }
  if (instances.length > 0) {
    await tx.query(
      `INSERT INTO saga_instances AS i (saga, id, started_at, last_event_at, ending, ended_at, records, run)
       SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::int[], $8::int[])
       ON CONFLICT (saga, id, run) DO UPDATE SET
         started_at = LEAST(i.started_at, EXCLUDED.started_at),
         last_event_at = GREATEST(i.last_event_at, EXCLUDED.last_event_at),
         records = i.records + EXCLUDED.records,
         ending = CASE WHEN EXCLUDED.ended_at IS NOT NULL AND (i.ended_at IS NULL OR EXCLUDED.ended_at < i.ended_at) THEN EXCLUDED.ending ELSE i.ending END,
         ended_at = CASE WHEN EXCLUDED.ended_at IS NOT NULL AND (i.ended_at IS NULL OR EXCLUDED.ended_at < i.ended_at) THEN EXCLUDED.ended_at ELSE i.ended_at END`,
      [
        saga,
        instances.map((i) => i.id),
        instances.map((i) => i.startedAt.toISOString()),
        instances.map((i) => i.lastEventAt.toISOString()),
        instances.map((i) => i.ending?.status ?? null),
        instances.map((i) => iso(i.ending?.at ?? null)),
        instances.map((i) => i.records),
        instances.map((i) => i.run),
      ],
    );
  }
  await tx.query(
    `INSERT INTO saga_counters AS c (saga, shard, metric, subject, value)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::bigint[])
     ON CONFLICT (saga, metric, subject, shard) DO UPDATE SET value = c.value + EXCLUDED.value`,
    [saga, shard, counters.map((c) => c.metric), counters.map((c) => c.subject), counters.map((c) => c.delta)],
  );
  return stamped;
}

type InstanceRow = {
  id: string;
  run: number;
  ending: SagaEnding | null;
  started_at: Date;
  last_event_at: Date;
  ended_at: Date | null;
  records: number;
};
const toInstance = (r: InstanceRow): StoredInstance => ({
  id: r.id,
  run: r.run,
  ending: r.ending,
  startedAt: r.started_at,
  lastEventAt: r.last_event_at,
  endedAt: r.ended_at,
  records: r.records,
});
const INSTANCE_COLUMNS = "id, run, ending, started_at, last_event_at, ended_at, records";

/** The WHERE clause's tail of a status filter and an id, their values from $3. */
function filterSql(
  f: StatusFilter | null,
  stuckBefore: Date,
  id: string | undefined,
): { where: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const next = (v: unknown) => `$${values.push(v) + 2}`;
  if (f && "ending" in f) where.push(`AND ending = ${next(f.ending)}`);
  else if (f)
    where.push(`AND ending IS NULL AND started_at ${f.stuck ? "<" : ">="} ${next(stuckBefore.toISOString())}`);
  if (id !== undefined) where.push(`AND id = ${next(id)}`);
  return { where: where.join(" "), values };
}

const RECORD_COLUMNS = `topic, "partition", "offset", step, at, key, headers, value, truncated, size`;
type RecordRow = {
  topic: string;
  partition: number;
  offset: string;
  step: string | null;
  at: Date;
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
  truncated: boolean;
  size: number;
};
const toRecord = (r: RecordRow): StoredRecord => ({
  topic: r.topic,
  partition: r.partition,
  offset: String(r.offset),
  step: r.step,
  at: r.at,
  key: r.key,
  headers: r.headers,
  value: r.value,
  truncated: r.truncated,
  size: r.size,
});

/** `eventIds`: where each saga's records carry their event id (its definition's `eventId`). */
export function sqlObserverStore(
  db: Database,
  opts: { eventIds?: (saga: string) => EventIdSource | undefined } = {},
): ObserverStore {
  return {
    async writeBatches(saga, batches, o = { runs: null }) {
      if (batches.every((b) => b.records.length === 0)) return batches.map(() => []);
      return db.transaction(async (tx) => {
        const fresh = await takeNew(tx, saga, batches);
        // Counters go to the shard of the first partition: this observer's own while it holds it.
        const all = fresh.flat();
        const shard = `${batches[0]!.topic}/${batches[0]!.partition}`;
        if (all.length === 0 || !o.runs) {
          if (all.length > 0) await write(tx, { saga, shard, runs: null, eventId: opts.eventIds?.(saga) }, all);
          return fresh;
        }
        // Runs are given in the transaction: what the readers pass on (the live feed) carries them.
        const stamped = await write(tx, { saga, shard, runs: o.runs, eventId: opts.eventIds?.(saga) }, all);
        const place = (r: ObservedRecord) => `${r.topic}/${r.partition}/${r.offset}`;
        const byPlace = new Map(stamped.map((r) => [place(r), r]));
        return fresh.map((b) => b.map((r) => byPlace.get(place(r)) ?? r));
      });
    },
    async statusCounts(saga, stuckBefore) {
      const { rows } = await db.query<{ status: string; n: string }>(
        `SELECT coalesce(ending, CASE WHEN started_at < $2 THEN 'STUCK' ELSE 'RUNNING' END) AS status, count(*) AS n
         FROM saga_instances WHERE saga = $1 GROUP BY 1`,
        [saga, stuckBefore.toISOString()],
      );
      return new Map(rows.map((r) => [r.status, Number(r.n)]));
    },
    async counters(saga) {
      const { rows } = await db.query<{ metric: string; subject: string; value: string }>(
        `SELECT metric, subject, sum(value)::bigint AS value FROM saga_counters WHERE saga = $1 GROUP BY metric, subject`,
        [saga],
      );
      return rows.map((r): Counter => ({ metric: r.metric, subject: r.subject, value: Number(r.value) }));
    },
    async instances(saga, q) {
      const f = filterSql(q.filter, q.stuckBefore, q.id);
      const { rows } = await db.query<InstanceRow>(
        `SELECT ${INSTANCE_COLUMNS} FROM saga_instances WHERE saga = $1 ${f.where} ORDER BY started_at DESC, id, run DESC LIMIT $2`,
        [saga, q.limit, ...f.values],
      );
      return rows.map(toInstance);
    },
    async event(saga, eventId) {
      const { rows } = await db.query<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM saga_records WHERE saga = $1 AND event_id = $2 ORDER BY at LIMIT 1`,
        [saga, eventId],
      );
      return rows[0] ? toRecord(rows[0]) : null;
    },
    async instance(saga, id, run) {
      const { rows } = await db.query<InstanceRow>(
        run === undefined
          ? `SELECT ${INSTANCE_COLUMNS} FROM saga_instances WHERE saga = $1 AND id = $2 ORDER BY run DESC LIMIT 1`
          : `SELECT ${INSTANCE_COLUMNS} FROM saga_instances WHERE saga = $1 AND id = $2 AND run = $3`,
        run === undefined ? [saga, id] : [saga, id, run],
      );
      if (rows.length === 0) return null;
      const records = await db.query<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM saga_records
         WHERE saga = $1 AND instance_id = $2 AND run = $3 ORDER BY at, topic, "partition", "offset" LIMIT 10000`,
        [saga, id, rows[0]!.run],
      );
      return {
        instance: toInstance(rows[0]!),
        records: records.rows.map(toRecord),
      };
    },
  };
}
