// The search bench's stored records, made set-based in SQL (generate_series), as the observer
// would have stored them before migration 0007: three sagas with ids of three shapes (UUIDs,
// t-00000042, PCL42), `perInstance` records per instance over a week, each record with three
// headers (a trace id, an order reference R-n, its source) and a JSON value of eight leaves (an
// external reference EXT-n nested in an object, a customer, a tier of three values, an amount,
// an array of lines). The migration then fills the terms of all of them, as it would on upgrade.
import type pg from "pg";

export type BenchSaga = { name: string; instances: number; idOf: (n: number) => string; idSql: string };

const uuidSql = (seed: string) =>
  `(SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12) FROM md5('${seed}' || n) AS h)`;

export function benchSagas(records: number, perInstance: number): BenchSaga[] {
  const instances = Math.ceil(records / perInstance / 3);
  return [
    { name: "orders", instances, idSql: uuidSql("orders"), idOf: () => "" },
    {
      name: "bank-transfer",
      instances,
      idSql: `'t-' || lpad(n::text, 8, '0')`,
      idOf: (n) => `t-${String(n).padStart(8, "0")}`,
    },
    { name: "parcels", instances, idSql: `'PCL' || n`, idOf: (n) => `PCL${n}` },
  ];
}

/** When the generated week ends: instance n of a saga starts at WEEK_END - (instances - n) steps. */
export const WEEK_END = new Date("2026-12-07T00:00:00Z");

/** Fills one saga's instances and records (perInstance each), no search terms yet. */
export async function fillSaga(db: pg.Pool, s: BenchSaga, perInstance: number): Promise<void> {
  const stepMs = Math.floor((7 * 24 * 3600 * 1000) / s.instances);
  const startedAt = `($2::timestamptz - ($3 - n) * $4 * interval '1 millisecond')`;
  await db.query(
    `INSERT INTO saga_instances (saga, id, started_at, last_event_at, ending, ended_at, records, run)
     SELECT $1, ${s.idSql}, ${startedAt}, ${startedAt} + $5 * interval '1 second',
            CASE WHEN n % 10 = 0 THEN NULL WHEN n % 7 = 0 THEN 'CANCELLED' ELSE 'COMPLETED' END,
            CASE WHEN n % 10 = 0 THEN NULL ELSE ${startedAt} + $5 * interval '1 second' END, $5, 1
       FROM generate_series(1, $3) AS n`,
    [s.name, WEEK_END.toISOString(), s.instances, stepMs, perInstance],
  );
  await db.query(
    `INSERT INTO saga_records (saga, topic, "partition", "offset", instance_id, step, at, key, value, truncated, size, headers, run)
     SELECT $1, 'topic-' || k, n % 8, n, ${s.idSql}, 'step-' || k,
            ${startedAt} + k * interval '1 second', ${s.idSql},
            jsonb_build_object(
              'id', ${s.idSql}, 'type', 'STEP_' || k,
              'ref', jsonb_build_object('external', 'EXT-' || $1 || '-' || n),
              'customer', jsonb_build_object('id', 'c-' || (n % 5000), 'tier', (ARRAY['gold', 'silver', 'bronze'])[n % 3 + 1]),
              'amount', n % 1000,
              'lines', jsonb_build_array(jsonb_build_object('sku', 'p-' || (n % 200), 'qty', 1 + n % 5))),
            false, 220,
            jsonb_build_object('x-trace', md5($1 || n || '-' || k), 'x-order-ref', 'R-' || $1 || '-' || n, 'x-source', 'svc-' || k),
            1
       FROM generate_series(1, $3) AS n, generate_series(0, $5 - 1) AS k`,
    [s.name, WEEK_END.toISOString(), s.instances, stepMs, perInstance],
  );
}

/** A stored id of saga `s`, instance n (orders' ids are md5-made UUIDs, read back). */
export async function idOf(db: pg.Pool, s: BenchSaga, n: number): Promise<string> {
  if (s.name !== "orders") return s.idOf(n);
  const { rows } = await db.query<{ id: string }>(`SELECT ${s.idSql} AS id FROM (SELECT $1::int AS n) x`, [n]);
  return rows[0]!.id;
}
