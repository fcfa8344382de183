import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_SOCKET_LIMITS, SocketGuard, TokenBucket } from "./limits";

test("a token bucket spends its burst, then refills at its rate up to its capacity", () => {
  let now = 0;
  const bucket = new TokenBucket(3, 2, () => now);
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
  assert.equal(bucket.waitMs(), 500);
  now += 500;
  assert.equal(bucket.take(), true);
  assert.equal(bucket.take(), false);
  now += 60_000;
  assert.equal(bucket.take(3), true, "refilled to capacity");
  assert.equal(bucket.take(), false, "never beyond it");
});

test("feed snapshots cost more than order snapshots, and a refusal says when to ask again", () => {
  let now = 0;
  const guard = new SocketGuard(
    { ...DEFAULT_SOCKET_LIMITS, snapshotBurst: 12, snapshotPerSecond: 10, feedSnapshotCost: 10 },
    () => now,
  );
  assert.equal(guard.snapshot("feed"), null);
  assert.equal(guard.snapshot("order"), null);
  assert.equal(guard.snapshot("order"), null);
  assert.deepEqual(guard.snapshot("feed"), {
    error: { code: "RATE_LIMITED", message: "too many snapshot requests", retryAfterMs: 1000 },
  });
  now += 1000;
  assert.equal(guard.snapshot("feed"), null);
});

test("a socket is let go only after a burst of refusals, and is forgiven over time", () => {
  let now = 0;
  const guard = new SocketGuard({ ...DEFAULT_SOCKET_LIMITS, refusalBurst: 3, refusalsForgivenPerSecond: 1 }, () => now);
  assert.deepEqual([guard.refused(), guard.refused(), guard.refused()], [false, false, false]);
  now += 1000;
  assert.equal(guard.refused(), false);
  assert.equal(guard.refused(), true);
});
