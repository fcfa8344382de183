// Services that stop answering without dying: a paused stock service (orders time out and are
// undone when it resumes) and a notification outage after the pivot.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { until } from "./cluster";
import { placeMany } from "./load";
import { SAGA_MODES } from "../../contracts";
import { named, scenario } from "./scenario";

const pending = async (c: Parameters<Parameters<typeof scenario>[2]>[0]) =>
  Number((await c.db.order.query("SELECT count(*) AS n FROM orders WHERE status = 'PENDING'")).rows[0].n);

describe("stalls", () => {
  for (const mode of SAGA_MODES) {
    it(`a paused stock service: orders time out, and are undone when it resumes (${mode})`, async () => {
      const a = await scenario(named("stock paused: time-outs", mode), { sagaTimeoutMs: 3000, mode }, async (c) => {
        await c.faults("stock", { paused: true });
        await placeMany(c, 20);
        await until(async () => (await pending(c)) === 0, "every order to time out");
        await c.faults("stock", null);
      });
      assert.equal(a.timedOut, 20);
    });

    it(`a paused balance service after stock was taken: time-outs refund or void the payment (${mode})`, async () => {
      const a = await scenario(
        named("balance paused after the stock step: time-outs", mode),
        { sagaTimeoutMs: 3000, mode },
        async (c) => {
          await c.faults("balance", { paused: true });
          await placeMany(c, 20);
          await until(async () => (await pending(c)) === 0, "every order to time out");
          await c.faults("balance", null);
        },
      );
      assert.ok(a.timedOut > 0);
    });

    it(`a notification outage after the pivot: orders stay COMPLETED, notices go out when it recovers (${mode})`, async () => {
      const a = await scenario(named("notification outage after the pivot", mode), { mode }, async (c) => {
        await c.faults("notification", { paused: true });
        await placeMany(c, 30);
        await until(async () => (await pending(c)) === 0, "every order to end during the outage");
        const notices = Number((await c.db.notification.query("SELECT count(*) AS n FROM notifications")).rows[0].n);
        assert.equal(notices, 0, "nothing was sent during the outage");
        await c.faults("notification", null);
      });
      assert.equal(a.unnotified, 0);
    });
  }
});
