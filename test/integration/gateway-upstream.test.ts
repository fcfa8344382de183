// The web origin's gateway in front of stand-in services and observer (no broker or database):
// what it passes upstream and back (Retry-After, the client's retry key and trace context, the
// operator's token, a HEAD asked as GET), the time limits of its table (a hung service costs
// /api/health and the faults' list 2 s, not 10), and 502 through the kit's table.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { SERVICES, type HealthView, type ServiceName } from "../../contracts";
import { startGateway, type TestGateway } from "./gateway-server";

type Seen = { method?: string; url?: string; headers: IncomingMessage["headers"]; body: string };
const seen: Seen[] = [];
const servers: Server[] = [];
const TOKEN = "a-very-long-operator-token";

async function stub(answer: (req: Seen, res: ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const r = { method: req.method, url: req.url, headers: req.headers, body };
      seen.push(r);
      answer(r, res);
    });
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  servers.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  void res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

let gateway: TestGateway;
let base: string;
const EVENT = "00000000-0000-4000-8000-00000000abcd";

before(async () => {
  const service = await stub((req, res) => {
    if (req.url === "/health") return json(res, 200, { status: "up" });
    if (req.url?.startsWith("/orders") && req.method === "POST")
      return json(res, 503, { error: "OVERLOADED", message: "busy" }, { "retry-after": "3" });
    if (req.url === "/admin/faults") return json(res, 200, { failNext: 0 });
    json(res, 202, { accepted: true, detail: "ok" });
  });
  const hung = await stub(() => undefined); // answers nothing, ever
  const observer = await stub((req, res) => {
    if (req.url === `/sagas/orders/events/${EVENT}`) return json(res, 200, { value: { eventId: EVENT } });
    json(res, 200, { status: "up", url: req.url, method: req.method });
  });
  const urls: Record<ServiceName, string> = { order: service, stock: hung, balance: service, notification: service };
  gateway = await startGateway(
    { prefix: "", url: (s) => urls[s as ServiceName] },
    { KAFKA_BROKERS: "127.0.0.1:1", OBSERVER_URL: observer, KAFKA_EMBEDDED: "1", ADMIN_TOKEN: TOKEN },
  );
  base = gateway.base;
});
after(() => {
  gateway.close();
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
});

const last = (url: string) => seen.filter((s) => s.url === url).at(-1);

describe("the gateway's upstream client", () => {
  it("passes the service's status, body and Retry-After back, and the client's retry key and trace context on", async () => {
    const headers = {
      "content-type": "application/json",
      "idempotency-key": "k-1",
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      authorization: "Bearer mine",
    };
    const r = await fetch(`${base}/api/orders?x=1`, { method: "POST", headers, body: '{"a":1}' });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get("retry-after"), "3");
    assert.equal(r.headers.get("cache-control"), "no-store");
    assert.deepEqual(await r.json(), { error: "OVERLOADED", message: "busy" });
    const up = seen.find((s) => s.url === "/orders?x=1")!;
    assert.equal(up.body, '{"a":1}');
    assert.equal(up.headers["idempotency-key"], "k-1");
    assert.equal(up.headers.traceparent, headers.traceparent);
    assert.equal(up.headers.authorization, undefined, "the client's own credentials stay at the gateway");
  });

  it("asks the observer a HEAD under /api/sagas as a GET of the same path", async () => {
    const r = await fetch(`${base}/api/sagas/x/instances/a%2Fb?run=2`, { method: "HEAD" });
    assert.equal(r.status, 200);
    assert.equal(last("/sagas/x/instances/a%2Fb?run=2")?.method, "GET");
  });

  it("bounds /api/health by its probes' 2 s: a hung service is down, the others up", async () => {
    const started = Date.now();
    const h = (await (await fetch(`${base}/api/health`)).json()) as HealthView;
    assert.ok(Date.now() - started < 5000, `answered in ${Date.now() - started} ms`);
    assert.deepEqual(
      [h.services.stock.status, h.services.stock.detail],
      ["down", "unreachable: no answer within 2000 ms"],
    );
    for (const s of SERVICES.filter((x) => x !== "stock")) assert.equal(h.services[s].status, "up", s);
    assert.equal(h.observer?.status, "up");
  });

  it("lists the faults within 2 s, the hung service's as unreachable, with the operator's token upstream", async () => {
    const r = await fetch(`${base}/api/admin/faults`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(r.status, 200);
    const faults = (await r.json()) as Record<string, unknown>;
    assert.deepEqual(faults.order, { failNext: 0 });
    assert.ok("unreachable" in (faults.stock as object));
    assert.equal(last("/admin/faults")?.headers.authorization, `Bearer ${TOKEN}`);
  });

  it("duplicates the event the observer recorded, sent to the order service as JSON", async () => {
    const r = await fetch(`${base}/api/admin/events/${EVENT}/duplicate`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(r.status, 202);
    const up = last(`/admin/events/${EVENT}/duplicate`)!;
    assert.deepEqual([JSON.parse(up.body), up.headers["content-type"]], [{ eventId: EVENT }, "application/json"]);
  });

  it("answers 502 with the public message when the observer is away", async () => {
    const away = await startGateway(
      { prefix: "", url: () => "http://127.0.0.1:1" },
      { KAFKA_BROKERS: "127.0.0.1:1", OBSERVER_URL: "http://127.0.0.1:1" },
    );
    try {
      for (const path of ["/api/sagas", "/api/orders/x", "/api/products"]) {
        const r = await fetch(`${away.base}${path}`);
        const body = (await r.json()) as { error: string; message: string };
        assert.deepEqual([r.status, body.error], [502, "DEPENDENCY_UNAVAILABLE"], path);
        assert.doesNotMatch(body.message, /observer|127\.0\.0\.1|fetch failed/i, path);
      }
    } finally {
      away.close();
    }
  });
});
