// Kafka's delivery at its worst: every event twice, compensations twice, a compensation before
// its forward event, and poison on every consumed topic.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { makeEnvelope, physicalTopic, SAGA_MODES, type TopicName } from "../../contracts";
import { createKafka } from "../../services/kit/kafka/client";
import { until } from "./cluster";
import { startDuplicator } from "./duplicator";
import { mixedOrder, placeMany, placeOrder } from "./load";
import { named, scenario } from "./scenario";

describe("delivery", () => {
  for (const mode of SAGA_MODES) {
    it(`every event delivered twice, compensations included (${mode})`, async () => {
      let copied = 0;
      await scenario(named("every event delivered twice", mode), { mode }, async (c) => {
        const dup = await startDuplicator(c);
        try {
          const ids = await placeMany(c, 60, { concurrency: 6 });
          await until(
            async () =>
              (await c.db.order.query("SELECT count(*) AS n FROM orders WHERE status = 'PENDING'")).rows[0].n === "0",
            "every order to end",
          );
          // Each order's events, compensations among them, have been copied once.
          await until(async () => dup.copied() >= ids.length * 4, "the copies");
          copied = dup.copied();
        } finally {
          await dup.stop();
        }
      });
      assert.ok(copied > 0);
    });
  }
  it("a compensation before its forward event", async () => {
    await scenario("compensation before its forward event", {}, async (c) => {
      const kafka = createKafka({ brokers: c.brokers.split(",") }, `${c.id}-early`, { quiet: true });
      const producer = kafka.producer();
      await producer.connect();
      const send = async (topic: TopicName, orderId: string, payload: object) => {
        const e = makeEnvelope({
          eventId: randomUUID(),
          type: topic,
          orderId,
          causationId: null,
          producer: topic === "order-cancel" ? "order" : "balance",
          occurredAt: new Date(),
          payload,
        } as never);
        await producer.send({
          topic: physicalTopic(topic, c.prefix),
          messages: [{ key: orderId, value: JSON.stringify(e) }],
        });
      };
      // Cancels (as after a time-out) and refused payments arrive first; the forward steps follow.
      for (let i = 0; i < 10; i++) {
        const orderId = randomUUID();
        await send("order-cancel", orderId, { userId: "f-rich", reason: "TIMEOUT", detail: "early" });
        await send("pay-fail", orderId, {
          userId: "f-rich",
          amount: 1,
          reason: "INSUFFICIENT_BALANCE",
          detail: "early",
        });
        await send("order-create", orderId, { userId: "f-rich", items: [{ productId: "f-bulk", quantity: 2 }] });
      }
      await producer.disconnect();
      await until(
        async () => Number((await c.db.stock.query("SELECT count(*) AS n FROM processed_events")).rows[0].n) >= 30,
        "stock to see every event",
      );
      const taken = await c.db.stock.query("SELECT count(*) AS n FROM stock_reservations WHERE status = 'TAKEN'");
      assert.equal(taken.rows[0].n, "0", "a forward step after its compensation takes nothing");
      // Real orders still flow afterwards.
      await placeMany(c, 10);
    });
  });

  it("poison on every consumed topic is dead-lettered and the partitions move on", async () => {
    const consumed: TopicName[] = [
      "order-create",
      "stock-decrease",
      "stock-decrease-fail",
      "pay-complete",
      "pay-fail",
      "stock-restore",
      "order-complete",
      "order-cancel",
      "stock-command",
      "balance-command",
      "notification-command",
      "saga-reply",
    ];
    const a = await scenario("poison on every consumed topic", {}, async (c) => {
      for (const topic of consumed) {
        const r = await fetch(c.url("order", "/admin/poison"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ topic }),
        });
        assert.equal(r.status, 202);
      }
      await placeOrder(c, { userId: "f-rich", items: [{ productId: "f-bulk", quantity: 1 }] });
      await placeMany(c, 20);
      // Orchestrated orders still flow past the poison on the command and reply topics.
      await placeMany(c, 10, { body: (i) => ({ ...mixedOrder(i), mode: "orchestration" }) });
    });
    // order-cancel is consumed by stock, balance and notification: each dead-letters its copy.
    assert.ok(a.deadLetters >= consumed.length + 2, `dead letters: ${a.deadLetters}`);
  });
});
