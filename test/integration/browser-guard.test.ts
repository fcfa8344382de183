// What a page on another site can make a browser send, over real HTTP, to the web origin's
// pipeline and to a real service's port: state-changing requests from another origin are refused
// with a JSON 403 and change nothing, any request naming another Host is refused with 421 (a DNS
// name rebound to 127.0.0.1), and requests without browser headers work as before.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import type { FaultState } from "../../contracts";
import { serviceConfigSchema } from "../../services/kit/config";
import { startHttpServer } from "../../services/kit/http/server";
import { createLogger } from "../../services/kit/log";
import { startGateway, type TestGateway } from "./gateway-server";
import { startSagaEnv, type SagaEnv } from "./harness";

let env: SagaEnv;
let gateway: TestGateway;

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "ink", name: "Ink", price: 4, stock: 500 }],
    users: [{ id: "uma", name: "Uma", balance: 10_000 }],
  });
  gateway = await startGateway(env, { KAFKA_EMBEDDED: "1" });
});
after(async () => {
  gateway.close();
  await env.stop();
});

type Answer = { status: number; body: { error?: string; message?: string } & Record<string, unknown>; text: string };
/** node:http, so that any Host header can be sent (fetch sets its own). */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        const json = /json/.test(res.headers["content-type"] ?? "");
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: json ? JSON.parse(text) : {}, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const ATTACKER = "http://attacker.example";
const orderBody = JSON.stringify({ userId: "uma", items: [{ productId: "ink", quantity: 1 }] });
const orderCount = async () => Number((await env.db.order.query("SELECT count(*) AS n FROM orders")).rows[0].n);
const stockFaults = async () => (await (await fetch(env.url("stock", "/admin/faults"))).json()) as FaultState;
/** What a cross-site page's fetch or form post carries, in the three shapes the guard refuses. */
const crossSite: Record<string, string>[] = [
  { origin: ATTACKER, "sec-fetch-site": "cross-site" },
  { origin: "null" },
  { "sec-fetch-site": "cross-site" },
  { origin: "http://127.0.0.1:1" },
];

function assertRefused(a: Answer, status: number, code: string, what: string) {
  assert.equal(a.status, status, `${what}: ${JSON.stringify(a.body)}`);
  assert.equal(a.body.error, code, what);
  assert.equal(typeof a.body.message, "string", what);
}

describe("state-changing requests from another origin", () => {
  it("the web origin refuses orders and operator calls, whatever the content type, and nothing changes", async () => {
    const orders = await orderCount();
    const faults = await stockFaults();
    for (const headers of crossSite) {
      const what = JSON.stringify(headers);
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/json"]) {
        assertRefused(
          await send(gateway.port, "POST", "/api/orders", { ...headers, "content-type": type }, orderBody),
          403,
          "CROSS_ORIGIN",
          `order ${type} ${what}`,
        );
      }
      assertRefused(
        await send(gateway.port, "POST", "/api/admin/services/stock/crash", headers),
        403,
        "CROSS_ORIGIN",
        `crash ${what}`,
      );
      assertRefused(
        await send(
          gateway.port,
          "PUT",
          "/api/admin/faults/stock",
          { ...headers, "content-type": "text/plain" },
          '{"paused":true}',
        ),
        403,
        "CROSS_ORIGIN",
        `faults ${what}`,
      );
      assertRefused(
        await send(
          gateway.port,
          "POST",
          "/api/admin/poison",
          { ...headers, authorization: "Bearer some-token-of-enough-length" },
          "{}",
        ),
        403,
        "CROSS_ORIGIN",
        `poison ${what}`,
      );
      assertRefused(
        await send(gateway.port, "POST", "/orders", headers, "x"),
        403,
        "CROSS_ORIGIN",
        `a page path ${what}`,
      );
    }
    assert.equal(await orderCount(), orders);
    assert.deepEqual(await stockFaults(), faults);
  });

  it("a service's own port refuses them too", async () => {
    const orders = await orderCount();
    const faults = await stockFaults();
    for (const headers of crossSite) {
      const what = JSON.stringify(headers);
      assertRefused(
        await send(env.services.order.port, "POST", "/orders", { ...headers, "content-type": "text/plain" }, orderBody),
        403,
        "CROSS_ORIGIN",
        `order ${what}`,
      );
      assertRefused(
        await send(
          env.services.stock.port,
          "PUT",
          "/admin/faults",
          { ...headers, "content-type": "application/json" },
          '{"paused":true}',
        ),
        403,
        "CROSS_ORIGIN",
        `faults ${what}`,
      );
      assertRefused(
        await send(env.services.stock.port, "POST", "/admin/crash", headers),
        403,
        "CROSS_ORIGIN",
        `crash ${what}`,
      );
    }
    assert.equal(await orderCount(), orders);
    assert.deepEqual(await stockFaults(), faults);
  });

  it("the app's own origin, and callers without browser headers, still change state", async () => {
    const orders = await orderCount();
    const own = { origin: gateway.base, "sec-fetch-site": "same-origin", "content-type": "application/json" };
    assert.equal((await send(gateway.port, "POST", "/api/orders", own, orderBody)).status, 202);
    assert.equal(
      (await send(gateway.port, "POST", "/api/orders", { "content-type": "application/json" }, orderBody)).status,
      202,
    );
    assert.equal(
      (await send(env.services.order.port, "POST", "/orders", { "content-type": "application/json" }, orderBody))
        .status,
      202,
    );
    assert.equal(await orderCount(), orders + 3);
    assert.equal(
      (
        await send(
          gateway.port,
          "PUT",
          "/api/admin/faults/stock",
          { ...own, origin: `http://localhost:${gateway.port}` },
          '{"delayMs":1}',
        )
      ).status,
      200,
    );
    assert.equal((await stockFaults()).delayMs, 1);
    assert.equal((await send(gateway.port, "DELETE", "/api/admin/faults/stock")).status, 200);
    assert.equal((await stockFaults()).delayMs, 0);
  });

  it("reads from another origin still answer (the browser keeps them from the page)", async () => {
    assert.equal(
      (await send(gateway.port, "GET", "/api/products", { origin: ATTACKER, "sec-fetch-site": "cross-site" })).status,
      200,
    );
  });
});

