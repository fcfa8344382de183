// The saga's three paths end to end, against the real broker and PostgreSQL.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createConsumer } from "../../services/kit/kafka/client";
import { parseEnvelope, physicalTopic, type OrderView, type TopicName } from "../../contracts";
import { isSettled, startSagaEnv, waitFor, type SagaEnv } from "./harness";

const topics = (o: OrderView) => o.steps.map((s) => s.topic);
let env: SagaEnv;

before(async () => {
  env = await startSagaEnv({
    products: [
      { id: "kb", name: "Keyboard", price: 120, stock: 10 },
      { id: "gpu", name: "GPU", price: 900, stock: 2 },
      { id: "last", name: "Last one", price: 50, stock: 1 },
    ],
    users: [
      { id: "rich", name: "Rich", balance: 100_000 },
      { id: "broke", name: "Broke", balance: 100 },
      { id: "exact", name: "Exact", balance: 240 },
    ],
  });
});
after(() => env.stop());

async function settledOrder(body: unknown): Promise<OrderView> {
  const placed = await env.placeOrder(body);
  assert.equal(placed.status, 202, JSON.stringify(placed.body));
  assert.equal(placed.body.status, "PENDING");
  return env.waitForOrder(String(placed.body.orderId), isSettled, "the saga to settle");
}

describe("saga paths", () => {
  it("completes a happy order through all five steps", async () => {
    const o = await settledOrder({ userId: "rich", items: [{ productId: "kb", quantity: 2 }] });
    assert.equal(o.status, "COMPLETED");
    assert.equal(o.reason, null);
    assert.equal(o.totalAmount, 240);
    assert.deepEqual(o.items, [{ productId: "kb", quantity: 2, unitPrice: 120 }]);
    assert.deepEqual(topics(o), [
      "order-create",
      "stock-decrease",
      "pay-complete",
      "order-complete",
      "notification-send",
    ]);
    for (let i = 1; i < o.steps.length; i++)
      assert.equal(o.steps[i].causationId, o.steps[i - 1].eventId, "each step is caused by the one before");
    assert.ok(
      o.steps.slice(1).every((s) => s.causeConsumedAt),
      "every reaction records when its cause was consumed",
    );
    const users = await (await fetch(env.url("balance", "/users"))).json();
    assert.equal(users.find((u: { id: string }) => u.id === "rich").balance, 100_000 - 240);
  });

  it("cancels an out-of-stock order without touching stock or points", async () => {
    const o = await settledOrder({ userId: "rich", items: [{ productId: "gpu", quantity: 3 }] });
    assert.equal(o.status, "CANCELLED");
    assert.equal(o.reason, "OUT_OF_STOCK");
    assert.deepEqual(topics(o), ["order-create", "stock-decrease-fail", "order-cancel", "notification-send"]);
    const gpu = (await (await fetch(env.url("stock", "/products"))).json()).find((p: { id: string }) => p.id === "gpu");
    assert.equal(gpu.stock, 2);
  });

  it("cancels an order for an unknown product", async () => {
    const o = await settledOrder({
      userId: "rich",
      items: [
        { productId: "kb", quantity: 1 },
        { productId: "nope", quantity: 1 },
      ],
    });
    assert.equal(o.status, "CANCELLED");
    assert.equal(o.reason, "UNKNOWN_PRODUCT");
  });

  it("restores stock and cancels when the balance is too low", async () => {
    const o = await settledOrder({ userId: "broke", items: [{ productId: "kb", quantity: 1 }] });
    assert.equal(o.status, "CANCELLED");
    assert.equal(o.reason, "INSUFFICIENT_BALANCE");
    assert.deepEqual(topics(o), [
      "order-create",
      "stock-decrease",
      "pay-fail",
      "stock-restore",
      "order-cancel",
      "notification-send",
    ]);
    const restore = o.steps.find((s) => s.topic === "stock-restore")!.envelope;
    assert.deepEqual(restore.type === "stock-restore" && restore.payload.items, [{ productId: "kb", quantity: 1 }]);
  });

  it("cancels an order of an unknown user after restoring stock", async () => {
    const o = await settledOrder({ userId: "ghost", items: [{ productId: "kb", quantity: 1 }] });
    assert.equal(o.reason, "UNKNOWN_USER");
  });

  it("lets a balance exactly equal to the price pay, and the last unit go", async () => {
    const exact = await settledOrder({ userId: "exact", items: [{ productId: "kb", quantity: 2 }] });
    assert.equal(exact.status, "COMPLETED");
    const last = await settledOrder({ userId: "rich", items: [{ productId: "last", quantity: 1 }] });
    assert.equal(last.status, "COMPLETED");
    const products = await (await fetch(env.url("stock", "/products"))).json();
    assert.equal(products.find((p: { id: string }) => p.id === "last").stock, 0);
    const users = await (await fetch(env.url("balance", "/users"))).json();
    assert.equal(users.find((u: { id: string }) => u.id === "exact").balance, 0);
  });

  it("publishes events keyed by orderId in the saga.md envelope", async () => {
    const o = await settledOrder({ userId: "rich", items: [{ productId: "kb", quantity: 1 }] });
    const consumer = createConsumer(env.kafka, `${env.prefix}reader`);
    await consumer.connect();
    await consumer.subscribe({ topic: physicalTopic("order-create", env.prefix), fromBeginning: true });
    const seen: { key: string | null; value: string }[] = [];
    await consumer.run({
      eachMessage: async ({ message }) =>
        void seen.push({ key: message.key?.toString() ?? null, value: message.value!.toString() }),
    });
    const mine = await waitFor(async () => seen.find((m) => m.key === o.orderId), "the order-create record");
    await consumer.disconnect();
    const parsed = parseEnvelope(mine.value, "order-create" as TopicName);
    assert.ok(parsed.ok, "the record is a valid envelope");
    assert.equal(parsed.envelope.orderId, o.orderId);
    assert.equal(parsed.envelope.causationId, null);
    assert.equal(parsed.envelope.producer, "order");
    assert.equal(parsed.envelope.version, 1);
  });

  it("conserves stock and money after every path", async () => {
    const report = await env.conservation();
    assert.deepEqual(report.violations, []);
  });
});
