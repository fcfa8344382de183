import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cancelledNotice, completedNotice } from "./message";

describe("notices", () => {
  it("mails a confirmation with the amount paid", () => {
    const n = completedNotice("o1", 250);
    assert.equal(n.channel, "mail");
    assert.equal(n.orderStatus, "COMPLETED");
    assert.match(n.message, /o1.*250 points/);
  });

  it("raises an alarm for a cancellation, in words", () => {
    const n = cancelledNotice("o2", "INSUFFICIENT_BALANCE");
    assert.equal(n.channel, "alarm");
    assert.equal(n.reason, "INSUFFICIENT_BALANCE");
    assert.match(n.message, /point balance is too low/);
  });
});
