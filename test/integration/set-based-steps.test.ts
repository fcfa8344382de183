// The set-based use cases on a real PostgreSQL: a run of events decided in turn against what the
// ones before it left (stock, balances), written with a few statements, each event applied once.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { makeEnvelope, type Envelope, type PayloadOf, type TopicName } from "../../contracts";
import { ensureDatabase } from "../../server/embedded/postgres";
import type { HandlerDeps } from "../../services/kit/application/inbox";
import { migrate, migrationsDir } from "../../services/kit/db/migrate";
import { openDatabase, type Database } from "../../services/kit/db/sql";
import { onStockDecreases } from "../../services/balance/application/balance-steps";
import { onSagaFailures } from "../../services/order/application/saga-outcomes";
import { sqlOrderUnitOfWork } from "../../services/order/infra/order-store";
import { sqlBalanceUnitOfWork } from "../../services/balance/infra/balance-store";
import { onOrderCreates } from "../../services/stock/application/stock-steps";
import { sqlStockUnitOfWork } from "../../services/stock/infra/stock-store";

const run = randomUUID().slice(0, 8);
const dbs: Database[] = [];
async function serviceDb(service: "stock" | "balance" | "order"): Promise<Database> {
  const url = Object.assign(new URL(process.env.TEST_DATABASE_URL!), {
    pathname: `/sets_${run}_${service}`,
  }).toString();
  await ensureDatabase(url);
  await migrate(url, migrationsDir(service));
  const db = openDatabase(url, 2);
  dbs.push(db);
  return db;
}
const deps = <Tx>(uow: HandlerDeps<Tx>["uow"], service: HandlerDeps<Tx>["service"]): HandlerDeps<Tx> => ({
  uow,
  service,
  newId: randomUUID,
  now: () => new Date(),
  published: () => undefined,
});
const delivery = <T extends TopicName>(type: T, orderId: string, payload: PayloadOf<T>) => ({
  event: makeEnvelope({
    eventId: randomUUID(),
    type,
    orderId,
    causationId: null,
    producer: "order",
    occurredAt: new Date(),
    payload,
  }) as Envelope<T>,
  ctx: { receivedAt: new Date() },
});
const outbox = async (db: Database) =>
  (await db.query<{ topic: string; value: string }>("SELECT topic, value FROM outbox ORDER BY id")).rows.map((r) => ({
    topic: r.topic,
    event: JSON.parse(r.value),
  }));

after(async () => Promise.all(dbs.map((d) => d.close())));

describe("stock: a run of order-create events", () => {
  let db: Database;
  before(async () => {
    db = await serviceDb("stock");
    await db.query(
      `INSERT INTO products (id, name, price, stock, initial_stock, updated_at) VALUES ('p', 'P', 10, 3, 3, now()), ('q', 'Q', 5, 9, 9, now())`,
    );
  });

  it("takes in turn until the stock runs out, rejects the rest, and applies a repeated event once", async () => {
    const orders = Array.from({ length: 5 }, (_, i) =>
      delivery("order-create", `o${i}`, {
        userId: "u",
        items: [
          { productId: "p", quantity: 1 },
          { productId: "q", quantity: 1 },
        ],
      }),
    );
    const run = [...orders, orders[1]!]; // the same event twice in one run
    const applied = await onOrderCreates(deps(sqlStockUnitOfWork(db), "stock"), run);
    assert.equal(applied, 5);
    const events = await outbox(db);
    assert.deepEqual(
      events.map((e) => e.topic),
      ["stock-decrease", "stock-decrease", "stock-decrease", "stock-decrease-fail", "stock-decrease-fail"],
    );
    assert.deepEqual(
      events.slice(0, 3).map((e) => e.event.payload.stockLevels),
      [
        [
          { productId: "p", stock: 2 },
          { productId: "q", stock: 8 },
        ],
        [
          { productId: "p", stock: 1 },
          { productId: "q", stock: 7 },
        ],
        [
          { productId: "p", stock: 0 },
          { productId: "q", stock: 6 },
        ],
      ],
    );
    assert.equal(events[3]!.event.payload.reason, "OUT_OF_STOCK");
    const stock = (await db.query<{ id: string; stock: number }>("SELECT id, stock FROM products ORDER BY id")).rows;
    assert.deepEqual(stock, [
      { id: "p", stock: 0 },
      { id: "q", stock: 6 },
    ]);
    const statuses = (
      await db.query<{ status: string }>("SELECT status FROM stock_reservations ORDER BY order_id")
    ).rows.map((r) => r.status);
    assert.deepEqual(statuses, ["TAKEN", "TAKEN", "TAKEN", "REJECTED", "REJECTED"]);

    assert.equal(
      await onOrderCreates(deps(sqlStockUnitOfWork(db), "stock"), orders),
      0,
      "a redelivered run changes nothing",
    );
    assert.equal((await outbox(db)).length, 5);
  });
});

