import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SagaError } from "../errors";
import { createFaults } from "./faults";

const fails = async (p: Promise<void>) => {
  try {
    await p;
    return false;
  } catch (err) {
    assert.ok(err instanceof SagaError);
    assert.equal(err.code, "INJECTED_FAULT");
    assert.equal(err.deadLetter, "after-retries");
    return true;
  }
};

describe("injected faults", () => {
  it("are off by default", async () => {
    const f = createFaults();
    assert.equal(f.state().active, false);
    assert.equal(await fails(f.beforeHandle()), false);
  });

  it("fail exactly the next N calls", async () => {
    const f = createFaults();
    assert.equal(f.set({ failNext: 2 }).failNext, 2);
    const results = [await fails(f.beforeHandle()), await fails(f.beforeHandle()), await fails(f.beforeHandle())];
    assert.deepEqual(results, [true, true, false]);
    assert.equal(f.state().injected, 2);
    assert.equal(f.state().active, false);
  });

  it("fail a share of calls", async () => {
    const draws = [0.1, 0.9, 0.2, 0.6];
    const f = createFaults({ random: () => draws.shift()! });
    f.set({ failRate: 0.5 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await fails(f.beforeHandle()));
    assert.deepEqual(results, [true, false, true, false]);
  });

  it("add latency before the handler", async () => {
    const slept: number[] = [];
    const f = createFaults({ sleep: async (ms) => void slept.push(ms) });
    f.set({ delayMs: 250 });
    await f.beforeHandle();
    assert.deepEqual(slept, [250]);
  });

  it("tell listeners when consumption is paused and resumed, and keep other settings", () => {
    const f = createFaults();
    const seen: boolean[] = [];
    f.onPausedChange((p) => seen.push(p));
    f.set({ paused: true });
    f.set({ delayMs: 10 });
    assert.equal(f.state().paused, true);
    f.clear();
    assert.deepEqual(seen, [true, false]);
    assert.deepEqual(f.state(), { failNext: 0, failRate: 0, delayMs: 0, paused: false, injected: 0, active: false });
  });
});
