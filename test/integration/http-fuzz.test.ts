// Property-based: thousands of generated bodies, content types, ids, query strings and methods
// against every endpoint of the real gateway in front of real services. Every answer is 2xx or
// 4xx with a JSON error; nothing answers 5xx; only accepted orders create rows.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { startGateway, type TestGateway } from "./gateway-server";
import { startSagaEnv, type SagaEnv } from "./harness";

let env: SagaEnv;
let gateway: TestGateway;
let base: string;
let accepted = 0;

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "cup", name: "Cup", price: 3, stock: 1_000_000 }],
    users: [{ id: "zed", name: "Zed", balance: 1_000_000 }],
  });
  gateway = await startGateway(env);
  base = gateway.base;
});
after(async () => {
  gateway.close();
  await env.stop();
});

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyText = (maxLength = 40) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength });
const oddNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, 2 ** 53, 1_000_001, Number.NaN));
const nearlyAnOrder = fc.record(
  {
    userId: fc.oneof(fc.constant("zed"), anyText(), oddNumber),
    items: fc.oneof(
      fc.array(
        fc.record({ productId: fc.oneof(fc.constant("cup"), anyText()), quantity: oddNumber }, { requiredKeys: [] }),
        { maxLength: 60 },
      ),
      fc.anything(),
    ),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  nearlyAnOrder.map((o) => JSON.stringify(o)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  anyText(200),
  fc.constantFrom(
    "",
    "{",
    "[]",
    "null",
    `{"userId":"zed","items":[{"productId":"cup","quantity":1}]`,
    "[".repeat(5000),
  ),
);
const contentType = fc.oneof(
  fc.constant("application/json"),
  fc.constantFrom(
    "text/plain",
    "application/json; charset=utf-8",
    "application/x-www-form-urlencoded",
    "",
    "application/merge-patch+json",
  ),
  fc.string({ maxLength: 30 }),
);

async function check(r: Response, what: string): Promise<void> {
  assert.ok(r.status < 500, `${what} answered ${r.status}`);
  const text = await r.text();
  if (r.status >= 400) {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    assert.equal(typeof parsed.error, "string", `${what}: a JSON error`);
    assert.equal(typeof parsed.message, "string", `${what}: a message`);
  }
}

describe("every endpoint under generated input", () => {
  it("POST /api/orders: any body, any content type", async () => {
    await fc.assert(
      fc.asyncProperty(body, contentType, async (payload, type) => {
        const headers: Record<string, string> = type ? { "content-type": type } : {};
        const r = await fetch(`${base}/api/orders`, { method: "POST", headers, body: payload });
        if (r.status === 202) accepted++;
        await check(r, `POST ${JSON.stringify(payload).slice(0, 80)} as ${type}`);
      }),
      { numRuns: 1500 },
    );
  });

  it("GET an order by any id, and the list by any query", async () => {
    await fc.assert(
      fc.asyncProperty(
        anyText(),
        fc.dictionary(fc.constantFrom("status", "reason", "q", "limit", "x"), anyText(20)),
        async (id, query) => {
          const byId = await fetch(`${base}/api/orders/${encodeURIComponent(id.toWellFormed())}`);
          await check(byId, `GET order ${JSON.stringify(id)}`);
          const qs = Object.entries(query)
            .map(([k, v]) => `${k}=${encodeURIComponent(v.toWellFormed())}`)
            .join("&");
          await check(await fetch(`${base}/api/orders?${qs}`), `GET orders?${qs}`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("raw percent-encoded paths and every method on every route", async () => {
    const paths = [
      "/api/orders",
      "/api/orders/x",
      "/api/products",
      "/api/users",
      "/api/health",
      "/api/invariants",
      "/api/nope",
      "/api/admin/nope",
      "/api",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
        fc.stringMatching(/^(%[0-9a-fA-F]{0,2}|[a-z/:.]){0,12}$/),
        async (path, method, tail) => {
          const url = new URL(`${base}${path}${tail ? `/${tail}` : ""}`);
          // Dot segments can climb out of /api ("/api/.." is "/"): that path is the web app's, not the gateway's.
          fc.pre(url.pathname === "/api" || url.pathname.startsWith("/api/"));
          const r = await fetch(url, {
            method,
            headers: { "content-type": "application/json" },
            body: method === "GET" ? undefined : "{}",
          });
          if (r.status === 202) accepted++;
          await check(r, `${method} ${path}/${tail}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("only accepted orders were stored", async () => {
    const n = Number((await env.db.order.query("SELECT count(*) AS n FROM orders")).rows[0].n);
    assert.equal(n, accepted);
  });
});
