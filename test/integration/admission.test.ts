// Admission control on the real services, broker and PostgreSQL: with the stock service paused
// nothing ends, so once the orders in flight reach the floor (ADMISSION_MIN_IN_FLIGHT, 5 here)
// POST /orders answers 503 with Retry-After, counted in /metrics and /health; when stock resumes
// the orders admitted complete and new orders are taken again. Nothing admitted is lost.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSagaEnv, waitFor, type SagaEnv } from "./harness";

let env: SagaEnv;
const order = { userId: "u-adm", items: [{ productId: "p-adm", quantity: 1 }] };
const post = () =>
  fetch(env.url("order", "/orders"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(order),
  });
const faults = (body: unknown) =>
  fetch(env.url("stock", "/admin/faults"), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("admission control of POST /orders", () => {
  before(async () => {
    env = await startSagaEnv({
      products: [{ id: "p-adm", name: "Admission widget", price: 1, stock: 1000 }],
      users: [{ id: "u-adm", name: "Admission user", balance: 1_000_000 }],
      env: { ADMISSION_MIN_IN_FLIGHT: "5", ADMISSION_TARGET_MS: "500" },
    });
  });
  after(() => env?.stop());

  it("sheds with 503 and Retry-After past the limit, counts it, and takes orders again once the backlog drains", async () => {
    assert.equal((await faults({ paused: true })).status, 200);
    // At least the floor is admitted; with readings a quarter-second apart a few more may slip in
    // on a loaded machine, but with nothing ending the refusal must come.
    const admitted: string[] = [];
    let refused: Response | null = null;
    for (let i = 0; i < 50 && !refused; i++) {
      const r = await post();
      if (r.status === 202) admitted.push(((await r.json()) as { orderId: string }).orderId);
      else refused = r;
    }
    assert.ok(admitted.length >= 5, `${admitted.length} admitted before the first refusal: the floor is 5`);
    assert.ok(refused, "no refusal in 50 orders with nothing ending");
    assert.equal(refused.status, 503);
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 30,
      `Retry-After ${refused.headers.get("retry-after")}`,
    );
    assert.equal(((await refused.json()) as { error: string }).error, "OVERLOADED");

    const metrics = await (await fetch(env.url("order", "/metrics"))).text();
    assert.match(metrics, /^sagascope_orders_shed_total\{service="order"\} 1$/m);
    const health = (await (await fetch(env.url("order", "/health"))).json()) as { shed?: number };
    assert.equal(health.shed, 1);

    assert.equal((await faults({ paused: false })).status, 200);
    for (const id of admitted)
      await env.waitForOrder(id, (o) => o.status === "COMPLETED", `admitted order ${id} to complete`);
    const again = await waitFor(async () => {
      const r = await post();
      return r.status === 202 ? r : null;
    }, "an order to be admitted after the backlog drained");
    assert.equal(again.status, 202);
  });
});