describe("balance: a run of stock-decrease events", () => {
  let db: Database;
  before(async () => {
    db = await serviceDb("balance");
    await db.query(
      `INSERT INTO users (id, name, balance, initial_balance, updated_at) VALUES ('a', 'A', 100, 100, now()), ('b', 'B', 30, 30, now())`,
    );
  });

  it("pays in turn against what the payments before it left, and refuses the one that no longer fits", async () => {
    const pay = (orderId: string, userId: string, totalAmount: number) =>
      delivery("stock-decrease", orderId, {
        userId,
        totalAmount,
        items: [{ productId: "p", quantity: 1, unitPrice: totalAmount, lineAmount: totalAmount }],
        stockLevels: [],
      });
    const run = [pay("x1", "a", 60), pay("x2", "b", 30), pay("x3", "a", 60), pay("x4", "a", 40)];
    assert.equal(await onStockDecreases(deps(sqlBalanceUnitOfWork(db), "balance"), run), 4);
    const events = await outbox(db);
    assert.deepEqual(
      events.map((e) => [e.topic, e.event.orderId, e.event.payload.balanceAfter ?? null]),
      [
        ["pay-complete", "x1", 40],
        ["pay-complete", "x2", 0],
        ["pay-fail", "x3", null],
        ["pay-complete", "x4", 0],
      ],
    );
    const balances = (await db.query<{ id: string; balance: number }>("SELECT id, balance FROM users ORDER BY id"))
      .rows;
    assert.deepEqual(balances, [
      { id: "a", balance: 0 },
      { id: "b", balance: 0 },
    ]);
    assert.equal(
      await onStockDecreases(deps(sqlBalanceUnitOfWork(db), "balance"), run),
      0,
      "a redelivered run changes nothing",
    );
  });
});

describe("order: a run of failed sagas (stock-decrease-fail, stock-restore)", () => {
  let db: Database;
  before(async () => {
    db = await serviceDb("order");
  });

  it("cancels each pending order once, with its own reason, and leaves a completed one alone", async () => {
    const uow = sqlOrderUnitOfWork(db);
    const items = [{ productId: "p", quantity: 1 }];
    await uow.run((tx) =>
      tx.insertAll(["c1", "c2", "c3"].map((id) => ({ id, userId: "u", mode: "choreography" as const, items }))),
    );
    await uow.run((tx) =>
      tx.completeAll([
        { orderId: "c3", totalAmount: 10, items: [{ productId: "p", quantity: 1, unitPrice: 10, lineAmount: 10 }] },
      ]),
    );
    const fail = (orderId: string) =>
      delivery("stock-decrease-fail", orderId, {
        userId: "u",
        reason: "OUT_OF_STOCK",
        productId: "p",
        detail: `none for ${orderId}`,
      });
    const first = fail("c1");
    const run = [first, fail("c2"), fail("c1"), fail("c3"), first]; // c1 failed twice, c3 completed, one event repeated
    assert.equal(await onSagaFailures(deps(uow, "order"), run), 4);
    const events = await outbox(db);
    assert.deepEqual(
      events.map((e) => [e.topic, e.event.orderId, e.event.payload.detail]),
      [
        ["order-cancel", "c1", "none for c1"],
        ["order-cancel", "c2", "none for c2"],
      ],
    );
    const orders = (
      await db.query<{ id: string; status: string; reason: string | null }>(
        "SELECT id, status, reason FROM orders ORDER BY id",
      )
    ).rows;
    assert.deepEqual(orders, [
      { id: "c1", status: "CANCELLED", reason: "OUT_OF_STOCK" },
      { id: "c2", status: "CANCELLED", reason: "OUT_OF_STOCK" },
      { id: "c3", status: "COMPLETED", reason: null },
    ]);
    const tally = (
      await db.query<{ key: string; n: string }>(
        "SELECT key, sum(amount) AS n FROM order_tally WHERE kind = 'status' GROUP BY key ORDER BY key",
      )
    ).rows;
    assert.deepEqual(
      tally.map((t) => [t.key, Number(t.n)]).filter(([, n]) => n !== 0),
      [
        ["CANCELLED", 2],
        ["COMPLETED", 1],
      ],
    );
    const restore = delivery("stock-restore", "c2", {
      items,
      stockLevels: [],
      reason: "INSUFFICIENT_BALANCE",
      detail: "late",
    });
    assert.equal(await onSagaFailures(deps(uow, "order"), [restore]), 1);
    assert.equal((await outbox(db)).length, 2, "an order already cancelled is not cancelled again");
  });
});
