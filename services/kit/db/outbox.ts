// Transactional outbox and inbox: the effect, the record of the consumed event and the events
// to publish all commit in the caller's database transaction.
import { makeEnvelope, type Envelope, type NewEvent, type TopicName } from "../../../contracts";
import type { SqlRunner } from "./sql";

export type OutboxHeaders = Record<string, string>;

export async function enqueueEvent<T extends TopicName>(
  tx: SqlRunner,
  event: NewEvent<T>,
  headers: OutboxHeaders = {},
): Promise<Envelope<T>> {
  const envelope = makeEnvelope(event);
  await tx.$executeRawUnsafe(
    `INSERT INTO outbox (event_id, topic, key, value, headers) VALUES ($1, $2, $3, $4, $5::jsonb)`,
    envelope.eventId,
    envelope.type,
    envelope.orderId,
    JSON.stringify(envelope),
    JSON.stringify(headers),
  );
  return envelope;
}

/** Records a consumed event id; false when it was already processed (a redelivery). */
export async function markProcessed(tx: SqlRunner, eventId: string, topic: string): Promise<boolean> {
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO processed_events (event_id, topic) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING`,
    eventId,
    topic,
  );
  return inserted === 1;
}

export type OutboxRow = { id: bigint; topic: string; key: string; value: string; headers: OutboxHeaders };

export async function claimOutboxBatch(tx: SqlRunner, limit: number): Promise<OutboxRow[]> {
  return tx.$queryRawUnsafe<OutboxRow[]>(
    `SELECT id, topic, key, value, headers FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    limit,
  );
}

export async function deleteOutboxRows(tx: SqlRunner, ids: bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRawUnsafe(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, ids.map(String));
}

export async function outboxDepth(db: SqlRunner): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*)::bigint AS n FROM outbox`);
  return Number(rows[0]?.n ?? 0);
}
