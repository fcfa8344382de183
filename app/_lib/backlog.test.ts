import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backlogLine, timeLeft } from "./backlog";

describe("backlogLine", () => {
  it("says nothing once caught up, or before the lag is known", () => {
    assert.equal(backlogLine({ remaining: 0, readPerSecond: 0, etaSeconds: 0 }), null);
    assert.equal(backlogLine({ remaining: null, readPerSecond: 0, etaSeconds: null }), null);
    assert.equal(backlogLine(undefined), null);
  });

  it("gives what is left, the rate and the time left", () => {
    assert.equal(
      backlogLine({ remaining: 1_234_567, readPerSecond: 20_000, etaSeconds: 62 }),
      "Catching up: 1,234,567 records still to read at 20,000 records/s, about 1 min 2 s left.",
    );
    assert.equal(
      backlogLine({ remaining: 10, readPerSecond: 0, etaSeconds: null }),
      "Catching up: 10 records still to read, not reading at the moment.",
    );
  });

  it("reads hours", () => assert.equal(timeLeft(7_260), "2 h 1 min"));
});
