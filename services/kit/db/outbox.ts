// Transactional outbox and inbox: the effect, the record of the consumed event and the events
// to publish all commit in the caller's database transaction.
import { makeEnvelope, type TopicName } from "../../../contracts";
import type { InboxTx, OutboxHeaders, OutgoingEvent } from "../application/inbox";
import type { Sql } from "./sql";

/** An event to publish; `traceparent`: the span that caused it (tracing on), parent of its publish span. */

/** Queues events in one statement. */
export async function enqueueEvents(tx: Sql, events: OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const envelopes = events.map((e) => makeEnvelope(e.event));
  await tx.query(
    // In the given order: the relay publishes by id.
    `INSERT INTO outbox (event_id, topic, key, value, headers, traceparent)
     SELECT e, t, k, v, h, p FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[]) WITH ORDINALITY AS u(e, t, k, v, h, p, n) ORDER BY n`,
    [
      envelopes.map((e) => e.eventId),
      envelopes.map((e) => e.type),
      envelopes.map((e) => e.orderId),
      envelopes.map((e) => JSON.stringify(e)),
      events.map((e) => JSON.stringify(e.headers ?? {})),
      events.map((e) => e.traceparent ?? null),
    ],
  );
}

/** Queues a record as it is, not built from a typed event (operator tools: re-publish, duplicate, poison). */
export async function enqueueRecord(tx: Sql, record: { topic: TopicName; key: string; value: string }): Promise<void> {
  await tx.query(
    `INSERT INTO outbox (event_id, topic, key, value, headers) VALUES (gen_random_uuid()::text, $1, $2, $3, '{}'::jsonb)`,
    [record.topic, record.key, record.value],
  );
}

/** Records consumed event ids in one statement; answers those not processed before (redeliveries are left out). */
export async function markAllProcessed(tx: Sql, events: { eventId: string; topic: string }[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const r = await tx.query<{ event_id: string }>(
    `INSERT INTO processed_events (event_id, topic) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [events.map((e) => e.eventId), events.map((e) => e.topic)],
  );
  return new Set(r.rows.map((row) => row.event_id));
}

/** The inbox and outbox half of every service's unit of work. */
export function inboxTx(tx: Sql): InboxTx {
  return {
    markAllProcessed: (events) => markAllProcessed(tx, events),
    enqueue: (event, headers, traceparent) => enqueueEvents(tx, [{ event, headers, traceparent }]),
    enqueueAll: (events) => enqueueEvents(tx, events),
  };
}

export type OutboxRow = {
  id: string;
  topic: string;
  key: string;
  value: string;
  headers: OutboxHeaders;
  traceparent: string | null;
};

/**
 * Takes the oldest rows no other relay holds, in one statement: deleted inside the caller's
 * transaction, so they come back if the publish fails and the transaction rolls back.
 */
export async function takeOutboxBatch(tx: Sql, limit: number): Promise<OutboxRow[]> {
  const r = await tx.query<OutboxRow>(
    `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, topic, key, value, headers, traceparent`,
    [limit],
  );
  return r.rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

export async function outboxDepth(db: Sql): Promise<number> {
  const r = await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox`);
  return Number(r.rows[0]?.n ?? 0);
}

/** Rows waiting for the relay, and how long the oldest has waited (0 when there is none). */
export async function outboxStats(db: Sql): Promise<{ depth: number; oldestAgeSeconds: number }> {
  const r = await db.query<{ n: string; age: string | null }>(
    `SELECT count(*) AS n, EXTRACT(EPOCH FROM now() - min(created_at)) AS age FROM outbox`,
  );
  return { depth: Number(r.rows[0]?.n ?? 0), oldestAgeSeconds: Math.max(0, Number(r.rows[0]?.age ?? 0)) };
}
