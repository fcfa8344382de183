import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { estimateBacklog, keepWindow } from "./backlog";

describe("estimateBacklog", () => {
  it("knows nothing before the first lag reading", () => {
    assert.deepEqual(estimateBacklog([]), { remaining: null, readPerSecond: 0, etaSeconds: null });
  });

  it("divides what is left by the rate of the last window", () => {
    const b = estimateBacklog([
      { at: 0, remaining: 100_000, read: 0 },
      { at: 10_000, remaining: 80_000, read: 20_000 },
      { at: 20_000, remaining: 60_000, read: 40_000 },
    ]);
    assert.deepEqual(b, { remaining: 60_000, readPerSecond: 2000, etaSeconds: 30 });
  });

  it("forgets a rate older than the window, and says null while nothing is read", () => {
    const b = estimateBacklog([
      { at: 0, remaining: 10, read: 0 },
      { at: 1000, remaining: 5, read: 1_000_000 },
      { at: 60_000, remaining: 5, read: 1_000_000 },
      { at: 62_000, remaining: 5, read: 1_000_000 },
    ]);
    assert.deepEqual(b, { remaining: 5, readPerSecond: 0, etaSeconds: null });
  });

  it("is 0 seconds away once nothing is left", () => {
    assert.equal(estimateBacklog([{ at: 0, remaining: 0, read: 0 }]).etaSeconds, 0);
  });
});

describe("keepWindow", () => {
  it("drops samples older than the one just before the window", () => {
    const s = [0, 10_000, 20_000, 45_000, 50_000].map((at) => ({ at, remaining: 0, read: 0 }));
    assert.deepEqual(
      keepWindow(s).map((x) => x.at),
      [10_000, 20_000, 45_000, 50_000],
    );
  });
});
