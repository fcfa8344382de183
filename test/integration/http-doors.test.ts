// Bad input at every HTTP door, on real services and through the real gateway: a clear 4xx with
// a JSON error, never a 500, never a dead process, never a database message; and a retried
// order with an Idempotency-Key is created once.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { startGateway, type TestGateway } from "./gateway-server";
import { startSagaEnv, type SagaEnv } from "./harness";

let env: SagaEnv;
let gateway: TestGateway;
let base: string;

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "pen", name: "Pen", price: 2, stock: 1000 }],
    users: [{ id: "ivy", name: "Ivy", balance: 10_000 }],
  });
  gateway = await startGateway(env);
  base = gateway.base;
});
after(async () => {
  gateway.close();
  await env.stop();
});

/** Sends raw bytes as a request and returns the status line's code (or "closed"). */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let data = "";
    socket.on("data", (c) => (data += c.toString()));
    socket.on("close", () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? "closed"));
    socket.on("error", () => resolve("closed"));
    socket.setTimeout(3000, () => socket.destroy());
  });
}

const orderCount = async () => Number((await env.db.order.query("SELECT count(*) AS n FROM orders")).rows[0].n);
const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: "POST", headers, body });

describe("HTTP doors", () => {
  it("answers a request line that is not a valid path with 400, and keeps serving", async () => {
    for (const port of [env.services.order.port, Number(new URL(base).port)]) {
      assert.equal(await raw(port, "GET //a:b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), "400");
      assert.equal(
        (await fetch(`http://127.0.0.1:${port}${port === env.services.order.port ? "/health" : "/api/products"}`))
          .status,
        200,
      );
    }
  });

  it("answers bad percent-encoding and ids that cannot exist without a 500", async () => {
    for (const path of ["/api/orders/%zz", "/api/orders/%00", "/api/orders/not-a-uuid", "/api/orders/%ED%A0%80"]) {
      const r = await fetch(`${base}${path}`);
      assert.ok(r.status === 400 || r.status === 404, `${path}: ${r.status}`);
      const body = (await r.json()) as { error: string; message: string };
      assert.ok(body.error && body.message, path);
      assert.doesNotMatch(body.message, /postgres|sql|relation|syntax/i);
    }
    assert.equal((await fetch(`${base}/api/orders/00000000-0000-4000-8000-000000000000`)).status, 404);
  });

  it("refuses a body that is not application/json with 415 and creates nothing", async () => {
    const before = await orderCount();
    const body = JSON.stringify({ userId: "ivy", items: [{ productId: "pen", quantity: 1 }] });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await post(`${base}/api/orders`, body, { "content-type": type });
      assert.equal(r.status, 415, type);
      assert.equal(((await r.json()) as { error: string }).error, "UNSUPPORTED_MEDIA_TYPE");
    }
    const none = await fetch(`${base}/api/orders`, { method: "POST", body: new Blob([body]) });
    assert.equal(none.status, 415, "no content type");
    assert.equal(
      (await post(`${base}/api/orders`, body, { "content-type": "application/json; charset=utf-8" })).status,
      202,
    );
    assert.equal(await orderCount(), before + 1);
  });

  it("refuses duplicate lines that merge above the quantity limit, lone surrogates and NULs with 400", async () => {
    const bad = [
      {
        userId: "ivy",
        items: [
          { productId: "pen", quantity: 600_000 },
          { productId: "pen", quantity: 600_000 },
        ],
      },
      { userId: "ivy\ud800", items: [{ productId: "pen", quantity: 1 }] },
      { userId: "ivy", items: [{ productId: "pen\u0000", quantity: 1 }] },
    ];
    const before = await orderCount();
    for (const body of bad) {
      const r = await post(`${base}/api/orders`, JSON.stringify(body), { "content-type": "application/json" });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.ok(((await r.json()) as { fields?: unknown[] }).fields?.length);
    }
    assert.equal(await orderCount(), before);
  });

  it("creates one order for requests retried with the same Idempotency-Key, concurrent ones included", async () => {
    const before = await orderCount();
    const body = JSON.stringify({ userId: "ivy", items: [{ productId: "pen", quantity: 2 }] });
    const headers = { "content-type": "application/json", "idempotency-key": `k-${env.id}` };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(`${base}/api/orders`, body, headers)));
    const ids = new Set<string>();
    for (const r of answers) {
      assert.equal(r.status, 202);
      ids.add(((await r.json()) as { orderId: string }).orderId);
    }
    assert.equal(ids.size, 1);
    assert.equal(await orderCount(), before + 1);
    const other = await post(
      `${base}/api/orders`,
      JSON.stringify({ userId: "ivy", items: [{ productId: "pen", quantity: 3 }] }),
      headers,
    );
    assert.equal(other.status, 409, "the same key with another order");
    const longKey = await post(`${base}/api/orders`, body, { ...headers, "idempotency-key": "k".repeat(201) });
    assert.equal(longKey.status, 400);
  });
});
