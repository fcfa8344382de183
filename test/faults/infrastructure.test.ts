// The infrastructure going away under load: the broker killed (its supervisor restarts it), the
// broker down and back, PostgreSQL restarted. Broker faults on three brokers: brokers.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { placeMany } from "./load";
import { scenario } from "./scenario";
import { until } from "./cluster";
import { SERVICES } from "../../contracts";

describe("infrastructure", () => {
  it("SIGKILL of the broker during a batch: its supervisor restarts it on its data", async () => {
    await scenario("broker SIGKILL mid-batch, restarted by its supervisor", {}, async (c) => {
      await placeMany(c, 40, {
        concurrency: 4,
        atHalf: async () => {
          await c.infra("/brokers/1/kill");
          await until(async () => !(await c.healthy("stock")), "stock to notice the broker gone", 20_000);
        },
      });
      for (const s of SERVICES) await until(() => c.healthy(s), `${s} to recover by itself`, 90_000);
    });
  });

  it("the broker down and back during a batch", async () => {
    await scenario("broker down and back mid-batch", {}, async (c) => {
      await placeMany(c, 40, {
        concurrency: 4,
        atHalf: async () => {
          await c.infra("/brokers/1/stop");
          // Services see it: health turns down while the broker refuses connections.
          await until(async () => !(await c.healthy("stock")), "stock to report the broker down", 20_000);
          await c.infra("/brokers/1/start");
        },
      });
      for (const s of SERVICES) await until(() => c.healthy(s), `${s} to recover by itself`);
      assert.deepEqual(Object.values(c.starts), [1, 1, 1, 1], "no process died");
    });
  });

  it("PostgreSQL restarted during a batch", async () => {
    await scenario("PostgreSQL restart mid-batch", {}, async (c) => {
      await placeMany(c, 40, { concurrency: 4, atHalf: () => c.infra("/postgres/restart") });
      for (const s of SERVICES) await until(() => c.healthy(s), `${s} to recover by itself`);
      assert.deepEqual(Object.values(c.starts), [1, 1, 1, 1], "no process died");
    });
  });
});
