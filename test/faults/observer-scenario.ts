// One observer fault scenario: a world of its own, the records offered at a high rate while the
// test keeps the truth, the fault, then the wait (a condition, never a sleep) until the observer
// has read everything (its group's lag 0, its counters at what was produced) and the comparison.
// Its figures are printed: the rate offered, the records, the time to catch up.
import assert from "node:assert/strict";
import { until } from "./cluster";
import { compare } from "./observer-check";
import { offer, Truth, type Offered } from "./observer-truth";
import { startWorld, type World } from "./observer-world";

/** Records per second offered (OBSERVER_FAULT_RATE) and for how long (OBSERVER_FAULT_SECONDS). */
export const RATE = Number(process.env.OBSERVER_FAULT_RATE ?? 20_000);
export const SECONDS = Number(process.env.OBSERVER_FAULT_SECONDS ?? 12);
/** The share of the rate asked for that the offering must reach (2 cores: the observer, PostgreSQL and the broker share them). */
export const RATE_FLOOR = Number(process.env.OBSERVER_FAULT_RATE_FLOOR ?? 0.9);

/** What a scenario's body reports: its offerings, when its fault ended, its own figures. */
export type Disturbed = {
  offered: Offered[];
  faultEnded: number;
  storedAtFault: number;
  offeredAtFault?: number;
  notes?: string[];
};

const n = (x: number, digits = 0) =>
  x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Until the observer has stored `share` of the records `offering` will publish: it is then in the middle of its batches. */
export const storedShare = (w: World, share: number) =>
  until(
    async () => (await w.stored()) >= share * RATE * SECONDS && w.stored(),
    `the observer to store ${share * 100}% of the records`,
    120_000,
  );

/**
 * Offers the records at RATE, then waits for `share` of them stored and a transaction of the
 * observer written and not committed: the moment of a fault mid-batch.
 */
export async function midBatch(w: World, truth: Truth, share: number) {
  const offering = offer(w, truth, { rate: RATE, seconds: SECONDS });
  offering.catch(() => undefined);
  const storedAtFault = await storedShare(w, share);
  const writing = await until(() => w.writing(), "the observer to be storing a batch");
  return { offering, storedAtFault, writing };
}

export async function observerScenario(name: string, body: (w: World, truth: Truth) => Promise<Disturbed>) {
  const started = performance.now();
  const w = await startWorld();
  try {
    const truth = new Truth(w.id);
    const d = await body(w, truth);
    const offeringEnded = Math.max(...d.offered.map((o) => o.endedAt));
    await until(
      async () => (await w.stored()) >= truth.records && (await w.lag()) === 0,
      `the observer to catch up with ${truth.records} records`,
      240_000,
    );
    const caughtUp = performance.now();
    const checked = await compare(w, truth);
    const records = d.offered.reduce((s, o) => s + o.records, 0);
    const paced = d.offered.filter((o) => o.paced);
    const seconds = paced.reduce((s, o) => s + o.seconds, 0);
    const rate = paced.reduce((s, o) => s + o.records, 0) / seconds;
    const burst = d.offered.filter((o) => !o.paced).map((o) => `, ${n(o.records)} more at once`);
    console.log(
      [
        `[observer-faults] ${name}:`,
        `  offered ${n(rate)} records/s (asked ${n(RATE)}): ${n(records)} records, ${n(checked.instances)} instances in ${n(seconds, 1)} s${burst.join("")}`,
        `  stored when the fault struck: ${n(d.storedAtFault)}${d.offeredAtFault ? ` of ${n(d.offeredAtFault)} offered` : ""}`,
        `  caught up (lag 0, every record stored once) ${n((caughtUp - offeringEnded) / 1000, 1)} s after the offering ended, ${n((caughtUp - d.faultEnded) / 1000, 1)} s after the fault ended`,
        `  observer starts: ${w.members.map((m) => m.starts()).join(", ")}${d.notes?.length ? `; ${d.notes.join("; ")}` : ""}`,
        `  checked: counts, seen, counters, the status lists, ${checked.sampled} instance views, every instance's stored records; ${n((performance.now() - started) / 1000, 1)} s`,
      ].join("\n"),
    );
    assert.equal(records, truth.records, "the producer's acknowledged records are the truth's");
    assert.ok(rate >= RATE_FLOOR * RATE, `offered ${n(rate)} records/s, at least ${n(RATE_FLOOR * RATE)} asked`);
    return d;
  } finally {
    // A cleanup that fails (the broker still down after a failed scenario) must not hide why it failed.
    await w.close().catch((err: Error) => console.error(`[observer-faults] ${name}: cleanup failed: ${err.message}`));
  }
}
