// The observer under infrastructure faults: the bank-transfer example's records offered at
// 20,000/s while the observer's PostgreSQL is restarted mid-batch, and the broker stopped and
// started with records still to read. Afterwards every instance's records and status, the seen
// counts and the record counters are what was produced, nothing counted twice.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { until } from "./cluster";
import { offer } from "./observer-truth";
import type { World } from "./observer-world";
import { midBatch, observerScenario, RATE, SECONDS, storedShare } from "./observer-scenario";

/** A probe that holds once the observer's stored records have not moved for `ms`. */
function stalled(w: World, ms: number): () => Promise<boolean> {
  let last = -1;
  let since = 0;
  return async () => {
    const now = await w.stored();
    if (now !== last) [last, since] = [now, performance.now()];
    return performance.now() - since >= ms;
  };
}

describe("observer: the infrastructure", () => {
  it("its PostgreSQL restarted mid-batch", async () => {
    await observerScenario("observer's PostgreSQL restart mid-batch", async (w, truth) => {
      const [m] = w.members;
      const { offering, storedAtFault, writing } = await midBatch(w, truth, 0.3);
      const t0 = performance.now();
      await w.infra("/postgres/restart");
      const restarted = (performance.now() - t0) / 1000;
      await until(() => m!.healthy(), "the observer to be healthy again", 90_000);
      const faultEnded = performance.now();
      const offered = await offering;
      const notes = [
        `${writing} transaction(s) of the observer open at the restart`,
        `PostgreSQL restarted in ${restarted.toFixed(1)} s, the observer healthy ${((faultEnded - t0) / 1000).toFixed(1)} s after the restart began`,
        `observer process restarts: ${m!.starts() - 1}`,
      ];
      return { offered: [offered], faultEnded, storedAtFault, notes };
    });
  });

  it("the broker stopped and started with records still to read", async () => {
    await observerScenario("broker down and back mid-batch", async (w, truth) => {
      // The offering pauses for the fault: a send into a broker going down may be retried into a
      // duplicate, and then the truth would not be known. A burst as fast as the broker takes it
      // just before the stop leaves the observer with records to read.
      let paused = false;
      const offering = offer(w, truth, { rate: RATE, seconds: SECONDS, stopped: () => paused });
      offering.catch(() => undefined);
      await storedShare(w, 0.3);
      paused = true;
      const before = await offering;
      const burst = await offer(w, truth, { rate: 0, count: 5000, first: before.transfers });
      const storedAtFault = await w.stored();
      const offeredAtFault = before.records + burst.records;
      const t0 = performance.now();
      const at = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
      await w.infra("/brokers/1/stop");
      const [m] = w.members;
      let downAt: string;
      let stalledAt: string;
      let storedAtStall: number;
      try {
        assert.ok(
          storedAtFault < offeredAtFault,
          `records still to read when the broker stops (${storedAtFault} stored)`,
        );
        // With its broker gone the observer says so on /health (its cluster watch fails), and stops storing.
        await until(
          async () => !(await m!.healthy()),
          "the observer's /health to say down with the broker gone",
          60_000,
        );
        downAt = at();
        await until(stalled(w, 2000), "the observer to stop storing with the broker gone", 60_000);
        stalledAt = at();
        storedAtStall = await w.stored();
      } finally {
        // Whatever failed above, the broker serves again: the suite's next tests need it.
        await w.infra("/brokers/1/start");
      }
      const started = at();
      const faultEnded = performance.now();
      const notes = [
        `the observer's /health said down at ${downAt}, it stopped storing at ${stalledAt} with ${storedAtStall} stored, broker serving again at ${started}`,
      ];
      const after = await offer(w, truth, {
        rate: RATE,
        seconds: SECONDS - before.seconds,
        first: before.transfers + burst.transfers,
      });
      notes.push(`observer process restarts: ${m!.starts() - 1}`);
      return { offered: [before, burst, after], faultEnded, storedAtFault, offeredAtFault, notes };
    });
  });
});
