import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SagaError } from "./errors";
import { backoffMs, BACKOFF_CAP_MS, disposition, sleep } from "./retry";

const opts = { maxAttempts: 3 };

describe("disposition", () => {
  it("gives poison up at once, whatever the attempt", () => {
    assert.equal(disposition(new SagaError("INVALID_EVENT", "x"), 1, opts), "give-up");
    assert.equal(disposition(new SagaError("DB_CONSTRAINT", "x"), 1, { ...opts, mustComplete: true }), "give-up");
  });

  it("retries a bug until the attempts are spent, then gives it up", () => {
    const bug = new SagaError("INTERNAL", "x");
    assert.equal(disposition(bug, 1, opts), "retry");
    assert.equal(disposition(bug, 2, opts), "retry");
    assert.equal(disposition(bug, 3, opts), "give-up");
  });

  it("never gives up a compensation that must complete, nor an outage", () => {
    assert.equal(disposition(new SagaError("INTERNAL", "x"), 50, { ...opts, mustComplete: true }), "retry");
    for (const code of ["DB_UNAVAILABLE", "DB_CONFLICT", "KAFKA_UNAVAILABLE", "DEPENDENCY_UNAVAILABLE"] as const)
      assert.equal(disposition(new SagaError(code, "x"), 1000, opts), "retry", code);
  });
});

describe("backoffMs", () => {
  it("doubles from the base, between half and all of each step", () => {
    assert.equal(
      backoffMs(1, 100, () => 0),
      50,
    );
    assert.equal(
      backoffMs(1, 100, () => 1),
      100,
    );
    assert.equal(
      backoffMs(3, 100, () => 0),
      200,
    );
    assert.equal(
      backoffMs(3, 100, () => 1),
      400,
    );
  });

  it("is capped, and spreads the waits of members that failed together", () => {
    assert.equal(
      backoffMs(30, 100, () => 1),
      BACKOFF_CAP_MS,
    );
    const waits = new Set(Array.from({ length: 20 }, () => backoffMs(4, 100)));
    assert.ok(waits.size > 5, `20 waits gave only ${waits.size} distinct values`);
    for (const w of waits) assert.ok(w >= 400 && w <= 800, String(w));
  });
});

describe("sleep", () => {
  it("ends early when its signal aborts", async () => {
    const ac = new AbortController();
    const started = performance.now();
    const slept = sleep(10_000, ac.signal);
    ac.abort();
    await slept;
    assert.ok(performance.now() - started < 1000);
  });
});
