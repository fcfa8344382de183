// The external platform: failures and outages are retried (never dead-lettered, never cancel an
// order), and every delivery carries a key the platform dedupes on, so a redo tells nobody twice.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, it } from "node:test";
import { makeEnvelope, physicalTopic } from "../../contracts";
import { SagaError } from "../../services/kit/errors";
import type { Delivery } from "../../services/notification/application/ports";
import { startSagaEnv, waitFor, type SagaEnv } from "./harness";

const calls: Delivery[] = [];
const told = new Set<string>();
let platformDown = false;
const failOnce = new Set<string>();
let env: SagaEnv;
before(async () => {
  env = await startSagaEnv({
    products: [{ id: "book", name: "Book", price: 20, stock: 50 }],
    users: [
      { id: "flaky", name: "Flaky", balance: 1_000 },
      { id: "down", name: "Down", balance: 1_000 },
    ],
    maxAttempts: 3,
    platform: {
      async deliver(d) {
        calls.push(d);
        const n = calls.filter((c) => c.orderId === d.orderId).length;
        if (platformDown || failOnce.delete(d.orderId) || (d.userId === "flaky" && n < 3)) {
          throw new SagaError("DEPENDENCY_UNAVAILABLE", `mail platform unavailable (attempt ${n})`);
        }
        told.add(d.key);
      },
    },
  });
});
after(() => env.stop());

const callsFor = (orderId: string) => calls.filter((c) => c.orderId === orderId);

it("retries a failing notification until it is delivered, with one delivery key", async () => {
  const placed = await env.placeOrder({ userId: "flaky", items: [{ productId: "book", quantity: 1 }] });
  const o = await env.waitForOrder(
    String(placed.body.orderId),
    (x) => x.steps.some((s) => s.topic === "notification-send"),
    "notification-send",
  );
  assert.equal(o.status, "COMPLETED");
  assert.equal(callsFor(o.orderId).length, 3);
  assert.deepEqual(new Set(callsFor(o.orderId).map((c) => c.key)), new Set([`${o.orderId}:COMPLETED`]));
});

it("holds notifications through a platform outage and sends them when it recovers; the order stays COMPLETED", async () => {
  platformDown = true;
  const placed = await env.placeOrder({ userId: "down", items: [{ productId: "book", quantity: 1 }] });
  const orderId = String(placed.body.orderId);
  await env.waitForOrder(orderId, (o) => o.status === "COMPLETED", "the order to complete during the outage");
  // More attempts than CONSUMER_MAX_ATTEMPTS (3): an outage is never dead-lettered.
  await waitFor(async () => callsFor(orderId).length > 4, "retries past the attempt budget");
  assert.equal(
    (await env.order(orderId))?.steps.some((s) => s.topic === "notification-send"),
    false,
  );
  platformDown = false;
  const o = await env.waitForOrder(
    orderId,
    (x) => x.steps.some((s) => s.topic === "notification-send"),
    "the notification after recovery",
  );
  assert.equal(o.status, "COMPLETED");
  assert.equal(
    o.steps.some((s) => s.topic === "saga-dlq"),
    false,
    "nothing dead-lettered",
  );
  assert.ok(told.has(`${orderId}:COMPLETED`));
  assert.deepEqual((await env.conservation()).violations, []);
});

it("a batch that rolls back after delivering tells each person once", async () => {
  // Two order-complete events on one partition in one send: handled as one batch; the second
  // delivery fails once, so the batch rolls back after the first was delivered, and is redone.
  const [a, b] = [randomUUID(), randomUUID()];
  failOnce.add(b);
  const events = [a, b].map((orderId) =>
    makeEnvelope({
      eventId: randomUUID(),
      type: "order-complete",
      orderId,
      causationId: null,
      producer: "order",
      occurredAt: new Date(),
      payload: {
        userId: "flaky",
        totalAmount: 20,
        items: [{ productId: "book", quantity: 1, unitPrice: 20, lineAmount: 20 }],
      },
    }),
  );
  await env.producer.send({
    topic: physicalTopic("order-complete", env.prefix),
    messages: events.map((e) => ({ key: e.orderId, value: JSON.stringify(e), partition: 0 })),
  });
  for (const id of [a, b]) {
    await waitFor(
      async () =>
        (await env.db.notification.query("SELECT 1 FROM notifications WHERE order_id = $1", [id])).rowCount === 1,
      `the notice of ${id}`,
    );
  }
  for (const id of [a, b]) {
    const keys = new Set(callsFor(id).map((c) => c.key));
    assert.deepEqual(keys, new Set([`${id}:COMPLETED`]), "every attempt carries the same delivery key");
    const rows = await env.db.notification.query("SELECT count(*)::int AS n FROM notifications WHERE order_id = $1", [
      id,
    ]);
    assert.equal(rows.rows[0].n, 1, "recorded once");
  }
  assert.ok(callsFor(b).length >= 2, "the failed delivery was tried again");
  assert.ok(told.has(`${a}:COMPLETED`) && told.has(`${b}:COMPLETED`));
});
