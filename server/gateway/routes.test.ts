// The gateway's table as the kit's matcher reads it: which row answers, 404 and 405 as the
// gateway answered them before the table, and the owner's path a row's params fill in.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SagaError } from "../../services/kit/errors";
import { upstreamPath } from "./forward";
import { API_ROUTES, findApiRoute } from "./routes";

const codeOf = (method: string, path: string): string => {
  try {
    findApiRoute(method, path);
    return "found";
  } catch (err) {
    return (err as SagaError).code;
  }
};

describe("the gateway's table", () => {
  it("has no row twice", () => {
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it("finds a row by method and path, with its params decoded", () => {
    const { route, params } = findApiRoute("GET", "/api/orders/a%20b/trace");
    assert.equal(route.path, "/api/orders/:id/trace");
    assert.deepEqual(params, { id: "a b" });
    assert.equal(findApiRoute("HEAD", "/api/orders/x").route.path, "/api/orders/:id");
    assert.equal(findApiRoute("POST", "/api/orders").route.method, "POST");
  });

  it("answers 404 for no path and 405 for a path's other methods", () => {
    for (const path of [
      "/api",
      "/api/",
      "/api/nope",
      "/api/holdings",
      "/api/products/x",
      "/api/orders/x/y/z",
      "/api/sagasx",
    ])
      assert.equal(codeOf("GET", path), "NOT_FOUND", path);
    for (const [method, path] of [
      ["DELETE", "/api/orders"],
      ["HEAD", "/api/products"],
      ["POST", "/api/orders/x"],
      ["PUT", "/api/orders/x/trace"],
      ["POST", "/api/users"],
    ]) {
      assert.equal(codeOf(method, path), "METHOD_NOT_ALLOWED", `${method} ${path}`);
    }
  });

  it("reads health and the invariants whatever the method", () => {
    for (const method of ["GET", "POST", "DELETE", "OPTIONS"]) {
      assert.equal(codeOf(method, "/api/health"), "found");
      assert.equal(codeOf(method, "/api/invariants"), "found");
    }
  });

  it("sends everything under /api/sagas to the observer, read-only", () => {
    for (const path of ["/api/sagas", "/api/sagas/", "/api/sagas/x/instances/1", "/api/sagas/a/b/c/d/e"]) {
      assert.equal(codeOf("GET", path), "found", path);
      assert.equal(codeOf("HEAD", path), "found", path);
      assert.equal(codeOf("POST", path), "METHOD_NOT_ALLOWED", path);
    }
    assert.equal(
      findApiRoute("GET", "/api/sagas/x/instances/a%2Fb").params["*"],
      "/x/instances/a%2Fb",
      "the rest as sent",
    );
  });

  it("sends the definition files' list and a save to the observer", () => {
    assert.equal(codeOf("GET", "/api/sagas/_definitions"), "found");
    assert.equal(codeOf("POST", "/api/sagas/_definitions"), "found");
    assert.equal(findApiRoute("POST", "/api/sagas/_definitions").route.method, "POST");
    assert.equal(codeOf("DELETE", "/api/sagas/_definitions"), "METHOD_NOT_ALLOWED");
    assert.equal(codeOf("POST", "/api/sagas/_definitions/x"), "METHOD_NOT_ALLOWED");
  });

  it("answers 404 under /api/admin/ for an unknown path and for a method a path does not take", () => {
    assert.equal(codeOf("GET", "/api/admin/nope"), "NOT_FOUND");
    assert.equal(codeOf("GET", "/api/admin/poison"), "NOT_FOUND");
    assert.equal(codeOf("POST", "/api/admin/faults"), "NOT_FOUND");
    assert.equal(codeOf("PUT", "/api/admin/faults/stock"), "found");
    assert.equal(codeOf("POST", "/api/admin/dlq/x/republish"), "found");
  });

  it("gives only the health probes, the faults' list and discovery (longer) a time limit of their own", () => {
    const limited = new Set(API_ROUTES.filter((r) => r.timeoutMs !== undefined).map((r) => r.path));
    assert.deepEqual([...limited].sort(), ["/api/admin/faults", "/api/health", "/api/sagas/discover"]);
  });
});

describe("the owner's path of a row", () => {
  it("fills :params encoded and appends the rest of a * path as sent", () => {
    assert.equal(upstreamPath("/admin/dlq/:id/republish", { id: "a/b c" }), "/admin/dlq/a%2Fb%20c/republish");
    assert.equal(upstreamPath("/sagas/*", { "*": "" }), "/sagas");
    assert.equal(upstreamPath("/sagas/*", { "*": "/" }), "/sagas/");
    assert.equal(upstreamPath("/sagas/*", { "*": "/x/instances/a%2Fb" }), "/sagas/x/instances/a%2Fb");
    assert.equal(upstreamPath("/orders", {}), "/orders");
  });
});
