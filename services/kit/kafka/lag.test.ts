import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { partitionLags, type Watermarks } from "./lag";

const ends = new Map<string, Watermarks>([
  [
    "a",
    new Map([
      [0, { low: 0, high: 10 }],
      [1, { low: 5, high: 9 }],
      [2, { low: 0, high: 3 }],
    ]),
  ],
]);

describe("consumer lag per partition", () => {
  it("is the high watermark minus the committed offset, or minus the low watermark when nothing is committed", () => {
    const lags = partitionLags(
      [
        {
          topic: "a",
          partitions: [
            { partition: 0, offset: "4" },
            { partition: 1, offset: "-1" },
            { partition: 2, offset: "3" },
          ],
        },
      ],
      ends,
    );
    assert.deepEqual(lags, [
      { topic: "a", partition: 0, lag: 6 },
      { topic: "a", partition: 1, lag: 4 },
      { topic: "a", partition: 2, lag: 0 },
    ]);
  });

  it("is never negative (a commit newer than the watermarks read) and skips what has no watermarks", () => {
    const lags = partitionLags(
      [
        {
          topic: "a",
          partitions: [
            { partition: 0, offset: "12" },
            { partition: 7, offset: "1" },
          ],
        },
        { topic: "b", partitions: [{ partition: 0, offset: "0" }] },
      ],
      ends,
    );
    assert.deepEqual(lags, [{ topic: "a", partition: 0, lag: 0 }]);
  });
});
