// The web origin's /api gateway in front of real services: proxying, health and live invariants.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { SERVICES, type HealthView } from "../../contracts";
import { webConfigSchema } from "../../server/config";
import { handleApi } from "../../server/gateway/routes";
import { isSettled, startSagaEnv, type SagaEnv } from "./harness";

let env: SagaEnv;
let server: Server;
let base: string;

function startGateway(serviceUrl: (s: (typeof SERVICES)[number]) => string): Promise<Server> {
  const config = webConfigSchema.parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: env.prefix,
    ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_URL`, serviceUrl(s)])),
  });
  const s = createServer((req, res) => {
    void handleApi(config, req, res).then((handled) => handled || res.writeHead(404).end());
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

before(async () => {
  env = await startSagaEnv({ products: [{ id: "tea", name: "Tea", price: 5, stock: 10 }], users: [{ id: "tim", name: "Tim", balance: 100 }] });
  server = await startGateway((s) => env.url(s, ""));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.close();
  await env.stop();
});

describe("the /api gateway", () => {
  it("reports the brokers in use and every service up", async () => {
    const h = (await (await fetch(`${base}/api/health`)).json()) as HealthView;
    assert.equal(h.status, "ok");
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
    const r = await fetch(`${base}/api/orders`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"items":[]}' });
    assert.equal(r.status, 400);
    const body = await r.json();
    assert.deepEqual(body.fields.map((f: { field: string }) => f.field).sort(), ["items", "userId"]);
  });

  it("refuses a body over 1 MiB with 413 and creates nothing", async () => {
    const count = async () => Number((await env.db.order.query("SELECT count(*) AS n FROM orders")).rows[0].n);
    const before = await count();
    const r = await fetch(`${base}/api/orders`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(2 << 20) });
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

  it("answers 404 for an unknown API path and 503 when a service is down", async () => {
    assert.equal((await fetch(`${base}/api/nope`)).status, 404);
    const broken = await startGateway((s) => (s === "stock" ? "http://127.0.0.1:9" : env.url(s, "")));
    try {
      const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
      const r = await fetch(`${url}/api/products`);
      assert.equal(r.status, 503);
      assert.equal((await r.json()).error, "DEPENDENCY_UNAVAILABLE");
      const h = (await (await fetch(`${url}/api/health`)).json()) as HealthView;
      assert.equal(h.status, "degraded");
      assert.equal(h.services.stock.status, "down");
    } finally {
      broken.close();
    }
  });
});
