// Orchestration mode end to end, against the real broker and PostgreSQL: the orchestrator (in the
// order service) drives the same steps with commands and replies, the participants answer with
// the same rules as in choreography, and the same invariants hold. Both modes share the services.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { physicalTopic, stepName, type OrderView } from "../../contracts";
import { committedPast, isSettled, startSagaEnv, waitFor, type SagaEnv } from "./harness";

let env: SagaEnv;
before(async () => {
  env = await startSagaEnv({
    sagaTimeoutMs: 3000,
    products: [
      { id: "kb", name: "Keyboard", price: 120, stock: 10 },
      { id: "gpu", name: "GPU", price: 900, stock: 2 },
    ],
    users: [
      { id: "rich", name: "Rich", balance: 100_000 },
      { id: "broke", name: "Broke", balance: 100 },
      { id: "slow", name: "Slow", balance: 100_000 },
    ],
  });
});
after(() => env.stop());

const names = (o: OrderView) => o.steps.map((s) => stepName(s.envelope));
const stockOf = async (id: string) =>
  (await env.db.stock.query<{ stock: number }>("SELECT stock FROM products WHERE id = $1", [id])).rows[0]!.stock;
const balanceOf = async (id: string) =>
  (await env.db.balance.query<{ balance: number }>("SELECT balance FROM users WHERE id = $1", [id])).rows[0]!.balance;
const sagaStep = async (orderId: string) =>
  (await env.db.order.query<{ step: string }>("SELECT step FROM saga_instances WHERE order_id = $1", [orderId])).rows[0]
    ?.step;

async function orchestrated(body: Record<string, unknown>): Promise<OrderView> {
  const placed = await env.placeOrder({ ...body, mode: "orchestration" });
  assert.equal(placed.status, 202, JSON.stringify(placed.body));
  return env.waitForOrder(String(placed.body.orderId), isSettled, "the orchestrated saga to settle");
}