describe("requests naming another Host (DNS rebinding)", () => {
  const rebound = (port: number) => ({ host: `rebind.attacker.example:${port}` });

  it("are refused with 421 on every route of the web origin and of a service, /metrics included", async () => {
    for (const path of [
      "/api/orders",
      "/api/admin/dlq?service=stock",
      "/api/health",
      "/api/invariants",
      "/metrics",
      "/orders",
      "/socket.io/?EIO=4&transport=polling",
      "/orders/%zz",
    ]) {
      assertRefused(
        await send(gateway.port, "GET", path, rebound(gateway.port)),
        421,
        "HOST_NOT_ALLOWED",
        `web ${path}`,
      );
    }
    for (const path of ["/orders", "/metrics", "/health", "/admin/dlq", "/nope"]) {
      assertRefused(
        await send(env.services.order.port, "GET", path, rebound(env.services.order.port)),
        421,
        "HOST_NOT_ALLOWED",
        `order ${path}`,
      );
    }
    assertRefused(
      await send(
        gateway.port,
        "POST",
        "/api/orders",
        { ...rebound(gateway.port), "content-type": "application/json" },
        orderBody,
      ),
      421,
      "HOST_NOT_ALLOWED",
      "order placed under a rebound name",
    );
  });

  it("loopback names with any port are served", async () => {
    for (const host of ["localhost", `localhost:${gateway.port}`, "127.0.0.1:80", `[::1]:${gateway.port}`]) {
      assert.equal((await send(gateway.port, "GET", "/api/products", { host })).status, 200, host);
      const metrics = await send(env.services.order.port, "GET", "/metrics", { host });
      assert.equal(metrics.status, 200, host);
      assert.match(metrics.text, /^# HELP /m, host);
    }
  });
});

describe("malformed request targets", () => {
  it("answer 400 with a JSON error on the web origin (pages and API) and on a service", async () => {
    for (const path of ["/api/orders/%zz", "/orders/%zz", "/%E0%A4%A", "/journey/%ED%A0%80"]) {
      assertRefused(await send(gateway.port, "GET", path), 400, "VALIDATION_FAILED", `web ${path}`);
    }
    for (const path of ["/orders/%zz", "/%zz/x"])
      assertRefused(await send(env.services.order.port, "GET", path), 400, "VALIDATION_FAILED", `order ${path}`);
    assertRefused(
      await send(gateway.port, "GET", "http://127.0.0.1/api/orders"),
      400,
      "VALIDATION_FAILED",
      "a whole URL as the target",
    );
  });
});

describe("the hosts docker-compose.yml allows", () => {
  type Env = Record<string, string | number>;
  const compose = parse(readFileSync("docker-compose.yml", "utf8")) as {
    services: Record<string, { environment: Env }>;
  };
  const allowed = (name: string) => String(compose.services[name].environment.ALLOWED_HOSTS);

  it("a service configured as in compose serves /metrics to Prometheus by name and by container address, and refuses a rebound name", async () => {
    const env = {
      ...compose.services.stock.environment,
      HOST: "127.0.0.1",
      DATABASE_URL: "postgresql://unused@127.0.0.1/x",
      PORT: "0",
    };
    const config = serviceConfigSchema("stock").parse(
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
    );
    const metrics = {
      method: "GET" as const,
      path: "/metrics",
      handle: async () => ({ status: 200, body: "# HELP up\n", contentType: "text/plain" }),
    };
    const server: Server = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      routes: [metrics],
      log: createLogger("test", "error"),
      browser: config.browser,
    });
    try {
      const port = (server.address() as AddressInfo).port;
      for (const host of ["stock:4102", "172.18.0.5:4102", "192.168.16.4:4102", "localhost:4102"])
        assert.equal((await send(port, "GET", "/metrics", { host })).status, 200, host);
      for (const host of ["order:4101", "rebind.attacker.example:4102"])
        assertRefused(await send(port, "GET", "/metrics", { host }), 421, "HOST_NOT_ALLOWED", host);
    } finally {
      server.close();
    }
  });

  it("the web configured as in compose answers to web:3000 and to loopback", async () => {
    const web = await startGateway(env, { ALLOWED_HOSTS: allowed("web") });
    try {
      for (const host of ["web:3000", "localhost:3000"])
        assert.equal((await send(web.port, "GET", "/api/products", { host })).status, 200, host);
      assertRefused(
        await send(web.port, "GET", "/api/products", { host: "stock:4102" }),
        421,
        "HOST_NOT_ALLOWED",
        "another compose name",
      );
    } finally {
      web.close();
    }
  });
});
