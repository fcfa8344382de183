// The web origin's /api gateway in front of real services: proxying, health and live invariants.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { SERVICES, type HealthView } from "../../contracts";
import { startGateway, type TestGateway } from "./gateway-server";
import { isSettled, startSagaEnv, type SagaEnv } from "./harness";

let env: SagaEnv;
let gateway: TestGateway;
let base: string;
// The observer's /health as the gateway asks it (its own tests run the real one: observer.test.ts).
let observer: Server;

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "tea", name: "Tea", price: 5, stock: 10 }],
    users: [{ id: "tim", name: "Tim", balance: 100 }],
  });
  observer = createServer(
    (_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end('{"status":"up"}'),
  );
  await new Promise<void>((r) => observer.listen(0, "127.0.0.1", r));
  gateway = await startGateway(env, { OBSERVER_URL: `http://127.0.0.1:${(observer.address() as AddressInfo).port}` });
  base = gateway.base;
});
after(async () => {
  gateway.close();
  observer.close();
  await env.stop();
});

describe("the /api gateway", () => {
  it("reports the brokers in use, every service and the observer up", async () => {
    const h = (await (await fetch(`${base}/api/health`)).json()) as HealthView;
    assert.equal(h.status, "ok");
    assert.deepEqual(h.observer, { status: "up" });
    assert.equal(h.demo, true);
    assert.deepEqual(h.kafka.brokers, process.env.KAFKA_BROKERS!.split(","));
    for (const s of SERVICES) {
      assert.equal(h.services[s].status, "up", s);
      assert.equal(typeof h.services[s].outboxDepth, "number", `${s} reports its outbox depth`);
      assert.equal(h.services[s].deadLettered, 0, `${s} has dead-lettered nothing`);
    }
  });

  it("places an order through the owning service and serves its journey", async () => {
    const r = await fetch(`${base}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: "tim", items: [{ productId: "tea", quantity: 2 }] }),
    });
    assert.equal(r.status, 202);
    const { orderId } = (await r.json()) as { orderId: string };
    const o = await env.waitForOrder(orderId, isSettled, "the saga to settle");
    assert.equal(o.status, "COMPLETED");
    const viaGateway = await (await fetch(`${base}/api/orders/${orderId}`)).json();
    assert.equal(viaGateway.status, "COMPLETED");
    const products = await (await fetch(`${base}/api/products`)).json();
    assert.equal(products[0].stock, 8);
    const users = await (await fetch(`${base}/api/users`)).json();
    assert.equal(users[0].balance, 90);
  });

  it("passes the service's 400 through, naming the bad fields", async () => {
    const r = await fetch(`${base}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"items":[]}',
    });
    assert.equal(r.status, 400);
    const body = await r.json();
    assert.deepEqual(body.fields.map((f: { field: string }) => f.field).sort(), ["items", "userId"]);
  });

  it("refuses a body over 1 MiB with 413 and creates nothing", async () => {
    const count = async () => Number((await env.db.order.query("SELECT count(*) AS n FROM orders")).rows[0].n);
    const before = await count();
    const r = await fetch(`${base}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(2 << 20),
    });
    assert.equal(r.status, 413);
    assert.equal((await r.json()).fields[0].field, "(body)");
    assert.equal(await count(), before);
  });

  it("checks stock and money conservation live", async () => {
    const inv = await (await fetch(`${base}/api/invariants`)).json();
    assert.equal(inv.ok, true);
    assert.equal(inv.quiet, true);
    assert.deepEqual(inv.violations, []);
  });

  it("with SAGASCOPE_DEMO=off is healthy with the observer up and no saga service running", async () => {
    const away = Object.fromEntries(
      ["ORDER_URL", "STOCK_URL", "BALANCE_URL", "NOTIFICATION_URL"].map((k) => [k, "http://127.0.0.1:9"]),
    );
    const observerUrl = `http://127.0.0.1:${(observer.address() as AddressInfo).port}`;
    for (const [observerAt, status] of [
      [observerUrl, "ok"],
      ["http://127.0.0.1:9", "degraded"],
    ] as const) {
      const demoOff = await startGateway(env, { ...away, OBSERVER_URL: observerAt, SAGASCOPE_DEMO: "off" });
      try {
        const h = (await (await fetch(`${demoOff.base}/api/health`)).json()) as HealthView;
        assert.equal(h.status, status, observerAt);
        assert.equal(h.demo, false);
        assert.equal(h.services.order.status, "down", "the saga services are still reported");
      } finally {
        demoOff.close();
      }
    }
  });

  it("answers 404 for an unknown API path, and 502 without the error's text when a service is down", async () => {
    assert.equal((await fetch(`${base}/api/nope`)).status, 404);
    const broken = await startGateway(env, { STOCK_URL: "http://127.0.0.1:9", KAFKA_EMBEDDED: "1" });
    try {
      const url = broken.base;
      for (const path of ["/api/products", "/api/invariants", "/api/admin/faults/stock"]) {
        const r = await fetch(`${url}${path}`, path.includes("admin") ? { method: "DELETE" } : {});
        assert.equal(r.status, 502, path);
        const body = (await r.json()) as { error: string; message: string };
        assert.equal(body.error, "DEPENDENCY_UNAVAILABLE", path);
        assert.doesNotMatch(body.message, /127\.0\.0\.1|:9\b|fetch failed|ECONNREFUSED|stock/i, path);
      }
      const h = (await (await fetch(`${url}/api/health`)).json()) as HealthView;
      assert.equal(h.status, "degraded");
      assert.equal(h.services.stock.status, "down");
    } finally {
      broken.close();
    }
  });
});
