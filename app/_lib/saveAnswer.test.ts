import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { saveRefusal } from "./saveAnswer";

describe("saveRefusal", () => {
  it("puts a 409's message beside the name", () => {
    const r = saveRefusal(409, { error: "CONFLICT", message: "a saga named bank-transfer is already watched" });
    assert.equal(r.name, "a saga named bank-transfer is already watched");
    assert.equal(r.message, "a saga named bank-transfer is already watched");
    assert.deepEqual(r.fields, []);
  });
  it("does not blame the name when no directory is configured", () => {
    const r = saveRefusal(409, { error: "CONFLICT", message: "no definitions directory" }, false);
    assert.equal(r.name, null);
    assert.equal(r.message, "no definitions directory");
  });
  it("lists a 400's fields, from `fields` or `details`", () => {
    const issue = { field: "steps.0.topic", message: "must be a Kafka topic name" };
    assert.deepEqual(saveRefusal(400, { error: "VALIDATION_FAILED", message: "invalid", fields: [issue] }).fields, [
      issue,
    ]);
    assert.deepEqual(saveRefusal(400, { message: "invalid", details: [issue, 3, null] }).fields, [issue]);
    assert.equal(saveRefusal(400, { message: "invalid", fields: [issue] }).name, null);
  });
  it("says something when the body is not the kit's", () => {
    assert.equal(saveRefusal(502, null).message, "the save was refused (HTTP 502)");
    assert.equal(saveRefusal(500, "oops").message, "the save was refused (HTTP 500)");
  });
});
