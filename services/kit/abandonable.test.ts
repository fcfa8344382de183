import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { abandonable, settlesWithin } from "./abandonable";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

describe("abandonable", () => {
  it("passes a wrapped promise's value and error through", async () => {
    const a = abandonable();
    assert.equal(await a.wrap(Promise.resolve(7)), 7);
    await assert.rejects(a.wrap(Promise.reject(new Error("no"))), /no/);
    assert.equal(a.pending(), 0);
  });

  it("rejects what is pending at once when abandoned, and what is wrapped after", async () => {
    const a = abandonable();
    let late: (v: number) => void = () => undefined;
    const pending = a.wrap(new Promise<number>((r) => (late = r)));
    assert.equal(a.pending(), 1);
    a.abandon(() => new Error("stopping"));
    await assert.rejects(pending, /stopping/);
    late(1); // settling afterwards changes nothing and throws nothing
    await assert.rejects(a.wrap(Promise.resolve(2)), /stopping/);
    assert.equal(a.pending(), 0);
  });

  it("keeps no settled promise's value alive", async () => {
    const a = abandonable();
    const values = new Set<WeakRef<object>>();
    for (let i = 0; i < 200; i++) {
      const value = { payload: new Array(1000).fill(i) };
      values.add(new WeakRef(value));
      await a.wrap(Promise.resolve(value));
    }
    await new Promise((r) => setImmediate(r));
    gc();
    const alive = [...values].filter((w) => w.deref() !== undefined).length;
    // The last value can still sit in a register or the await's frame; the others must be gone.
    assert.ok(alive <= 1, `${alive} of 200 values still reachable`);
    assert.equal(a.pending(), 0);
  });
});

describe("settlesWithin", () => {
  it("tells a promise that settles in time, either way, from one that does not", async () => {
    assert.equal(await settlesWithin(Promise.resolve(1), 1000), true);
    assert.equal(await settlesWithin(Promise.reject(new Error("no")), 1000), true);
    assert.equal(await settlesWithin(new Promise(() => undefined), 20), false);
  });
});
