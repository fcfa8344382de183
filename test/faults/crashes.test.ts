// Processes dying mid-batch: SIGKILL of each service in turn while orders flow, and a crash
// between a database commit and the publish of what it committed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SAGA_MODES, SERVICES } from "../../contracts";
import { until } from "./cluster";
import { placeMany, placeOrder, mixedOrder } from "./load";
import { named, scenario } from "./scenario";

describe("crashes", () => {
  for (const mode of SAGA_MODES) {
    for (const service of SERVICES) {
      it(`SIGKILL of the ${service} service in the middle of a batch (${mode})`, async () => {
        const a = await scenario(named(`SIGKILL ${service} mid-batch`, mode), { mode }, async (c) => {
          await placeMany(c, 60, { concurrency: 6, atHalf: async () => void (await c.kill(service, "SIGKILL")) });
          // The supervisor restarts 250 ms after the exit; the rest of the batch can be placed sooner.
          await until(async () => c.starts[service] >= 2, `${service} to be restarted by its supervisor`);
          assert.equal(c.starts[service], 2, `${service} was started again exactly once`);
          await until(() => c.healthy(service), `${service} to be back`);
        });
        assert.equal(a.orders, 60);
      });
    }
  }

  it("SIGTERM of every service in turn in the middle of a batch: each stops gracefully", async () => {
    const exits: { code: number | null; ms: number }[] = [];
    await scenario("SIGTERM of each service mid-batch", {}, async (c) => {
      await placeMany(c, 60, {
        concurrency: 6,
        atHalf: async () => {
          for (const s of SERVICES) {
            exits.push(await c.kill(s, "SIGTERM"));
            await until(() => c.healthy(s), `${s} to be back`);
          }
        },
      });
    });
    for (const e of exits) {
      assert.equal(e.code, 0, "stopped by itself, with exit code 0");
      assert.ok(e.ms < 10_000, `stopped within 10 s (took ${e.ms} ms)`);
    }
  });

  it("SIGTERM of every service while the broker is down: each stops gracefully within its stop deadline", async () => {
    const exits: { service: string; code: number | null; ms: number }[] = [];
    await scenario("SIGTERM of each service with the broker down", {}, async (c) => {
      await placeMany(c, 20, { concurrency: 4 });
      await c.infra("/brokers/1/stop");
      for (const s of SERVICES) exits.push({ service: s, ...(await c.kill(s, "SIGTERM")) });
      await c.infra("/brokers/1/start");
      for (const s of SERVICES) await until(() => c.healthy(s), `${s} to be back`);
    });
    // Each stop step waits at most 2 s for a broker that does not answer, then goes on (its
    // offsets uncommitted, its outbox kept): a graceful stop, not the 10 s deadline's exit 1.
    for (const e of exits) {
      assert.equal(e.code, 0, `${e.service} stopped gracefully, with exit code 0 (took ${e.ms} ms)`);
      assert.ok(e.ms < 10_000, `${e.service} stopped within its 10 s stop deadline (took ${e.ms} ms)`);
    }
  });

  it("a crash between the database commit and the publish", async () => {
    await scenario("crash between commit and publish", {}, async (c) => {
      // With the broker down, orders commit to the order database and wait in its outbox.
      await c.infra("/brokers/1/stop");
      const ids = [];
      for (let i = 0; i < 20; i++) ids.push(await placeOrder(c, mixedOrder(i)));
      const waiting = Number((await c.db.order.query("SELECT count(*) AS n FROM outbox")).rows[0].n);
      assert.equal(waiting, 20, "committed, not yet published");
      await c.kill("order", "SIGKILL");
      await c.infra("/brokers/1/start");
      await until(() => c.healthy("order"), "the order service to be back");
    });
  });
});
