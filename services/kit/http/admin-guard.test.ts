import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkAdmin as check, isLoopback } from "./admin-guard";

/** The error code and status of a refusal, or "ok". */
const checkAdmin = (...args: Parameters<typeof check>) => {
  const e = check(...args);
  return e ? { ok: false as const, status: e.httpStatus, error: e.code } : { ok: true as const };
};

const token = "s3cret-token-of-enough-length";
const local = { authorization: undefined, remoteAddress: "127.0.0.1" };
const remote = { authorization: undefined, remoteAddress: "10.0.0.7" };

describe("operator API access", () => {
  it("lets loopback in without credentials in the local embedded mode", () => {
    assert.equal(checkAdmin({ token: undefined, loopbackAllowed: true }, local).ok, true);
    assert.equal(
      checkAdmin({ token: undefined, loopbackAllowed: true }, { ...local, remoteAddress: "::ffff:127.0.0.1" }).ok,
      true,
    );
  });

  it("is off without a token for anyone else", () => {
    const v = checkAdmin({ token: undefined, loopbackAllowed: true }, remote);
    assert.deepEqual(v.ok ? null : [v.status, v.error], [403, "ADMIN_DISABLED"]);
    const w = checkAdmin({ token: undefined, loopbackAllowed: false }, local);
    assert.deepEqual(w.ok ? null : [w.status, w.error], [403, "ADMIN_DISABLED"]);
  });

  it("needs the bearer token when one is configured: 401 without, 403 wrong", () => {
    const opts = { token, loopbackAllowed: false };
    const none = checkAdmin(opts, local);
    assert.deepEqual(none.ok ? null : none.status, 401);
    const wrong = checkAdmin(opts, { ...remote, authorization: "Bearer nope" });
    assert.deepEqual(wrong.ok ? null : wrong.status, 403);
    assert.equal(checkAdmin(opts, { ...remote, authorization: `Bearer ${token}` }).ok, true);
    assert.equal(checkAdmin(opts, { ...remote, authorization: `bearer  ${token}` }).ok, true);
    assert.equal(checkAdmin(opts, { ...remote, authorization: `Basic ${token}` }).ok, false);
  });

  it("recognises loopback addresses only", () => {
    assert.deepEqual(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"].map(isLoopback), [true, true, true, true]);
    assert.deepEqual(["10.0.0.1", "::ffff:10.0.0.1", "1270.0.0.1", undefined, ""].map(isLoopback), [
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
