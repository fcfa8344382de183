// Deletes the instances a saga keeps no longer (application/retention.ts), a few hundred per
// transaction, with their records. It walks the instances by start (the index every list read
// uses): an instance whose last record is older than the cut-off started before it too.
import type { Database } from "../../kit/db/sql";
import type { RetentionStore } from "../application/retention";

export function sqlRetentionStore(db: Database): RetentionStore {
  return {
    async deleteExpired(saga, { lastEventBefore, stuckBefore, limit }) {
      const { rows } = await db.query<{ n: string }>(
        `WITH doomed AS (
           SELECT id, run FROM saga_instances
            WHERE saga = $1 AND started_at < $2 AND last_event_at < $2 AND (ending IS NOT NULL OR started_at < $3)
            ORDER BY started_at LIMIT $4
         ), records AS (
           DELETE FROM saga_records r USING doomed d WHERE r.saga = $1 AND r.instance_id = d.id AND r.run = d.run
         ), instances AS (
           DELETE FROM saga_instances i USING doomed d WHERE i.saga = $1 AND i.id = d.id AND i.run = d.run RETURNING 1
         )
         SELECT count(*) AS n FROM instances`,
        [saga, lastEventBefore.toISOString(), stuckBefore.toISOString(), limit],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
