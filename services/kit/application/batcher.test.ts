import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBatcher } from "./batcher";

describe("request batcher", () => {
  it("stores calls made in the same turn with one call, each caller getting its own result", async () => {
    const calls: number[][] = [];
    const double = createBatcher<number, number>(async (xs) => {
      calls.push(xs);
      return xs.map((x) => x * 2);
    });
    assert.deepEqual(await Promise.all([double(1), double(2), double(3)]), [2, 4, 6]);
    assert.deepEqual(calls, [[1, 2, 3]]);
  });

  it("tries each call alone when the group fails, so only the bad call gets the error", async () => {
    const calls: number[][] = [];
    const store = createBatcher<number, string>(async (xs) => {
      calls.push(xs);
      if (xs.includes(13)) throw new Error("13 refused");
      return xs.map(String);
    });
    const results = await Promise.allSettled([store(1), store(13), store(2)]);
    assert.deepEqual(
      results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message)),
      ["1", "13 refused", "2"],
    );
    assert.deepEqual(calls, [[1, 13, 2], [1], [13], [2]]);
  });

  it("gathers the calls made while a group is stored into the next group", async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const store = createBatcher<number, number>(async (xs) => {
      calls.push(xs);
      if (calls.length === 1) await gate;
      return xs;
    });
    const first = store(1);
    await new Promise((r) => setImmediate(r));
    const later = [store(2), store(3)];
    await new Promise((r) => setImmediate(r));
    release();
    assert.deepEqual(await Promise.all([first, ...later]), [1, 2, 3]);
    assert.deepEqual(calls, [[1], [2, 3]]);
  });
});
