// Where a projection puts a record it can never store (a read model must not be wedged by one
// record): the raw bytes as they were consumed and the error, in the projection's own database,
// so the partition moves on and an operator can still read what was set aside. The table
// (parked_events) is the kit's: prisma/kit/migrations creates it in every service's database.
import { toStorableText } from "../../../contracts";
import type { Database } from "../db/sql";
import type { SagaError } from "../errors";

export type ParkedRecord = {
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  error: SagaError;
  attempts: number;
};

export type Parking = (record: ParkedRecord) => Promise<void>;

export function sqlParking(db: Database): Parking {
  return async (r) => {
    await db.query(
      `INSERT INTO parked_events (group_id, topic, partition, "offset", record_key, record_value, error_code, error_message, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (group_id, topic, partition, "offset") DO NOTHING`,
      [
        r.groupId,
        r.topic,
        r.partition,
        r.offset,
        r.key,
        r.value,
        r.error.code,
        toStorableText(r.error.message.slice(0, 2000)),
        r.attempts,
      ],
    );
  };
}

export async function countParked(db: Database): Promise<number> {
  const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM parked_events");
  return Number(rows[0]?.n ?? 0);
}
