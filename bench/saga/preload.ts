// `--preload N`: N past sagas written straight into the databases before the run, as the
// services and the observer would have left them (orders, items, reservations, payments,
// notices, every inbox, and the observer's records and instances of the built-in saga), so the
// run and the read probes meet a store that has grown. The past records' offsets are negative:
// no real record's position can meet them. Set-based SQL in
// chunks; the bench products and users give up what the past orders hold, so the invariants
// still add up. Every 10th past order ran out of stock and every 10th + 1 could not pay.
import type pg from "pg";
import { topicProducer, type ServiceName, type TopicName } from "../../contracts";
import { PRODUCTS, USERS } from "./load";

type Dbs = { order: pg.Pool; stock: pg.Pool; balance: pg.Pool; notification: pg.Pool; observer: pg.Pool };
const CHUNK = 50_000;

// Per past order i: its id, user, product, outcome and the event ids of its steps, all derived
// from i in SQL so that the four databases agree without a round trip per order.
const ORDER = (i: string) => `md5('past-' || ${i})::uuid::text`;
// Event ids are version-4 UUIDs (the envelope's schema checks the version and variant nibbles).
const EVENT = (i: string, step: string) =>
  `overlay(overlay(md5('past-' || ${i} || '-${step}') placing '4' from 13 for 1) placing '8' from 17 for 1)::uuid::text`;
const KIND = (i: string) => `CASE ${i} % 10 WHEN 0 THEN 'stock' WHEN 1 THEN 'points' ELSE 'ok' END`;
const AT = (i: string, n: number) =>
  `now() - interval '30 days' + (${i}::double precision / ${n}) * interval '29 days'`;

// One payload that is valid on every topic of its saga (each topic's schema keeps the fields it names).
const PAYLOAD = `jsonb_build_object('userId', 'b-u' || (s.i % ${USERS}), 'productId', 'b-p' || (s.i % ${PRODUCTS}),
  'items', jsonb_build_array(jsonb_build_object('productId', 'b-p' || (s.i % ${PRODUCTS}), 'quantity', 1, 'unitPrice', 1, 'lineAmount', 1)),
  'totalAmount', 1, 'amount', 1, 'balanceAfter', 0, 'stockLevels', '[]'::jsonb, 'detail', 'past order', 'message', 'past order', 'channel', 'mail',
  'reason', CASE s.kind WHEN 'stock' THEN 'OUT_OF_STOCK' WHEN 'points' THEN 'INSUFFICIENT_BALANCE' END,
  'orderStatus', CASE s.kind WHEN 'ok' THEN 'COMPLETED' ELSE 'CANCELLED' END)`;

/** The steps a past saga of each kind went through: topic, and its event's key. */
const STEPS: Record<"ok" | "stock" | "points", [topic: TopicName, step: string][]> = {
  ok: [
    ["order-create", "create"],
    ["stock-decrease", "stock"],
    ["pay-complete", "pay"],
    ["order-complete", "end"],
    ["notification-send", "notice"],
  ],
  stock: [
    ["order-create", "create"],
    ["stock-decrease-fail", "stock"],
    ["order-cancel", "end"],
    ["notification-send", "notice"],
  ],
  points: [
    ["order-create", "create"],
    ["stock-decrease", "stock"],
    ["pay-fail", "pay"],
    ["stock-restore", "restore"],
    ["order-cancel", "end"],
    ["notification-send", "notice"],
  ],
};
/** Which service consumed which topic (their inboxes). */
const CONSUMES: Record<ServiceName, TopicName[]> = {
  stock: ["order-create", "pay-fail"],
  balance: ["stock-decrease"],
  order: ["stock-decrease-fail", "pay-complete", "pay-fail", "stock-restore"],
  notification: ["order-complete", "order-cancel"],
};

function stepRows(from: number, to: number, n: number): string {
  const rows = Object.entries(STEPS).flatMap(([kind, steps]) =>
    steps.map(
      (
        [topic, step],
        k,
      ) => `SELECT i, '${kind}' AS kind, '${topic}' AS topic, '${topicProducer[topic]}' AS producer, '${step}' AS step, ${k} AS k,
      ${k === 0 ? "NULL" : `'${steps[k - 1]![1]}'`} AS cause FROM generate_series(${from}, ${to - 1}) AS i WHERE ${KIND("i")} = '${kind}'`,
    ),
  );
  return `SELECT s.*, ${ORDER("s.i")} AS order_id, ${AT("s.i", n)} + s.k * interval '40 milliseconds' AS at FROM (${rows.join(" UNION ALL ")}) s`;
}

