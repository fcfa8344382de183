// The observer under faults of its own processes, as the fault suite does for the saga: the
// bank-transfer example's records offered at 20,000/s while the observer is SIGKILLed mid-batch
// and started again, and while a second observer joins its group and leaves it. Afterwards every
// instance's records and status, the seen counts and the record counters are what was produced,
// nothing counted twice. The infrastructure's faults: observer-infrastructure.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { until } from "./cluster";
import { offer } from "./observer-truth";
import { midBatch, observerScenario, RATE, SECONDS, storedShare } from "./observer-scenario";

describe("observer: its processes", () => {
  it("SIGKILL of the observer mid-batch, started again by its supervisor", async () => {
    await observerScenario("observer SIGKILL mid-batch", async (w, truth) => {
      const [m] = w.members;
      const { offering, storedAtFault, writing } = await midBatch(w, truth, 0.3);
      const t0 = performance.now();
      const killed = await m!.kill("SIGKILL");
      await until(() => m!.healthy(), "the observer to be back", 90_000);
      const faultEnded = performance.now();
      const back = `healthy again (its group rejoined) ${((faultEnded - t0) / 1000).toFixed(1)} s after the SIGKILL`;
      assert.equal(killed.code, null, "killed by the signal");
      assert.equal(m!.starts(), 2, "started again exactly once");
      const open = `${writing} transaction(s) of the observer open at the kill`;
      return { offered: [await offering], faultEnded, storedAtFault, notes: [open, back] };
    });
  });

  it("a second observer joins the group while records flow and leaves it while reading", async () => {
    await observerScenario("a second observer joins and leaves", async (w, truth) => {
      const offering = offer(w, truth, { rate: RATE, seconds: SECONDS });
      offering.catch(() => undefined);
      const storedAtFault = await storedShare(w, 0.2);
      const second = await w.join();
      const STORED = "sagascope_observer_records_stored_total";
      // It reads a share of the partitions for a while, then leaves while records still flow.
      const share = 0.05 * RATE * SECONDS;
      await until(async () => (await second.metric(STORED)) >= share, "the second observer to store records", 60_000);
      const storedBySecond = await second.metric(STORED);
      const code = await second.retire();
      const faultEnded = performance.now();
      assert.equal(code, 0, "the second observer stopped gracefully");
      assert.equal(w.members[0]!.starts(), 1, "the first observer ran throughout");
      const offered = await offering;
      return {
        offered: [offered],
        faultEnded,
        storedAtFault,
        notes: [`the second observer stored ${storedBySecond} records before it left`],
      };
    });
  });
});
