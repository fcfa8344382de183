// GET /api/orders/:id/trace through the web gateway in front of real services: the journey as
// JSON with each hop's time split, and as a Mermaid diagram served as text/plain.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  buildOrderTrace,
  mermaidText,
  traceToMermaid,
  withDuplicateRecords,
  type OrderTrace,
  type OrderView,
} from "../../contracts";
import { startGateway, type TestGateway } from "./gateway-server";
import { isSettled, startSagaEnv, type SagaEnv } from "./harness";

let env: SagaEnv;
let gateway: TestGateway;
let base: string;
const EVIL_USER = "eve;\n%%{init: {}}%%<b>#1";

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "tea", name: "Tea", price: 5, stock: 100 }],
    users: [
      { id: "tim", name: "Tim", balance: 100 },
      { id: "pat", name: "Pat", balance: 1 },
      { id: EVIL_USER, name: "Eve", balance: 1000 },
    ],
  });
  gateway = await startGateway(env);
  base = gateway.base;
});
after(async () => {
  gateway.close();
  await env.stop();
});

async function settledOrder(userId: string, quantity: number): Promise<OrderView> {
  const r = await env.placeOrder({ userId, items: [{ productId: "tea", quantity }] });
  assert.equal(r.status, 202);
  return env.waitForOrder(r.body.orderId as string, isSettled, "the saga to settle");
}

describe("GET /api/orders/:id/trace", () => {
  it("answers a completed order's journey as JSON, each hop split into Kafka, handler and outbox time", async () => {
    const order = await settledOrder("tim", 2);
    const r = await fetch(`${base}/api/orders/${order.orderId}/trace`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type") ?? "", /^application\/json/);
    const trace = (await r.json()) as OrderTrace;
    assert.equal(trace.order.orderId, order.orderId);
    assert.equal(trace.order.status, "COMPLETED");
    assert.deepEqual(trace.items, [{ productId: "tea", quantity: 2, unitPrice: 5 }]);
    assert.deepEqual(
      trace.steps.map((s) => s.topic),
      ["order-create", "stock-decrease", "pay-complete", "order-complete", "notification-send"],
    );
    assert.deepEqual(
      trace.steps.map((s) => s.consumedBy),
      [["stock"], ["balance"], ["order"], ["notification"], []],
    );
    assert.equal(trace.steps[0].timing.kafkaWaitMs, null);
    for (const s of trace.steps.slice(1)) {
      for (const ms of [s.timing.kafkaWaitMs, s.timing.handlerMs, s.timing.outboxMs])
        assert.ok(typeof ms === "number" && ms >= 0, `step ${s.n}: ${JSON.stringify(s.timing)}`);
    }
    assert.deepEqual(
      trace,
      // The gateway folds a view's duplicate records back in before it builds the trace.
      JSON.parse(JSON.stringify(buildOrderTrace(withDuplicateRecords(order)))),
      "the same trace the order's view yields",
    );
  });

  it("answers a Mermaid diagram as text/plain, compensations marked", async () => {
    const order = await settledOrder("pat", 1);
    assert.equal(order.reason, "INSUFFICIENT_BALANCE");
    const r = await fetch(`${base}/api/orders/${order.orderId}/trace?format=mermaid`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), "text/plain; charset=utf-8");
    const text = await r.text();
    assert.equal(text, traceToMermaid(buildOrderTrace(withDuplicateRecords(order))));
    assert.match(text, /^sequenceDiagram\n/);
    assert.match(text, /\n {2}s_order->>t_order_create: step 1 order-create/);
    assert.match(text, /\n {2}s_balance-->>t_pay_fail: /);
    assert.match(
      text,
      /\n {2}Note over s_stock,t_stock_restore: compensation: stock-restore\n {2}s_stock-->>t_stock_restore: /,
    );
  });

  it("escapes the user id in the diagram", async () => {
    const order = await settledOrder(EVIL_USER, 1);
    const text = await (await fetch(`${base}/api/orders/${order.orderId}/trace?format=mermaid`)).text();
    assert.equal(text.includes(EVIL_USER), false);
    assert.ok(text.includes(`user ${mermaidText(EVIL_USER)}`));
    for (const line of text.trimEnd().split("\n").slice(1))
      assert.match(line, /^ {2}(participant|Note over|[st]_)/, line);
  });

  it("answers 404 JSON for an unknown order and 400 JSON for an unknown format", async () => {
    for (const path of [
      "00000000-0000-4000-8000-000000000000/trace",
      "00000000-0000-4000-8000-000000000000/trace?format=mermaid",
      "not-an-id/trace",
    ]) {
      const r = await fetch(`${base}/api/orders/${path}`);
      assert.equal(r.status, 404, path);
      assert.match(r.headers.get("content-type") ?? "", /^application\/json/);
      assert.equal((await r.json()).error, "NOT_FOUND");
    }
    const order = await settledOrder("tim", 1);
    const r = await fetch(`${base}/api/orders/${order.orderId}/trace?format=svg`);
    assert.equal(r.status, 400);
    assert.match(r.headers.get("content-type") ?? "", /^application\/json/);
    const body = await r.json();
    assert.equal(body.error, "VALIDATION_FAILED");
    assert.equal(body.fields[0].field, "format");
  });
});
