// The external platform's failures are retried and never cancel an order.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { SagaError } from "../../services/kit/errors";
import { isTerminal, startSagaEnv, waitFor, type SagaEnv } from "./harness";

const attempts = new Map<string, number>();
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
      async deliver(orderId, userId) {
        const n = (attempts.get(orderId) ?? 0) + 1;
        attempts.set(orderId, n);
        if (userId === "down" || (userId === "flaky" && n < 3)) {
          throw new SagaError("DEPENDENCY_UNAVAILABLE", `mail platform unavailable (attempt ${n})`);
        }
      },
    },
  });
});
after(() => env.stop());

it("retries a failing notification until it is delivered", async () => {
  const placed = await env.placeOrder({ userId: "flaky", items: [{ productId: "book", quantity: 1 }] });
  const o = await env.waitForOrder(String(placed.body.orderId), (x) => x.steps.some((s) => s.topic === "notification-send"), "notification-send");
  assert.equal(o.status, "COMPLETED");
  assert.equal(attempts.get(o.orderId), 3);
});

it("dead-letters a notification that keeps failing, and the order stays COMPLETED", async () => {
  const placed = await env.placeOrder({ userId: "down", items: [{ productId: "book", quantity: 1 }] });
  const orderId = String(placed.body.orderId);
  await env.waitForOrder(orderId, isTerminal, "the order to end");
  const dlq = await waitFor(async () => (await env.order(orderId))?.steps.find((s) => s.topic === "saga-dlq"), "a dead letter from the notification service");
  assert.equal(dlq.envelope.type === "saga-dlq" && dlq.envelope.payload.service, "notification");
  assert.equal(dlq.envelope.type === "saga-dlq" && dlq.envelope.payload.error.code, "DEPENDENCY_UNAVAILABLE");
  const o = await env.order(orderId);
  assert.equal(o?.status, "COMPLETED");
  assert.equal(attempts.get(orderId), 3);
  assert.deepEqual((await env.conservation()).violations, []);
});
