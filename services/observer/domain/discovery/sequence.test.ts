import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stepFlows, type Occurrence } from "./sequence";

/** Instances, each a list of [step, time]. */
const occ = (runs: [number, number][][]): Occurrence[] =>
  runs.flatMap((run, i) => run.map(([step, timestamp]) => ({ instance: `i${i}`, step, timestamp })));

describe("the order of steps within instances", () => {
  it("orders steps and marks the ones that close instances", () => {
    const runs: [number, number][][] = Array.from({ length: 10 }, (_, i) =>
      i % 3
        ? [
            [0, 1],
            [1, 2],
            [2, 3],
          ]
        : [
            [0, 1],
            [3, 2],
          ],
    );
    const f = stepFlows(occ(runs), 4);
    assert.ok(f[0]!.position < f[1]!.position && f[1]!.position < f[2]!.position);
    assert.deepEqual(
      f.map((x) => x.ends),
      [false, false, true, true],
    );
    assert.deepEqual(
      f.map((x) => x.parallel),
      [[], [], [], []],
    );
  });

  it("counts a record sharing the last millisecond as closing too", () => {
    const f = stepFlows(
      occ(
        Array.from({ length: 5 }, () => [
          [0, 1],
          [1, 5],
          [2, 5],
        ]),
      ),
      3,
    );
    assert.deepEqual(
      f.map((x) => x.ends),
      [false, true, true],
    );
  });

  it("does not end with a reply that shares its millisecond with the outcome it triggered", () => {
    // 0 first; replies 1 and 2 in either order; the outcome 3 at the later reply's time.
    const runs: [number, number][][] = Array.from({ length: 10 }, (_, i) =>
      i % 2
        ? [
            [0, 1],
            [1, 2],
            [2, 3],
            [3, 3],
          ]
        : [
            [0, 1],
            [2, 2],
            [1, 3],
            [3, 3],
          ],
    );
    const f = stepFlows(occ(runs), 4);
    assert.deepEqual(
      f.map((x) => x.ends),
      [false, false, false, true],
    );
    assert.deepEqual(f[1]!.parallel, [2]);
  });

  it("finds replies that come in either order after one step: parallel, after it", () => {
    const runs: [number, number][][] = Array.from({ length: 12 }, (_, i) =>
      i % 2
        ? [
            [0, 1],
            [1, 2],
            [2, 3],
            [3, 4],
          ]
        : [
            [0, 1],
            [2, 2],
            [1, 3],
            [3, 4],
          ],
    );
    const f = stepFlows(occ(runs), 4);
    assert.deepEqual(f[1]!.parallel, [2]);
    assert.deepEqual(f[2]!.parallel, [1]);
    assert.equal(f[1]!.after, 0);
    assert.equal(f[3]!.ends, true);
  });

  it("marks a first step that comes again for an id as starting a new run", () => {
    const f = stepFlows(
      occ([
        [
          [0, 1],
          [1, 2],
          [0, 3],
          [1, 4],
        ],
        [
          [0, 1],
          [1, 2],
        ],
      ]),
      2,
    );
    assert.equal(f[0]!.starts, true);
    assert.equal(f[1]!.starts, false);
  });
});
