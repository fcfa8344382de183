import assert from "node:assert/strict";
import { test } from "node:test";
import { SagaError } from "../../kit/errors";
import { orderAdmission } from "./admission";

const limits = { targetLatencyMs: 500, minInFlight: 3, maxInFlight: 100 };

test("orders admitted but not yet read count as in flight, across a reading taken mid-burst", async () => {
  let clock = 0;
  let stored = 0; // what the tally shows
  const admission = orderAdmission(async () => ({ inFlight: stored, ended: 0 }), limits, { refreshMs: 10, now: () => clock });
  await admission.check(); // first reading: 0 in flight
  admission.settled();
  stored = 1;
  await admission.check(); // admitted, not yet stored
  clock = 20; // the next check starts a reading that sees the first order only
  await admission.check();
  await new Promise((r) => setImmediate(r));
  await assert.rejects(admission.check(), (e: unknown) => e instanceof SagaError && e.code === "OVERLOADED" && (e.retryAfterSeconds ?? 0) >= 1);
  assert.equal(admission.shed(), 1);
});

test("a burst of endings raises the limit; a failed reading keeps the last figures", async () => {
  let clock = 0;
  let totals = { inFlight: 0, ended: 0 };
  let down = false;
  const admission = orderAdmission(async () => (down ? Promise.reject(new Error("db down")) : totals), limits, { refreshMs: 10, now: () => clock });
  await admission.check();
  admission.settled();
  totals = { inFlight: 10, ended: 200 }; // 200 ended in a second: limit 100 (the cap)
  clock = 1000;
  await admission.check(); // reading starts; this check still uses the old figures
  admission.settled();
  await new Promise((r) => setImmediate(r));
  clock = 1005;
  down = true;
  for (let i = 0; i < 5; i++) {
    await admission.check();
    admission.settled();
  }
  assert.equal(admission.shed(), 0);
});