describe("orchestration mode", () => {
  it("completes a happy order with commands and replies, each caused by the one before", async () => {
    const [stock, points] = [await stockOf("kb"), await balanceOf("rich")];
    const o = await orchestrated({ userId: "rich", items: [{ productId: "kb", quantity: 2 }] });
    assert.equal(o.mode, "orchestration");
    assert.equal(o.status, "COMPLETED");
    assert.equal(o.totalAmount, 240);
    assert.deepEqual(o.items, [{ productId: "kb", quantity: 2, unitPrice: 120 }]);
    assert.deepEqual(names(o), [
      "stock-command (take)",
      "saga-reply (stock-decrease)",
      "balance-command (charge)",
      "saga-reply (pay-complete)",
      "notification-command (completed)",
      "saga-reply (notification-send)",
    ]);
    for (let i = 1; i < o.steps.length; i++)
      assert.equal(o.steps[i].causationId, o.steps[i - 1].eventId, "each step is caused by the one before");
    assert.deepEqual(
      o.steps.map((s) => s.producer),
      ["order", "stock", "order", "balance", "order", "notification"],
    );
    assert.ok(
      !o.steps.some((s) => ["order-create", "stock-decrease", "order-complete"].includes(s.topic)),
      "no choreography event",
    );
    assert.equal(await stockOf("kb"), stock - 2);
    assert.equal(await balanceOf("rich"), points - 240);
    assert.equal(await sagaStep(o.orderId), "DONE");
  });

  it("cancels an out-of-stock order without touching stock or points", async () => {
    const o = await orchestrated({ userId: "rich", items: [{ productId: "gpu", quantity: 3 }] });
    assert.equal(o.status, "CANCELLED");
    assert.equal(o.reason, "OUT_OF_STOCK");
    assert.deepEqual(names(o), [
      "stock-command (take)",
      "saga-reply (stock-decrease-fail)",
      "notification-command (cancelled)",
      "saga-reply (notification-send)",
    ]);
    assert.equal(await stockOf("gpu"), 2);
  });

  it("restores stock before cancelling when the balance is too low", async () => {
    const stock = await stockOf("kb");
    const o = await orchestrated({ userId: "broke", items: [{ productId: "kb", quantity: 1 }] });
    assert.equal(o.status, "CANCELLED");
    assert.equal(o.reason, "INSUFFICIENT_BALANCE");
    assert.deepEqual(names(o), [
      "stock-command (take)",
      "saga-reply (stock-decrease)",
      "balance-command (charge)",
      "saga-reply (pay-fail)",
      "stock-command (restore)",
      "saga-reply (stock-restore)",
      "notification-command (cancelled)",
      "saga-reply (notification-send)",
    ]);
    assert.equal(await stockOf("kb"), stock);
    assert.equal(await balanceOf("broke"), 100);
  });

  it("keys every command and reply by orderId, in the envelope of saga.md", async () => {
    const o = await orchestrated({ userId: "rich", items: [{ productId: "kb", quantity: 1 }] });
    for (const s of o.steps) {
      assert.equal(s.envelope.orderId, o.orderId);
      assert.equal(s.envelope.version, 1);
      assert.equal(s.envelope.type, s.topic);
    }
    const admin = env.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(physicalTopic("saga-reply", env.prefix));
      assert.ok(
        offsets.some((p) => Number(p.high) > 0),
        "replies are on saga-reply",
      );
    } finally {
      await admin.disconnect();
    }
  });

  it("choreography still runs beside it: both modes on the same services, one answer each", async () => {
    const [a, b] = await Promise.all([
      env.placeOrder({ userId: "rich", items: [{ productId: "kb", quantity: 1 }] }),
      env.placeOrder({ userId: "rich", items: [{ productId: "kb", quantity: 1 }], mode: "orchestration" }),
    ]);
    const chor = await env.waitForOrder(String(a.body.orderId), isSettled, "choreography");
    const orch = await env.waitForOrder(String(b.body.orderId), isSettled, "orchestration");
    assert.equal(chor.mode, "choreography");
    assert.equal(chor.steps[0]!.topic, "order-create");
    assert.equal(orch.mode, "orchestration");
    assert.equal(chor.status, "COMPLETED");
    assert.equal(orch.status, "COMPLETED");
    assert.ok((await env.conservation()).ok);
    const listed = async (mode: string) =>
      (await (await fetch(env.url("order", `/orders?mode=${mode}&limit=1000`))).json()) as {
        orderId: string;
        mode: string;
      }[];
    const [c, o] = [await listed("choreography"), await listed("orchestration")];
    assert.ok(
      c.some((x) => x.orderId === chor.orderId) && !c.some((x) => x.orderId === orch.orderId),
      "the list filters by mode",
    );
    assert.ok(o.every((x) => x.mode === "orchestration") && o.some((x) => x.orderId === orch.orderId));
  });

  it("replayed commands and replies change nothing (inboxes and guarded steps)", async () => {
    const o = await orchestrated({ userId: "rich", items: [{ productId: "kb", quantity: 1 }] });
    const [points, stock] = [await balanceOf("rich"), await stockOf("kb")];
    for (const s of o.steps) {
      const [meta] = await env.producer.send({
        topic: physicalTopic(s.topic, env.prefix),
        messages: [{ key: o.orderId, value: JSON.stringify(s.envelope) }],
      });
      const handler =
        s.topic === "saga-reply"
          ? "order"
          : s.topic === "stock-command"
            ? "stock"
            : s.topic === "balance-command"
              ? "balance"
              : "notification";
      await committedPast(env, handler, s.topic, meta!.partition, meta!.baseOffset!);
    }
    const again = (await env.order(o.orderId))!;
    assert.equal(again.status, "COMPLETED");
    assert.equal(again.steps.length, o.steps.length, "no new event for the replays");
    assert.equal(await balanceOf("rich"), points, "charged once");
    assert.equal(await stockOf("kb"), stock, "taken once");
    assert.equal(await sagaStep(o.orderId), "DONE");
  });

  it("times out when stock does not answer, and puts the stock back once it does", async () => {
    const stock = await stockOf("kb");
    env.services.stock.faults.set({ paused: true });
    let o: OrderView;
    try {
      const placed = await env.placeOrder({
        userId: "slow",
        items: [{ productId: "kb", quantity: 3 }],
        mode: "orchestration",
      });
      const undone = (v: OrderView) =>
        v.status === "CANCELLED" &&
        names(v).includes("balance-command (refund)") &&
        names(v).includes("stock-command (restore)");
      o = await env.waitForOrder(String(placed.body.orderId), undone, "the time-out and its undo commands");
      assert.equal(o.reason, "TIMEOUT");
      assert.match(o.detail ?? "", /still PENDING after 3000 ms/);
    } finally {
      env.services.stock.faults.clear();
    }
    await waitFor(
      async () => (await stockOf("kb")) === stock && (await env.conservation()).ok,
      "stock given back once the service answers",
    );
    const settled = await env.waitForOrder(o.orderId, isSettled, "the notice");
    assert.equal(settled.status, "CANCELLED", "a late forward reply does not revive the order");
    assert.equal(await balanceOf("slow"), 100_000);
  });

  it("refuses an unknown mode with a 400 naming the field", async () => {
    const placed = await env.placeOrder({ userId: "rich", items: [{ productId: "kb", quantity: 1 }], mode: "central" });
    assert.equal(placed.status, 400);
    assert.match(JSON.stringify(placed.body), /mode/);
  });
});
