// The stuck-saga sweeper against the real services: an order left PENDING past SAGA_TIMEOUT_MS is
// cancelled with reason TIMEOUT, and whatever was taken for it is given back even when the
// forward steps run after the cancel; a cancel racing its forward step on another topic never
// loses a refund (the per-order lock of the tombstone race).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { makeEnvelope, physicalTopic, type OrderView, type TopicName } from "../../contracts";
import { startSagaEnv, waitFor, type SagaEnv } from "./harness";

let env: SagaEnv;
before(async () => {
  env = await startSagaEnv({
    sagaTimeoutMs: 2000,
    products: [{ id: "lamp", name: "Lamp", price: 10, stock: 1000 }],
    users: [
      { id: "ann", name: "Ann", balance: 10_000 },
      { id: "bob", name: "Bob", balance: 10_000 },
      { id: "race", name: "Race", balance: 100_000 },
    ],
  });
});
after(() => env.stop());

const stock = async () =>
  (await env.db.stock.query<{ stock: number }>("SELECT stock FROM products WHERE id = 'lamp'")).rows[0]!.stock;
const balance = async (user: string) =>
  (await env.db.balance.query<{ balance: number }>("SELECT balance FROM users WHERE id = $1", [user])).rows[0]!.balance;
const topics = (o: OrderView) => o.steps.map((s) => s.topic);
const timedOut = (o: OrderView) => o.status === "CANCELLED" && o.reason === "TIMEOUT";
/** Both services have handled every event published for these orders (their inboxes hold them all). */
async function drained(service: "stock" | "balance", eventIds: string[]): Promise<boolean> {
  const { rows } = await env.db[service].query<{ n: string }>(
    "SELECT count(*) AS n FROM processed_events WHERE event_id = ANY($1)",
    [eventIds],
  );
  return Number(rows[0]!.n) === eventIds.length;
}
const eventsOn = (o: OrderView, ...on: TopicName[]) =>
  o.steps.filter((s) => on.includes(s.topic)).map((s) => s.eventId);

describe("time-outs", () => {
  it("a stock service that does not answer: the order times out, and stock is untouched once it does", async () => {
    const before = await stock();
    env.services.stock.faults.set({ paused: true });
    try {
      const { body } = await env.placeOrder({ userId: "ann", items: [{ productId: "lamp", quantity: 3 }] });
      const o = await env.waitForOrder(
        String(body.orderId),
        (v) => timedOut(v) && topics(v).includes("order-cancel"),
        "the time-out",
      );
      assert.match(o.detail ?? "", /still PENDING after 2000 ms/);
      const cancel = o.steps.find((s) => s.topic === "order-cancel")!;
      assert.equal((cancel.envelope.payload as { reason: string }).reason, "TIMEOUT");
    } finally {
      env.services.stock.faults.clear();
    }
    await waitFor(
      async () => (await stock()) === before && (await env.conservation()).ok,
      "stock given back once the service answers",
    );
  });

  it("a balance service that does not answer after the stock step: points taken late are refunded, the order stays cancelled", async () => {
    const [stockBefore, bobBefore] = [await stock(), await balance("bob")];
    env.services.balance.faults.set({ paused: true });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 4; i++)
        ids.push(
          String((await env.placeOrder({ userId: "bob", items: [{ productId: "lamp", quantity: 1 }] })).body.orderId),
        );
      for (const id of ids)
        await env.waitForOrder(
          id,
          (v) => timedOut(v) && topics(v).includes("stock-restore"),
          "time-out and stock restored",
        );
    } finally {
      env.services.balance.faults.clear();
    }
    // The balance service now meets each order's pay step and its cancel, in whichever order.
    const settled = await Promise.all(
      ids.map((id) => env.waitForOrder(id, (v) => topics(v).includes("notification-send"), "the notice")),
    );
    await waitFor(async () => {
      const views = await Promise.all(ids.map((id) => env.order(id)));
      return (
        (await drained(
          "balance",
          views.flatMap((v) => eventsOn(v!, "stock-decrease", "order-cancel")),
        )) && views
      );
    }, "balance to handle every pay step and cancel");
    for (const id of ids) {
      const o = (await env.order(id))!;
      assert.ok(timedOut(o), "a late pay step never completes a timed-out order");
      assert.ok(!topics(o).includes("order-complete"));
      if (topics(o).includes("pay-complete"))
        assert.ok(topics(o).includes("pay-refund"), "points paid after the cancel are refunded");
      const pay = (
        await env.db.balance.query<{ status: string }>("SELECT status FROM payments WHERE order_id = $1", [id])
      ).rows[0];
      assert.ok(pay && ["REFUNDED", "VOIDED"].includes(pay.status), `payment of ${id} is ${pay?.status}`);
    }
    assert.equal(settled.length, ids.length);
    assert.equal(await balance("bob"), bobBefore);
    assert.equal(await stock(), stockBefore);
    assert.ok((await env.conservation()).ok);
  });

  it("30 cancels racing their pay steps on two topics: no refund is lost", async () => {
    const before = await balance("race");
    const producer = env.producer;
    const send = (topic: TopicName, orderId: string, payload: object) => {
      const e = makeEnvelope({
        eventId: randomUUID(),
        type: topic,
        orderId,
        causationId: null,
        producer: topic === "order-cancel" ? "order" : "stock",
        occurredAt: new Date(),
        payload,
      } as never);
      return producer
        .send({ topic: physicalTopic(topic, env.prefix), messages: [{ key: orderId, value: JSON.stringify(e) }] })
        .then(() => e.eventId);
    };
    const item = { productId: "lamp", quantity: 1, unitPrice: 10, lineAmount: 10 };
    const eventIds = (
      await Promise.all(
        Array.from({ length: 30 }, () => randomUUID()).map((orderId) =>
          Promise.all([
            send("stock-decrease", orderId, {
              userId: "race",
              items: [item],
              totalAmount: 10,
              stockLevels: [{ productId: "lamp", stock: 0 }],
            }),
            send("order-cancel", orderId, { userId: "race", reason: "TIMEOUT", detail: "race" }),
          ]),
        ),
      )
    ).flat();
    await waitFor(() => drained("balance", eventIds), "balance to handle all 60 events", 60_000);
    const { rows } = await env.db.balance.query<{ status: string; n: string }>(
      "SELECT status, count(*) AS n FROM payments WHERE user_id = 'race' GROUP BY status",
    );
    assert.ok(
      rows.every((r) => r.status === "REFUNDED" || r.status === "VOIDED"),
      JSON.stringify(rows),
    );
    assert.equal(
      rows.reduce((n, r) => n + Number(r.n), 0),
      30,
    );
    assert.equal(await balance("race"), before, "every point taken was refunded");
  });
});