async function chunk(db: Dbs, from: number, to: number, n: number, prefix: string): Promise<void> {
  const range = `generate_series(${from}, ${to - 1}) AS i`;
  const user = `'b-u' || (i % ${USERS})`;
  const product = `'b-p' || (i % ${PRODUCTS})`;
  const status = `CASE WHEN ${KIND("i")} = 'ok' THEN 'COMPLETED' ELSE 'CANCELLED' END`;
  const reason = `CASE ${KIND("i")} WHEN 'stock' THEN 'OUT_OF_STOCK' WHEN 'points' THEN 'INSUFFICIENT_BALANCE' END`;
  await db.order.query(`INSERT INTO orders (id, user_id, status, reason, total_amount, created_at, updated_at)
    SELECT ${ORDER("i")}, ${user}, (${status})::"OrderStatus", ${reason}, 1, ${AT("i", n)}, ${AT("i", n)} + interval '200 milliseconds' FROM ${range}`);
  await db.order.query(
    `INSERT INTO order_items (order_id, product_id, quantity, unit_price) SELECT ${ORDER("i")}, ${product}, 1, 1 FROM ${range}`,
  );
  const steps = stepRows(from, to, n);
  const envelope = `jsonb_build_object('eventId', ${EVENT("s.i", "' || s.step || '")}, 'type', s.topic, 'orderId', s.order_id, 'occurredAt', to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'producer', s.producer, 'version', 1, 'causationId', CASE WHEN s.cause IS NULL THEN NULL ELSE ${EVENT("s.i", "' || s.cause || '")} END,
        'payload', ${PAYLOAD})`;
  await db.observer.query(
    `INSERT INTO saga_records (saga, topic, "partition", "offset", instance_id, step, at, key, value, truncated, size, headers)
    SELECT 'orders', $1 || s.topic, s.i % 8, -1 - s.i, s.order_id, s.topic, s.at + interval '5 milliseconds', s.order_id, ${envelope}, false, 400,
      CASE WHEN s.cause IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('x-consumed-at', to_char((s.at - interval '2 milliseconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END
    FROM (${steps}) s`,
    [prefix],
  );
  await db.observer.query(`INSERT INTO saga_instances (saga, id, started_at, last_event_at, ending, ended_at, records)
    SELECT 'orders', ${ORDER("i")}, ${AT("i", n)} + interval '5 milliseconds', ${AT("i", n)} + interval '245 milliseconds',
      CASE WHEN ${KIND("i")} = 'ok' THEN 'COMPLETED' ELSE 'CANCELLED' END, ${AT("i", n)} + interval '125 milliseconds', CASE ${KIND("i")} WHEN 'ok' THEN 5 WHEN 'stock' THEN 4 ELSE 6 END
    FROM ${range}`);
  for (const [service, topics] of Object.entries(CONSUMES) as [ServiceName, TopicName[]][]) {
    const list = topics.map((t) => `'${t}'`).join(",");
    await db[service].query(`INSERT INTO processed_events (event_id, topic, processed_at)
      SELECT ${EVENT("s.i", "' || s.step || '")}, s.topic, s.at FROM (${steps}) s WHERE s.topic IN (${list})`);
  }
  await db.stock.query(`INSERT INTO stock_reservations (order_id, status, items, reason, created_at, updated_at)
    SELECT ${ORDER("i")}, (CASE ${KIND("i")} WHEN 'ok' THEN 'TAKEN' WHEN 'stock' THEN 'REJECTED' ELSE 'RESTORED' END)::"ReservationStatus",
      jsonb_build_array(jsonb_build_object('productId', ${product}, 'quantity', 1)), ${reason}, ${AT("i", n)}, ${AT("i", n)} FROM ${range}`);
  await db.balance.query(`INSERT INTO payments (order_id, user_id, amount, status, reason, created_at, updated_at)
    SELECT ${ORDER("i")}, ${user}, 1, (CASE WHEN ${KIND("i")} = 'ok' THEN 'PAID' ELSE 'REJECTED' END)::"PaymentStatus", ${reason}, ${AT("i", n)}, ${AT("i", n)}
    FROM ${range} WHERE ${KIND("i")} <> 'stock'`);
  await db.notification
    .query(`INSERT INTO notifications (id, order_id, user_id, order_status, channel, message, created_at)
    SELECT ${EVENT("i", "notice")}, ${ORDER("i")}, ${user}, ${status}, 'mail', 'past order', ${AT("i", n)} FROM ${range}`);
}

/** What the completed past orders hold, by bench product and user (1 unit, 1 point each). */
export function pastHoldings(n: number): { units: Map<string, number>; paid: Map<string, number> } {
  const units = new Map<string, number>();
  const paid = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (i % 10 <= 1) continue;
    units.set(`b-p${i % PRODUCTS}`, (units.get(`b-p${i % PRODUCTS}`) ?? 0) + 1);
    paid.set(`b-u${i % USERS}`, (paid.get(`b-u${i % USERS}`) ?? 0) + 1);
  }
  return { units, paid };
}

export async function preloadPast(db: Dbs, n: number, prefix: string, log: (line: string) => void): Promise<void> {
  if (n <= 0) return;
  const t0 = performance.now();
  for (let from = 0; from < n; from += CHUNK) {
    await chunk(db, from, Math.min(n, from + CHUNK), n, prefix);
    log(
      `preloaded ${Math.min(n, from + CHUNK).toLocaleString("en")} of ${n.toLocaleString("en")} past orders (${Math.round((performance.now() - t0) / 1000)} s)`,
    );
  }
  // The order service's tally (migration 0008) counts what it changes; the past orders are added here.
  await db.order.query(`INSERT INTO order_tally (kind, key, amount)
    SELECT 'status', status::text, count(*) FROM orders GROUP BY status
    UNION ALL SELECT 'units', i.product_id, sum(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.status = 'COMPLETED' GROUP BY i.product_id
    UNION ALL SELECT 'points', user_id, sum(total_amount) FROM orders WHERE status = 'COMPLETED' GROUP BY user_id`);
  const { units, paid } = pastHoldings(n);
  await db.stock.query(
    `UPDATE products p SET stock = p.stock - h.n FROM unnest($1::text[], $2::int[]) AS h(id, n) WHERE p.id = h.id`,
    [[...units.keys()], [...units.values()]],
  );
  await db.balance.query(
    `UPDATE users u SET balance = u.balance - h.n FROM unnest($1::text[], $2::int[]) AS h(id, n) WHERE u.id = h.id`,
    [[...paid.keys()], [...paid.values()]],
  );
  for (const s of Object.keys(db) as (keyof Dbs)[]) await db[s].query("VACUUM ANALYZE");
}
