// Redelivered events, duplicate and early compensations, late events and poison messages.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { makeEnvelope, physicalTopic, type ServiceName } from "../../contracts";
import { committedPast, isSettled, startSagaEnv, waitFor, type SagaEnv } from "./harness";

let env: SagaEnv;
before(async () => {
  env = await startSagaEnv({
    products: [
      { id: "dup", name: "Dup", price: 10, stock: 100 },
      { id: "comp", name: "Comp", price: 500, stock: 10 },
      { id: "early", name: "Early", price: 10, stock: 5 },
      { id: "poison", name: "Poison", price: 10, stock: 5 },
    ],
    users: [
      { id: "payer", name: "Payer", balance: 10_000 },
      { id: "poor", name: "Poor", balance: 10 },
    ],
  });
});
after(() => env.stop());

const one = async <T>(s: ServiceName, sql: string, params: unknown[] = []): Promise<T> =>
  (await env.db[s].query(sql, params)).rows[0] as T;
const processed = (s: ServiceName, eventId: string) =>
  waitFor(
    async () => (await one(s, "SELECT 1 AS x FROM processed_events WHERE event_id = $1", [eventId])) ?? null,
    `${s} to process ${eventId}`,
  );

async function settled(body: unknown) {
  const placed = await env.placeOrder(body);
  return env.waitForOrder(String(placed.body.orderId), isSettled, "the saga to settle");
}

describe("idempotency and compensation safety", () => {
  it("a redelivered stock-decrease changes nothing", async () => {
    const o = await settled({ userId: "payer", items: [{ productId: "dup", quantity: 3 }] });
    assert.equal(o.status, "COMPLETED");
    const before = await one<{ balance: number }>("balance", "SELECT balance FROM users WHERE id = 'payer'");
    const step = o.steps.find((s) => s.topic === "stock-decrease")!;
    const [meta] = await env.producer.send({
      topic: physicalTopic("stock-decrease", env.prefix),
      messages: [{ key: o.orderId, value: JSON.stringify(step.envelope) }],
    });
    await committedPast(env, "balance", "stock-decrease", meta.partition, meta.baseOffset!);
    const afterRow = await one<{ balance: number }>("balance", "SELECT balance FROM users WHERE id = 'payer'");
    assert.equal(afterRow.balance, before.balance);
    const payments = await one<{ n: string }>("balance", "SELECT count(*) AS n FROM payments WHERE order_id = $1", [
      o.orderId,
    ]);
    assert.equal(Number(payments.n), 1);
  });

  it("a second pay-fail for a compensated order restores nothing more", async () => {
    const o = await settled({ userId: "poor", items: [{ productId: "comp", quantity: 1 }] });
    assert.equal(o.reason, "INSUFFICIENT_BALANCE");
    const fail = o.steps.find((s) => s.topic === "pay-fail")!.envelope;
    const again = { ...fail, eventId: randomUUID() };
    await env.publishRaw("pay-fail", o.orderId, JSON.stringify(again));
    await processed("stock", again.eventId);
    const product = await one<{ stock: number }>("stock", "SELECT stock FROM products WHERE id = 'comp'");
    assert.equal(product.stock, 10);
    const r = await one<{ status: string }>("stock", "SELECT status FROM stock_reservations WHERE order_id = $1", [
      o.orderId,
    ]);
    assert.equal(r.status, "RESTORED");
  });

  it("a compensation that arrives before the forward step voids it", async () => {
    const orderId = randomUUID();
    const payFail = makeEnvelope({
      eventId: randomUUID(),
      type: "pay-fail",
      orderId,
      causationId: null,
      producer: "balance",
      occurredAt: new Date(),
      payload: { userId: "payer", amount: 10, reason: "INSUFFICIENT_BALANCE", detail: "test" },
    });
    await env.publishRaw("pay-fail", orderId, JSON.stringify(payFail));
    await processed("stock", payFail.eventId);
    const late = makeEnvelope({
      eventId: randomUUID(),
      type: "order-create",
      orderId,
      causationId: null,
      producer: "order",
      occurredAt: new Date(),
      payload: { userId: "payer", items: [{ productId: "early", quantity: 2 }] },
    });
    await env.publishRaw("order-create", orderId, JSON.stringify(late));
    await processed("stock", late.eventId);
    const product = await one<{ stock: number }>("stock", "SELECT stock FROM products WHERE id = 'early'");
    assert.equal(product.stock, 5, "a late forward step after its compensation takes nothing");
    const r = await one<{ status: string }>("stock", "SELECT status FROM stock_reservations WHERE order_id = $1", [
      orderId,
    ]);
    assert.equal(r.status, "VOIDED");
  });

  it("a late pay-complete for a cancelled order leaves it cancelled", async () => {
    const o = await settled({ userId: "poor", items: [{ productId: "comp", quantity: 1 }] });
    assert.equal(o.status, "CANCELLED");
    const late = makeEnvelope({
      eventId: randomUUID(),
      type: "pay-complete",
      orderId: o.orderId,
      causationId: null,
      producer: "balance",
      occurredAt: new Date(),
      payload: { userId: "poor", amount: 500, balanceAfter: 0, items: [] },
    });
    await env.publishRaw("pay-complete", o.orderId, JSON.stringify(late));
    await processed("order", late.eventId);
    const now = await env.order(o.orderId);
    assert.equal(now?.status, "CANCELLED");
    assert.equal(now?.reason, "INSUFFICIENT_BALANCE");
  });

  it("dead-letters poison messages and keeps consuming", async () => {
    const key = `poison-${randomUUID()}`;
    await env.publishRaw("order-create", key, "{not json");
    const badPayload = makeEnvelope({
      eventId: randomUUID(),
      type: "order-create",
      orderId: `${key}-2`,
      causationId: null,
      producer: "order",
      occurredAt: new Date(),
      payload: { userId: "payer", items: [{ productId: "poison", quantity: 1 }] },
    });
    (badPayload.payload.items[0] as { quantity: number }).quantity = -5;
    await env.publishRaw("order-create", `${key}-2`, JSON.stringify(badPayload));

    for (const k of [key, `${key}-2`]) {
      const row = await waitFor(
        async () =>
          (await one<{ envelope: { payload: { error: { code: string }; original: string; service: string } } }>(
            "order",
            "SELECT envelope FROM dead_letters WHERE order_id = $1 AND envelope->'payload'->>'service' = 'stock'",
            [k],
          )) ?? null,
        `a dead letter for ${k}`,
      );
      assert.equal(row.envelope.payload.error.code, "INVALID_EVENT");
      assert.equal(row.envelope.payload.service, "stock");
    }
    const product = await one<{ stock: number }>("stock", "SELECT stock FROM products WHERE id = 'poison'");
    assert.equal(product.stock, 5, "an invalid message never changes state");
    const next = await settled({ userId: "payer", items: [{ productId: "poison", quantity: 1 }] });
    assert.equal(next.status, "COMPLETED");
  });

  it("conserves stock and money", async () => {
    assert.deepEqual((await env.conservation()).violations, []);
  });
});
