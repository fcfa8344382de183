import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import {
  browserPolicy,
  browserPolicyShape,
  checkBrowserRequest,
  hostName,
  toBrowserSettings,
  type BrowserRequest,
} from "./browser-guard";

const local = browserPolicy({ origins: [], hosts: [] }, 3000);
const req = (r: Partial<BrowserRequest>): BrowserRequest => ({
  method: "POST",
  host: "127.0.0.1:3000",
  origin: undefined,
  secFetchSite: undefined,
  ...r,
});
const verdict = (r: Partial<BrowserRequest>, policy = local) => checkBrowserRequest(req(r), policy)?.code ?? "ok";
const settings = (env: Record<string, string>) => toBrowserSettings(z.object(browserPolicyShape).parse(env));

describe("checkBrowserRequest", () => {
  it("lets requests without browser headers through, whatever the method", () => {
    for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH"]) assert.equal(verdict({ method }), "ok", method);
  });

  it("lets the app's own origins change state, and refuses every other origin", () => {
    for (const origin of [
      "http://127.0.0.1:3000",
      "http://localhost:3000",
      "http://[::1]:3000",
      "HTTP://LOCALHOST:3000",
    ])
      assert.equal(verdict({ origin }), "ok", origin);
    for (const origin of [
      "http://attacker.example",
      "null",
      "http://127.0.0.1:3001",
      "https://127.0.0.1:3000",
      "http://localhost",
      "",
    ]) {
      assert.equal(verdict({ origin }), "CROSS_ORIGIN", origin);
      assert.equal(verdict({ origin, method: "delete" }), "CROSS_ORIGIN", `${origin} DELETE`);
    }
  });

  it("refuses a cross-site or same-site fetch that sends no Origin, not a same-origin one or a typed URL", () => {
    assert.equal(verdict({ secFetchSite: "cross-site" }), "CROSS_ORIGIN");
    assert.equal(verdict({ secFetchSite: "same-site" }), "CROSS_ORIGIN");
    assert.equal(verdict({ secFetchSite: "same-origin" }), "ok");
    assert.equal(verdict({ secFetchSite: "none" }), "ok");
    assert.equal(
      verdict({ secFetchSite: "cross-site", origin: "http://localhost:3000" }),
      "ok",
      "a listed origin is trusted",
    );
  });

  it("lets reads from any origin through (the browser keeps their answers from the page), but not a live-feed handshake", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"])
      assert.equal(verdict({ method, origin: "http://attacker.example", secFetchSite: "cross-site" }), "ok", method);
    assert.equal(verdict({ method: "GET", origin: "http://attacker.example", handshake: true }), "CROSS_ORIGIN");
    assert.equal(verdict({ method: "GET", secFetchSite: "cross-site", handshake: true }), "CROSS_ORIGIN");
    assert.equal(verdict({ method: "GET", origin: "http://localhost:3000", handshake: true }), "ok");
    assert.equal(verdict({ method: "GET", handshake: true }), "ok", "a Node client sends no Origin");
  });

  it("answers only to loopback names by default, with any port, on every method", () => {
    for (const host of ["127.0.0.1", "localhost:3000", "LOCALHOST:9", "[::1]:3000", "[::1]"])
      assert.equal(verdict({ host, method: "GET" }), "ok", host);
    for (const host of [
      "attacker.example",
      "attacker.example:3000",
      "127.0.0.1.nip.io:3000",
      "localhost.",
      "",
      undefined,
      "127.0.0.2",
      "[::2]:3000",
      "a b",
      "x:y:z",
      "web:3000",
    ]) {
      assert.equal(verdict({ host, method: "GET" }), "HOST_NOT_ALLOWED", String(host));
    }
    assert.equal(checkBrowserRequest(req({ host: "evil" }), local)?.httpStatus, 421);
    assert.equal(checkBrowserRequest(req({ origin: "null" }), local)?.httpStatus, 403);
  });

  it("adds a deployment's names, subnets and origins to the defaults", () => {
    const policy = browserPolicy(
      settings({ ALLOWED_HOSTS: "stock, Web,172.16.0.0/12,fd00::/8", ALLOWED_ORIGINS: "https://saga.example:8443" }),
      4102,
    );
    for (const host of ["stock:4102", "web", "172.18.0.5:4102", "[fd00::5]:4102", "localhost:4102"])
      assert.equal(verdict({ host, method: "GET" }, policy), "ok", host);
    for (const host of ["order:4101", "172.32.0.1:4102", "10.0.0.1", "[fe80::1]"])
      assert.equal(verdict({ host, method: "GET" }, policy), "HOST_NOT_ALLOWED", host);
    assert.equal(verdict({ host: "stock:4102", origin: "https://saga.example:8443" }, policy), "ok");
    assert.equal(verdict({ host: "stock:4102", origin: "http://127.0.0.1:4102" }, policy), "ok");
    assert.equal(verdict({ host: "stock:4102", origin: "http://127.0.0.1:3000" }, policy), "CROSS_ORIGIN");
  });
});

describe("the ALLOWED_HOSTS and ALLOWED_ORIGINS settings", () => {
  it("default to nothing added, and refuse what is not a name, subnet or origin", () => {
    assert.deepEqual(settings({}), { origins: [], hosts: [] });
    for (const env of [
      { ALLOWED_HOSTS: "*" },
      { ALLOWED_HOSTS: "web:3000" },
      { ALLOWED_HOSTS: "a/b" },
      { ALLOWED_ORIGINS: "null" },
      { ALLOWED_ORIGINS: "http://x.example/path" },
      { ALLOWED_ORIGINS: "ftp://x.example" },
    ]) {
      assert.equal(z.object(browserPolicyShape).safeParse(env).success, false, JSON.stringify(env));
    }
    assert.deepEqual(settings({ ALLOWED_ORIGINS: "https://saga.example/" }).origins, ["https://saga.example"]);
  });

  it("reads host names from Host headers the way browsers and clients write them", () => {
    assert.deepEqual(["Stock:4102", "[::1]:80", "[::1]", "10.0.0.1:1", "[nope]", "a:b:c", ":80"].map(hostName), [
      "stock",
      "[::1]",
      "[::1]",
      "10.0.0.1",
      null,
      null,
      null,
    ]);
  });
});
