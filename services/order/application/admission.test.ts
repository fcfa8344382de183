import assert from "node:assert/strict";
import { test } from "node:test";
import { SagaError } from "../../kit/errors";
import { orderAdmission } from "./admission";

const limits = { targetLatencyMs: 500, minInFlight: 3, maxInFlight: 100, outageAllowanceMs: 0 };

test("orders admitted but not yet read count as in flight, across a reading taken mid-burst", async () => {
  let clock = 0;
  let stored = 0; // what the tally shows
  const admission = orderAdmission(async () => ({ inFlight: stored, ended: 0 }), limits, {
    refreshMs: 10,
    now: () => clock,
  });
  await admission.check(); // first reading: 0 in flight
  admission.settled();
  stored = 1;
  await admission.check(); // admitted, not yet stored
  clock = 20; // the next check starts a reading that sees the first order only
  await admission.check();
  await new Promise((r) => setImmediate(r));
  await assert.rejects(
    admission.check(),
    (e: unknown) => e instanceof SagaError && e.code === "OVERLOADED" && (e.retryAfterSeconds ?? 0) >= 1,
  );
  assert.equal(admission.shed(), 1);
});

test("a burst of endings raises the limit; a failed reading keeps the last figures", async () => {
  let clock = 0;
  let totals = { inFlight: 0, ended: 0 };
  let down = false;
  const admission = orderAdmission(async () => (down ? Promise.reject(new Error("db down")) : totals), limits, {
    refreshMs: 10,
    now: () => clock,
  });
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

test("sagas that stop ending (a participant restarting) do not close the door: orders are taken up to the recent rate × the outage allowance", async () => {
  let clock = 0;
  let totals = { inFlight: 0, ended: 0 };
  const admission = orderAdmission(
    async () => totals,
    { targetLatencyMs: 1000, minInFlight: 100, maxInFlight: 10_000, outageAllowanceMs: 30_000 },
    { refreshMs: 100, now: () => clock },
  );
  const reading = async (t: number, next: typeof totals) => {
    totals = next;
    clock = t;
    await admission.check();
    admission.settled();
    await new Promise((r) => setImmediate(r));
  };
  // 40 sagas/s end for 3 s: the limit is max(100, 40 × 1 s).
  for (let s = 1; s <= 30; s++) await reading(s * 100, { inFlight: 5, ended: s * 4 });
  // Then none ends while 40 orders a second still come: 10 s of it (405 in flight, four times
  // the floor) are taken; the allowance (the recent rate, halving every minute, × 30 s) runs out
  // later, and then an order is refused with half a minute to wait.
  let k = 0;
  for (; k < 100; k++) await reading(3000 + k * 100, { inFlight: 5 + 4 * k, ended: 120 });
  assert.equal(admission.shed(), 0);
  let refused: unknown = null;
  for (; k < 300 && !refused; k++) {
    totals = { inFlight: 5 + 4 * k, ended: 120 };
    clock = 3000 + k * 100;
    refused = await admission.check().then(
      () => (admission.settled(), null),
      (e: unknown) => e,
    );
    await new Promise((r) => setImmediate(r));
  }
  assert.ok(
    refused instanceof SagaError && refused.code === "OVERLOADED" && refused.retryAfterSeconds === 30,
    String(refused),
  );
  assert.ok(k > 150, `refused after ${k / 10} s of stall`);
});

test("a restarted order service lets the sagas it found in flight through on top of the floor, until they end", async () => {
  let clock = 0;
  let totals = { inFlight: 300, ended: 1000 };
  const admission = orderAdmission(
    async () => totals,
    { targetLatencyMs: 1000, minInFlight: 10, maxInFlight: 10_000, outageAllowanceMs: 0 },
    { refreshMs: 100, now: () => clock },
  );
  for (let i = 0; i < 9; i++) {
    await admission.check(); // 300 carried + 9 new, under 300 + 10
    admission.settled();
  }
  totals = { inFlight: 309, ended: 1000 };
  clock = 200;
  await admission.check();
  await new Promise((r) => setImmediate(r));
  await assert.rejects(
    admission.check(),
    (e: unknown) => e instanceof SagaError && e.code === "OVERLOADED",
    "the floor above the carried backlog is full",
  );
  // The backlog drains: 300 end, and the carried sagas with them.
  totals = { inFlight: 10, ended: 1300 };
  clock = 400;
  await admission.check().catch(() => undefined);
  await new Promise((r) => setImmediate(r));
  clock = 500;
  await admission.check();
});

test("after a refusal, sagas ending slowly for a while are overload, not an outage", async () => {
  let clock = 0;
  let totals = { inFlight: 0, ended: 0 };
  const admission = orderAdmission(
    async () => totals,
    { targetLatencyMs: 1000, minInFlight: 10, maxInFlight: 10_000, outageAllowanceMs: 30_000 },
    { refreshMs: 100, now: () => clock },
  );
  const step = async (t: number, next: typeof totals) => {
    totals = next;
    clock = t;
    const r = await admission.check().then(
      () => (admission.settled(), null),
      (e: unknown) => e,
    );
    await new Promise((res) => setImmediate(res));
    return r;
  };
  for (let s = 1; s <= 20; s++) await step(s * 100, { inFlight: 20, ended: s * 10 }); // 100/s
  await step(2100, { inFlight: 500, ended: 210 }); // read now, used from the next check on
  assert.ok(await step(2200, { inFlight: 500, ended: 210 }), "500 in flight is past 100/s × 1 s: refused");
  // The rate dips to nothing for half a second: not an outage now, still refused.
  for (let s = 23; s <= 27; s++)
    assert.ok(await step(s * 100, { inFlight: 500, ended: 210 }), `refused at ${s * 100} ms`);
});
