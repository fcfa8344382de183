import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ERROR_TABLE, SagaError, toSagaError } from "./errors";

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe("toSagaError", () => {
  it("keeps a SagaError as it is", () => {
    const e = new SagaError("NOT_FOUND", "x");
    assert.equal(toSagaError(e), e);
    assert.equal(e.httpStatus, 404);
  });

  it("retries serialization failures, deadlocks and lost connections", () => {
    for (const [code, kind] of [
      ["40001", "DB_CONFLICT"],
      ["40P01", "DB_CONFLICT"],
      ["08006", "DB_UNAVAILABLE"],
      ["57P01", "DB_UNAVAILABLE"],
    ] as const) {
      const e = toSagaError(pgError(code));
      assert.equal(e.code, kind, code);
      assert.equal(e.retriable, true);
    }
    assert.equal(toSagaError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" })).retriable, true);
  });

  it("dead-letters constraint violations at once, keeping the cause", () => {
    const cause = pgError("23514");
    const e = toSagaError(cause);
    assert.equal(e.code, "DB_CONSTRAINT");
    assert.equal(e.retriable, false);
    assert.equal(e.cause, cause);
  });

  it("never dead-letters because our own infrastructure is down, but parks poison and repeated failures", () => {
    assert.equal(toSagaError(pgError("08006")).deadLetter, "never");
    assert.equal(toSagaError(pgError("40P01")).deadLetter, "never");
    assert.equal(toSagaError(pgError("23514")).deadLetter, "at-once");
    assert.equal(new SagaError("INVALID_EVENT", "x").deadLetter, "at-once");
    assert.equal(toSagaError(new TypeError("bug")).deadLetter, "after-retries");
    for (const [code, row] of Object.entries(ERROR_TABLE))
      assert.equal(row.retriable, row.deadLetter !== "at-once", code);
  });

  it("maps every code to an HTTP status", () => {
    for (const [code, row] of Object.entries(ERROR_TABLE)) assert.ok(row.http >= 400 && row.http < 600, code);
  });
});
