// Twenty orders race for three units: exactly three complete, and nothing is created or lost.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { isSettled, startSagaEnv, type SagaEnv } from "./harness";

let env: SagaEnv;
before(async () => {
  env = await startSagaEnv({
    products: [{ id: "scarce", name: "Scarce", price: 100, stock: 3 }],
    users: Array.from({ length: 20 }, (_, i) => ({ id: `buyer-${i}`, name: `Buyer ${i}`, balance: 1_000 })),
  });
});
after(() => env.stop());

it("20 concurrent orders for 3 units: exactly 3 complete, stock and money conserved", async () => {
  const placed = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      env.placeOrder({ userId: `buyer-${i}`, items: [{ productId: "scarce", quantity: 1 }] }),
    ),
  );
  assert.ok(placed.every((p) => p.status === 202));
  const orders = await Promise.all(
    placed.map((p) => env.waitForOrder(String(p.body.orderId), isSettled, "the saga to settle")),
  );
  const completed = orders.filter((o) => o.status === "COMPLETED");
  const cancelled = orders.filter((o) => o.status === "CANCELLED");
  assert.equal(completed.length, 3);
  assert.equal(cancelled.length, 17);
  assert.ok(cancelled.every((o) => o.reason === "OUT_OF_STOCK"));

  const [product] = await (await fetch(env.url("stock", "/products"))).json();
  assert.equal(product.stock, 0);
  const report = await env.conservation();
  assert.deepEqual(report.violations, []);
  const paid = report.money.filter((m) => m.paidByCompleted > 0);
  assert.equal(paid.length, 3);
  assert.ok(paid.every((m) => m.current === 900));
});
