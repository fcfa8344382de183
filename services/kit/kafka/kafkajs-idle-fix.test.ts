import assert from "node:assert/strict";
import { describe, it } from "node:test";
import "./kafkajs-idle-fix";
// @ts-expect-error kafkajs ships no types for its internals
import RequestQueue from "kafkajs/src/network/requestQueue/index.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
function queue() {
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: "test",
    broker: "127.0.0.1:1",
    logger: quiet,
  });
}

describe("kafkajs idle fix", () => {
  it("arms no timer once the last answer came and nothing waits (kafkajs 2.2.4 re-armed one every millisecond)", () => {
    const q = queue();
    q.checkPendingRequests(); // what kafkajs does after each answer
    assert.equal(q.throttleCheckTimeoutId ?? null, null);
    q.destroy?.();
  });

  it("still looks again while requests wait behind the in-flight limit", async () => {
    const q = queue();
    let sent = 0;
    q.pending.push({ send: () => sent++, expectResponse: true, correlationId: 1 });
    q.inflight.set(0, {}); // the one allowed request is in flight
    q.scheduleCheckPendingRequests();
    assert.notEqual(q.throttleCheckTimeoutId ?? null, null);
    q.inflight.clear();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(sent, 1, "the waiting request went out when the in-flight slot freed");
    assert.equal(q.throttleCheckTimeoutId ?? null, null, "and the timer stopped with the queue empty");
  });
});
