import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createGroupCommit } from "./group-commit";

describe("group commit", () => {
  it("runs chunks handed in during the same turn as one group, in the given order", async () => {
    const runs: number[][] = [];
    const g = createGroupCommit<number>(
      async (items) => void runs.push(items),
      (a, b) => (a % 2) - (b % 2),
    );
    const results = await Promise.all([g.submit([1, 3]), g.submit([2]), g.submit([5, 4])]);
    assert.deepEqual(results, ["committed", "committed", "committed"]);
    assert.deepEqual(runs, [[2, 4, 1, 3, 5]], "one run; evens first, each chunk's own order kept");
  });

  it("leaves a lone chunk to its caller", async () => {
    let calls = 0;
    const g = createGroupCommit<number>(async () => void calls++);
    assert.equal(await g.submit([1, 2]), "alone");
    assert.equal(calls, 0);
  });

  it("hands every chunk back when the group fails", async () => {
    const g = createGroupCommit<number>(async () => {
      throw new Error("deadlock");
    });
    assert.deepEqual(await Promise.all([g.submit([1]), g.submit([2])]), ["failed", "failed"]);
  });

  it("collects the chunks that arrive while a group commits into the next group", async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const g = createGroupCommit<number>(async (items) => {
      runs.push(items);
      if (runs.length === 1) await gate;
    });
    const first = Promise.all([g.submit([1]), g.submit([2])]);
    await new Promise((r) => setImmediate(r));
    const second = Promise.all([g.submit([3]), g.submit([4])]);
    await new Promise((r) => setImmediate(r));
    assert.equal(runs.length, 1, "the second group waits for the first");
    release();
    assert.deepEqual(await first, ["committed", "committed"]);
    assert.deepEqual(await second, ["committed", "committed"]);
    assert.deepEqual(runs, [
      [1, 2],
      [3, 4],
    ]);
  });
});
