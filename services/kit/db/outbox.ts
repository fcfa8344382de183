// Transactional outbox and inbox: the effect, the record of the consumed event and the events
// to publish all commit in the caller's database transaction.
import { makeEnvelope, type Envelope, type NewEvent, type TopicName } from "../../../contracts";
import type { Sql } from "./sql";

export type OutboxHeaders = Record<string, string>;

export async function enqueueEvent<T extends TopicName>(
  tx: Sql,
  event: NewEvent<T>,
  headers: OutboxHeaders = {},
): Promise<Envelope<T>> {
  const envelope = makeEnvelope(event);
  await tx.query(`INSERT INTO outbox (event_id, topic, key, value, headers) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    envelope.eventId,
    envelope.type,
    envelope.orderId,
    JSON.stringify(envelope),
    JSON.stringify(headers),
  ]);
  return envelope;
}

/** Queues a record as it is, not built from a typed event (operator tools: re-publish, duplicate, poison). */
export async function enqueueRecord(tx: Sql, record: { topic: TopicName; key: string; value: string }): Promise<void> {
  await tx.query(`INSERT INTO outbox (event_id, topic, key, value, headers) VALUES (gen_random_uuid()::text, $1, $2, $3, '{}'::jsonb)`, [
    record.topic,
    record.key,
    record.value,
  ]);
}

/** Records a consumed event id; false when it was already processed (a redelivery). */
export async function markProcessed(tx: Sql, eventId: string, topic: string): Promise<boolean> {
  const r = await tx.query(`INSERT INTO processed_events (event_id, topic) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING`, [eventId, topic]);
  return r.rowCount === 1;
}

export type OutboxRow = { id: string; topic: string; key: string; value: string; headers: OutboxHeaders };

/**
 * Takes the oldest rows no other relay holds, in one statement: deleted inside the caller's
 * transaction, so they come back if the publish fails and the transaction rolls back.
 */
export async function takeOutboxBatch(tx: Sql, limit: number): Promise<OutboxRow[]> {
  const r = await tx.query<OutboxRow>(
    `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, topic, key, value, headers`,
    [limit],
  );
  return r.rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

export async function outboxDepth(db: Sql): Promise<number> {
  const r = await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox`);
  return Number(r.rows[0]?.n ?? 0);
}
