// The order controller's answers to bad input: 400 naming each bad field, and nothing created.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSagaEnv, type SagaEnv } from "./harness";

let env: SagaEnv;
before(async () => {
  env = await startSagaEnv({
    products: [{ id: "pen", name: "Pen", price: 1, stock: 10 }],
    users: [{ id: "ann", name: "Ann", balance: 10 }],
  });
});
after(() => env.stop());

const count = async () => Number((await env.db.order.query("SELECT count(*) AS n FROM orders")).rows[0].n);

const BAD: [string, unknown, string[]][] = [
  ["malformed JSON", '{"userId": "ann", "items": [', ["(body)"]],
  ["an empty body", "", ["(body)"]],
  ["no items", { userId: "ann", items: [] }, ["items"]],
  ["a missing userId", { items: [{ productId: "pen", quantity: 1 }] }, ["userId"]],
  ["a zero quantity", { userId: "ann", items: [{ productId: "pen", quantity: 0 }] }, ["items.0.quantity"]],
  ["a negative quantity", { userId: "ann", items: [{ productId: "pen", quantity: -1 }] }, ["items.0.quantity"]],
  ["a fractional quantity", { userId: "ann", items: [{ productId: "pen", quantity: 1.5 }] }, ["items.0.quantity"]],
  ["a huge quantity", { userId: "ann", items: [{ productId: "pen", quantity: 1e12 }] }, ["items.0.quantity"]],
  ["a quantity as a string", { userId: "ann", items: [{ productId: "pen", quantity: "2" }] }, ["items.0.quantity"]],
  ["wrong types everywhere", { userId: 7, items: "pen" }, ["userId", "items"]],
  ["an item without productId", { userId: "ann", items: [{ quantity: 1 }] }, ["items.0.productId"]],
  ["an array body", [1, 2], ["(body)"]],
];

describe("POST /orders validation", () => {
  for (const [name, body, fields] of BAD) {
    it(`answers 400 for ${name}, naming ${fields.join(", ")}`, async () => {
      const before = await count();
      const r = await env.placeOrder(body);
      assert.equal(r.status, 400);
      assert.equal(r.body.error, "VALIDATION_FAILED");
      const named = (r.body.fields as { field: string }[]).map((f) => f.field);
      for (const f of fields) assert.ok(named.includes(f), `expected ${f} in ${JSON.stringify(named)}`);
      assert.equal(await count(), before, "nothing is created");
    });
  }

  it("accepts a valid order with 202 and PENDING, and stores it", async () => {
    const r = await env.placeOrder({ userId: "ann", items: [{ productId: "pen", quantity: 1 }] });
    assert.equal(r.status, 202);
    assert.equal(r.body.status, "PENDING");
    assert.match(String(r.body.orderId), /^[0-9a-f-]{36}$/);
    const stored = await env.order(String(r.body.orderId));
    assert.equal(stored?.userId, "ann");
    assert.deepEqual(stored?.items, [{ productId: "pen", quantity: 1, unitPrice: null }]);
  });
});

describe("GET /orders", () => {
  it("answers 404 for an unknown order", async () => {
    const r = await fetch(env.url("order", "/orders/does-not-exist"));
    assert.equal(r.status, 404);
    assert.equal((await r.json()).error, "NOT_FOUND");
  });

  it("lists orders newest first and filters by status", async () => {
    const a = await env.placeOrder({ userId: "ann", items: [{ productId: "pen", quantity: 1 }] });
    const b = await env.placeOrder({ userId: "ann", items: [{ productId: "pen", quantity: 1 }] });
    const list = await (await fetch(env.url("order", "/orders?limit=2"))).json();
    assert.deepEqual(
      list.map((o: { orderId: string }) => o.orderId),
      [b.body.orderId, a.body.orderId],
    );
    const bad = await fetch(env.url("order", "/orders?status=NOPE"));
    assert.equal(bad.status, 400);
  });
});
