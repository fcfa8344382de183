// The observer under infrastructure faults: the bank-transfer example's records offered at
// 20,000/s while the observer's PostgreSQL is restarted mid-batch, and the broker stopped and
// started with records still to read. Afterwards every instance's records and status, the seen
// counts and the record counters are what was produced, nothing counted twice.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { until } from "./cluster";
import { offer } from "./observer-truth";
import { observerScenario, RATE, SECONDS, storedShare } from "./observer-scenario";

describe("observer: the infrastructure", () => {
  it("its PostgreSQL restarted mid-batch", async () => {
    await observerScenario("observer's PostgreSQL restart mid-batch", async (w, truth) => {
      const offering = offer(w, truth, { rate: RATE, seconds: SECONDS });
      offering.catch(() => undefined);
      const [m] = w.members;
      const storedAtFault = await storedShare(w, 0.3);
      await w.infra("/postgres/restart");
      await until(() => m!.healthy(), "the observer to be healthy again", 90_000);
      const faultEnded = performance.now();
      const offered = await offering;
      return {
        offered: [offered],
        faultEnded,
        storedAtFault,
        notes: [`observer process restarts: ${m!.starts() - 1}`],
      };
    });
  });

  it("the broker stopped and started with records still to read", async () => {
    await observerScenario("broker down and back mid-batch", async (w, truth) => {
      // The records are offered before and after: a send into a broker going down may be retried
      // into a duplicate, and then the truth would not be known.
      const before = await offer(w, truth, { rate: RATE, seconds: SECONDS / 2 });
      const [m] = w.members;
      const storedAtFault = await w.stored();
      assert.ok(
        storedAtFault < before.records,
        `records still to read when the broker stops (${storedAtFault} stored)`,
      );
      await w.infra("/brokers/1/stop");
      await until(async () => !(await m!.healthy()), "the observer to report the broker gone", 30_000);
      await w.infra("/brokers/1/start");
      await until(() => m!.healthy(), "the observer to be healthy again", 90_000);
      const faultEnded = performance.now();
      const after = await offer(w, truth, { rate: RATE, seconds: SECONDS / 2, first: before.transfers });
      return {
        offered: [before, after],
        faultEnded,
        storedAtFault,
        notes: [`observer process restarts: ${m!.starts() - 1}`],
      };
    });
  });
});
