// The operator API through the web origin's gateway, in front of real services: faults on
// demand, dead letters listed and re-published, duplicates and poison, and who may call it.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  physicalTopic,
  SERVICES,
  type DeadLetterView,
  type FaultsView,
  type FaultState,
  type OrderView,
} from "../../contracts";
import { webConfigSchema } from "../../server/config";
import { handleApi } from "../../server/gateway/routes";
import { isSettled, startSagaEnv, waitFor, type SagaEnv } from "./harness";

let env: SagaEnv;
const gateways: Server[] = [];

async function startGateway(extra: Record<string, string>): Promise<string> {
  const config = webConfigSchema.parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: env.prefix,
    ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_URL`, env.url(s, "")])),
    OBSERVER_URL: `http://127.0.0.1:${env.observer.port}`,
    ...extra,
  });
  const s = createServer(
    (req, res) => void handleApi(config, req, res).then((handled) => handled || res.writeHead(404).end()),
  );
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  gateways.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

let base: string;
const call = async <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
};

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "lamp", name: "Lamp", price: 30, stock: 100 }],
    users: [
      { id: "ann", name: "Ann", balance: 100_000 },
      { id: "bo", name: "Bo", balance: 1 },
    ],
    maxAttempts: 3,
  });
  base = await startGateway({ KAFKA_EMBEDDED: "1" });
});
after(async () => {
  for (const g of gateways) g.close();
  await env.stop();
});

const order = async () =>
  String((await env.placeOrder({ userId: "ann", items: [{ productId: "lamp", quantity: 1 }] })).body.orderId);
const stockOf = async () =>
  (await env.db.stock.query<{ stock: number }>("SELECT stock FROM products WHERE id = 'lamp'")).rows[0].stock;

describe("faults on demand", () => {
  it("fails the next N messages: retried within the budget, the order still completes", async () => {
    const set = await call<FaultState>("PUT", "/api/admin/faults/stock", { failNext: 2 });
    assert.equal(set.status, 200);
    assert.equal(set.body.failNext, 2);
    assert.equal(set.body.active, true);
    const o = await env.waitForOrder(await order(), isSettled, "the order to settle");
    assert.equal(o.status, "COMPLETED");
    const all = await call<FaultsView>("GET", "/api/admin/faults");
    assert.deepEqual(
      { ...(all.body.stock as FaultState) },
      { failNext: 0, failRate: 0, delayMs: 0, paused: false, injected: 2, active: false },
    );
  });

  it("refuses bad fault settings and unknown services", async () => {
    assert.equal((await call("PUT", "/api/admin/faults/stock", { failRate: 2 })).status, 400);
    assert.equal((await call("PUT", "/api/admin/faults/stock", { failNext: -1 })).status, 400);
    assert.equal((await call("PUT", "/api/admin/faults/nope", { failNext: 1 })).status, 404);
    assert.equal((await call("POST", "/api/admin/services/stock/crash")).status, 409, "no supervisor in-process");
  });

  it("pauses consumption: orders wait, and finish when it resumes", async () => {
    await call("PUT", "/api/admin/faults/balance", { paused: true });
    const id = await order();
    await env.waitForOrder(id, (o) => o.steps.some((s) => s.topic === "stock-decrease"), "the stock step");
    const stillPending = await env.order(id);
    assert.equal(stillPending?.status, "PENDING");
    assert.equal((await call("DELETE", "/api/admin/faults/balance")).status, 200);
    assert.equal((await env.waitForOrder(id, isSettled, "the order after resuming")).status, "COMPLETED");
  });
});

describe("compensations", () => {
  it("a compensation that keeps failing is retried past the attempt budget, never dead-lettered", async () => {
    await call("PUT", "/api/admin/faults/balance", { paused: true });
    const placed = await env.placeOrder({ userId: "bo", items: [{ productId: "lamp", quantity: 1 }] });
    const id = String(placed.body.orderId);
    await env.waitForOrder(id, (o) => o.steps.some((s) => s.topic === "stock-decrease"), "the stock step");
    // pay-fail will reach the stock service, which fails it 5 times (the budget is 3 attempts).
    await call("PUT", "/api/admin/faults/stock", { failNext: 5 });
    await call("DELETE", "/api/admin/faults/balance");
    const o = await env.waitForOrder(id, isSettled, "the compensation to finish");
    assert.equal(o.reason, "INSUFFICIENT_BALANCE");
    assert.ok(
      o.steps.some((s) => s.topic === "stock-restore"),
      "stock was put back",
    );
    assert.equal(
      o.steps.some((s) => s.topic === "saga-dlq"),
      false,
      "nothing dead-lettered",
    );
    assert.equal(((await call<FaultsView>("GET", "/api/admin/faults")).body.stock as FaultState).injected >= 5, true);
    assert.deepEqual((await env.conservation()).violations, []);
  });
});

