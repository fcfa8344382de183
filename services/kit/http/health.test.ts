// A service's /health: 200 only when its check says "up"; and how the gateway reads an answer
// from status and body together (a 503 with a body is down with its reason, not unreachable).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { healthRoute, readHealthAnswer, saysUp, unreachable } from "./health";

const answer = async (check: () => Promise<unknown>) => {
  const r = await healthRoute(check).handle({
    params: {},
    query: new URLSearchParams(),
    json: async () => undefined,
    header: () => undefined,
    remoteAddress: "127.0.0.1",
  });
  return { status: r.status, body: r.body };
};

describe("healthRoute", () => {
  it("answers 200 with the body when the check says up", async () => {
    const body = { status: "up", service: "stock", outboxDepth: 0 };
    assert.deepEqual(await answer(async () => body), { status: 200, body });
  });

  it("answers 503 with the body, naming what is down, when the check says down", async () => {
    const body = { status: "down", service: "stock", database: "down", detail: "database: connection refused" };
    assert.deepEqual(await answer(async () => body), { status: 503, body });
  });

  it("answers 503 to a body that does not say up, and when the check throws", async () => {
    assert.equal((await answer(async () => ({ service: "stock" }))).status, 503);
    assert.equal((await answer(async () => null)).status, 503);
    assert.deepEqual(await answer(() => Promise.reject(new Error("pool ended"))), {
      status: 503,
      body: { status: "down", detail: "health check failed: pool ended" },
    });
  });

  it("is GET /health", () => {
    const r = healthRoute(async () => ({ status: "up" }));
    assert.deepEqual([r.method, r.path], ["GET", "/health"]);
  });
});

describe("saysUp", () => {
  it("is true only for an object whose status is exactly up", () => {
    assert.equal(saysUp({ status: "up" }), true);
    for (const b of [{ status: "UP" }, { status: "down" }, {}, [], "up", null, undefined])
      assert.equal(saysUp(b), false, JSON.stringify(b));
  });
});

describe("readHealthAnswer", () => {
  it("is up for a 2xx whose body says up, keeping the body", () => {
    assert.deepEqual(readHealthAnswer(200, '{"status":"up","outboxDepth":3}'), {
      status: "up",
      body: { status: "up", outboxDepth: 3 },
    });
  });

  it("reads a 503 with a body as down with the service's own detail", () => {
    const r = readHealthAnswer(503, '{"status":"down","database":"down","detail":"database: ECONNREFUSED"}');
    assert.equal(r.status, "down");
    assert.equal(r.detail, "database: ECONNREFUSED");
    assert.equal(r.body.database, "down");
  });

  it("reads a 200 whose body says down as down", () => {
    assert.deepEqual(readHealthAnswer(200, '{"status":"down","detail":"consumer groups: joining"}'), {
      status: "down",
      detail: "consumer groups: joining",
      body: { status: "down", detail: "consumer groups: joining" },
    });
    assert.equal(readHealthAnswer(200, '{"status":"down"}').detail, "HTTP 200, says down");
    assert.equal(readHealthAnswer(200, '{"service":"stock"}').detail, "HTTP 200, does not say up");
  });

  it("reads a non-2xx as down even when its body says up", () => {
    assert.deepEqual(readHealthAnswer(500, '{"status":"up"}'), {
      status: "down",
      detail: "HTTP 500, does not say up",
      body: { status: "up" },
    });
  });

  it("takes an error answer's message when there is no detail, and names an answer that is not JSON", () => {
    assert.equal(readHealthAnswer(500, '{"error":"INTERNAL","message":"boom"}').detail, "boom");
    assert.deepEqual(readHealthAnswer(502, "<html>Bad Gateway</html>"), {
      status: "down",
      detail: "HTTP 502, not a health answer",
      body: {},
    });
    assert.deepEqual(readHealthAnswer(200, "[1]"), {
      status: "down",
      detail: "HTTP 200, not a health answer",
      body: {},
    });
  });
});

describe("unreachable", () => {
  it("names the network error's code, or the time-out", () => {
    assert.equal(
      unreachable(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }), 2000),
      "unreachable: ECONNREFUSED",
    );
    assert.equal(
      unreachable(new TypeError("fetch failed", { cause: new Error("bad port") }), 2000),
      "unreachable: bad port",
    );
    assert.equal(
      unreachable(new DOMException("The operation was aborted due to timeout", "TimeoutError"), 2000),
      "unreachable: no answer within 2000 ms",
    );
    assert.equal(unreachable("odd", 2000), "unreachable: odd");
  });
});
