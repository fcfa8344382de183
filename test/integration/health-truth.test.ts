// Health that tells the truth, on the real path: the stock service's database stops taking
// connections (ALLOW_CONNECTIONS false and its sessions ended, as a database server that went
// away refuses them) while the process, the broker and the other services stay up. The service's
// own /health answers 503 naming the database, the web's /api/health shows stock "down" with
// that reason, and both turn "up" again by themselves once the database is back.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { SERVICES, type HealthView } from "../../contracts";
import { isSettled, startSagaEnv, waitFor, type SagaEnv } from "./harness";

let env: SagaEnv;
let admin: pg.Client;
let stockDb: string;

const webHealth = async () => (await (await fetch(`${env.web.base}/api/health`)).json()) as HealthView;
const serviceHealth = async () => {
  const r = await fetch(env.url("stock", "/health"));
  return { code: r.status, body: (await r.json()) as { status: string; database: string; detail?: string } };
};

/** Stops (or restores) new connections to the stock database, and ends the ones it has. */
async function setReachable(reachable: boolean): Promise<void> {
  await admin.query(`ALTER DATABASE "${stockDb}" ALLOW_CONNECTIONS ${reachable}`);
  if (!reachable)
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [stockDb],
    );
}

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "tea", name: "Tea", price: 5, stock: 10 }],
    users: [{ id: "tim", name: "Tim", balance: 100 }],
  });
  stockDb = `${env.id}_stock`;
  admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
});
after(async () => {
  await setReachable(true).catch(() => undefined);
  await admin.end();
  await env.stop();
});

describe("a service whose database is unreachable", () => {
  it("starts with every service up and /api/health ok", async () => {
    const h = await waitFor(async () => {
      const v = await webHealth();
      return v.status === "ok" && v;
    }, "/api/health to say ok");
    for (const s of SERVICES) assert.equal(h.services[s].status, "up", s);
    assert.equal((await serviceHealth()).code, 200);
  });

  it("answers its own /health with 503 and a body naming the database", async () => {
    await setReachable(false);
    const own = await waitFor(async () => {
      const v = await serviceHealth();
      return v.code === 503 && v;
    }, "stock's /health to answer 503");
    assert.equal(own.body.status, "down");
    assert.equal(own.body.database, "down");
    assert.match(own.body.detail ?? "", /^database: /);
  });

  it("is shown down on the web's /api/health with the reason, the others up", async () => {
    const h = await waitFor(async () => {
      const v = await webHealth();
      return v.services.stock.status === "down" && v;
    }, "/api/health to show stock down");
    assert.equal(h.status, "degraded");
    assert.match(h.services.stock.detail ?? "", /^database: /, "the service's own reason, not 'unreachable'");
    assert.equal(h.services.stock.database, "down");
    assert.equal(h.services.stock.broker, "up");
    for (const s of SERVICES.filter((x) => x !== "stock")) assert.equal(h.services[s].status, "up", s);
  });

  it("is shown up again once the database is back, and the saga runs through it", async () => {
    await setReachable(true);
    const h = await waitFor(async () => {
      const v = await webHealth();
      return v.status === "ok" && v;
    }, "/api/health to say ok again");
    assert.equal(h.services.stock.status, "up");
    assert.equal(h.services.stock.database, "up");
    assert.equal(h.services.stock.detail, undefined);
    assert.equal((await serviceHealth()).code, 200);

    const placed = await env.placeOrder({ userId: "tim", items: [{ productId: "tea", quantity: 1 }] });
    assert.equal(placed.status, 202);
    const o = await env.waitForOrder(String(placed.body.orderId), isSettled, "the order to settle");
    assert.equal(o.status, "COMPLETED");
  });
});