describe("dead letters", () => {
  let dead: DeadLetterView;
  let orderId: string;
  it("a message that fails past its retries is listed with its error and original", async () => {
    await call("PUT", "/api/admin/faults/stock", { failNext: 3 });
    orderId = await order();
    const list = await waitFor(async () => {
      const r = await call<DeadLetterView[]>("GET", "/api/admin/dlq?service=stock&code=INJECTED_FAULT");
      return r.body.find((d) => d.orderId === orderId);
    }, "the dead letter");
    dead = list;
    assert.equal(dead.topic, "order-create");
    assert.equal(dead.attempts, 3);
    assert.equal(dead.republishedAt, null);
    assert.equal(JSON.parse(dead.original).orderId, orderId);
    assert.equal((await env.order(orderId))?.status, "PENDING");
    const filtered = await call<DeadLetterView[]>("GET", "/api/admin/dlq?service=balance");
    assert.equal(
      filtered.body.some((d) => d.id === dead.id),
      false,
      "filters by service",
    );
  });

  it("re-publishing it twice completes the order once", async () => {
    const before = await stockOf();
    assert.equal((await call("POST", `/api/admin/dlq/${dead.id}/republish`)).status, 202);
    assert.equal((await call("POST", `/api/admin/dlq/${dead.id}/republish`)).status, 202);
    const o = await env.waitForOrder(orderId, isSettled, "the re-published order");
    assert.equal(o.status, "COMPLETED");
    const listed = await call<DeadLetterView[]>("GET", "/api/admin/dlq?service=stock");
    assert.ok(listed.body.find((d) => d.id === dead.id)?.republishedAt);
    // Let both copies be consumed, then check stock was taken once.
    await waitFor(
      async () =>
        (
          await env.db.stock.query("SELECT 1 FROM processed_events WHERE event_id = $1", [
            JSON.parse(dead.original).eventId,
          ])
        ).rowCount === 1,
      "stock to record the event",
    );
    assert.equal(await stockOf(), before - 1);
    assert.deepEqual((await env.conservation()).violations, []);
  });

  it("unknown or impossible ids are 404", async () => {
    assert.equal((await call("POST", "/api/admin/dlq/00000000-0000-4000-8000-000000000000/republish")).status, 404);
    assert.equal((await call("POST", "/api/admin/dlq/%00/republish")).status, 404);
  });
});

describe("duplicates and poison", () => {
  it("publishes a duplicate of an event, which the consumer ignores", async () => {
    const o: OrderView = await env.waitForOrder(await order(), isSettled, "an order");
    const step = o.steps.find((s) => s.topic === "stock-decrease")!;
    const admin = env.kafka.admin();
    await admin.connect();
    const sum = async () =>
      (await admin.fetchTopicOffsets(physicalTopic("stock-decrease", env.prefix))).reduce(
        (n, p) => n + Number(p.high),
        0,
      );
    const balance = async () =>
      (await env.db.balance.query<{ balance: number }>("SELECT balance FROM users WHERE id = 'ann'")).rows[0].balance;
    const [highBefore, balanceBefore] = [await sum(), await balance()];
    assert.equal((await call("POST", `/api/admin/events/${step.eventId}/duplicate`)).status, 202);
    await waitFor(async () => (await sum()) === highBefore + 1, "the duplicate on the topic");
    const unknown = await call<{ error: string }>(
      "POST",
      "/api/admin/events/00000000-0000-4000-8000-00000000abcd/duplicate",
    );
    assert.deepEqual(
      [unknown.status, unknown.body.error],
      [404, "NOT_FOUND"],
      "an event the saga's records do not hold",
    );
    await admin.disconnect();
    const placedAfter = await env.waitForOrder(await order(), isSettled, "a later order on the same consumer");
    assert.equal(placedAfter.status, "COMPLETED");
    assert.equal(await balance(), balanceBefore - 30, "only the later order was paid");
  });

  it("poison on a topic is dead-lettered by its consumer, which moves on", async () => {
    const r = await call<{ detail: string }>("POST", "/api/admin/poison", { topic: "pay-complete" });
    assert.equal(r.status, 202);
    await waitFor(
      async () =>
        (await call<DeadLetterView[]>("GET", "/api/admin/dlq?topic=pay-complete&code=INVALID_EVENT")).body.find(
          (d) => d.service === "order",
        ),
      "the poison's dead letter",
    );
    assert.equal((await call("POST", "/api/admin/poison", { topic: "no-such-topic" })).status, 400);
    assert.equal((await env.waitForOrder(await order(), isSettled, "an order after the poison")).status, "COMPLETED");
  });
});

describe("who may call it", () => {
  it("is off without a token outside the embedded mode, and needs the bearer token when set", async () => {
    const off = await startGateway({ KAFKA_EMBEDDED: "0" });
    const r = await fetch(`${off}/api/admin/faults`);
    assert.equal(r.status, 403);
    assert.equal(((await r.json()) as { error: string }).error, "ADMIN_DISABLED");
    const token = "a-very-long-operator-token";
    const locked = await startGateway({ KAFKA_EMBEDDED: "0", ADMIN_TOKEN: token });
    assert.equal((await fetch(`${locked}/api/admin/faults`)).status, 401);
    assert.equal(
      (await fetch(`${locked}/api/admin/faults`, { headers: { authorization: "Bearer wrong-token" } })).status,
      403,
    );
    const ok = await fetch(`${locked}/api/admin/faults`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.keys((await ok.json()) as object).sort(), [...SERVICES].sort());
  });
});
