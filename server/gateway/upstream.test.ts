// The gateway's upstream client against a local HTTP server: the owner's URL, the time limit,
// failures as DEPENDENCY_UNAVAILABLE with their cause, and an answer relayed as it came.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { webConfigSchema } from "../config";
import { SagaError } from "../../services/kit/errors";
import { createUpstream, relay } from "./upstream";

let server: Server;
let base: string;
let closed: string;
const seen: { method?: string; url?: string; body: string }[] = [];

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method, url: req.url, body });
  if (req.url === "/slow") return void setTimeout(() => res.end("{}"), 500);
  if (req.url === "/shed")
    return void res
      .writeHead(503, { "content-type": "application/json", "retry-after": "2" })
      .end('{"error":"OVERLOADED"}');
  if (req.url === "/text") return void res.writeHead(200, { "content-type": "text/plain" }).end("not json");
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ echo: body }));
}

before(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => answer(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const gone = createServer();
  await new Promise<void>((r) => gone.listen(0, "127.0.0.1", r));
  closed = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
  await new Promise((r) => gone.close(r));
});
after(() => server.close());

const config = () =>
  webConfigSchema.parse({ KAFKA_BROKERS: "127.0.0.1:9", STOCK_URL: base, OBSERVER_URL: base, ORDER_URL: closed });

async function failure(p: Promise<unknown>): Promise<SagaError> {
  const err = await p.then(
    () => assert.fail("no failure"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SagaError);
  return err;
}

describe("the upstream client", () => {
  it("calls the owner's path with the method, headers and body given", async () => {
    const r = await createUpstream(config()).call("stock", "/products?x=1", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.from("hi"),
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { echo: "hi" });
    assert.deepEqual(seen.at(-1), { method: "POST", url: "/products?x=1", body: "hi" });
    await createUpstream(config()).call("observer", "/sagas");
    assert.equal(seen.at(-1)?.url, "/sagas");
  });

  it("answers 502 DEPENDENCY_UNAVAILABLE when the owner refuses, keeping the network error as cause", async () => {
    const e = await failure(createUpstream(config()).call("order", "/orders"));
    assert.equal(e.code, "DEPENDENCY_UNAVAILABLE");
    assert.equal(e.httpStatus, 502);
    assert.equal(e.message, "the order service did not answer");
    assert.equal(((e.cause as Error).cause as { code?: string }).code, "ECONNREFUSED");
  });

  it("gives up after its time limit", async () => {
    const started = Date.now();
    const e = await failure(createUpstream(config(), 100).call("stock", "/slow"));
    assert.equal(e.code, "DEPENDENCY_UNAVAILABLE");
    assert.equal((e.cause as Error).name, "TimeoutError");
    assert.ok(Date.now() - started < 450, "before the answer came");
  });

  it("reads: anything but 2xx JSON is DEPENDENCY_UNAVAILABLE", async () => {
    assert.deepEqual(await createUpstream(config()).read("stock", "/ok"), { echo: "" });
    assert.equal((await failure(createUpstream(config()).read("stock", "/shed"))).code, "DEPENDENCY_UNAVAILABLE");
    assert.equal((await failure(createUpstream(config()).read("stock", "/text"))).code, "DEPENDENCY_UNAVAILABLE");
  });

  it("relays status, body, content type and Retry-After, never cached", async () => {
    const shed = await createUpstream(config()).call("stock", "/shed");
    const client = createServer((_req, res) => relay(res, shed));
    await new Promise<void>((r) => client.listen(0, "127.0.0.1", r));
    try {
      const r = await fetch(`http://127.0.0.1:${(client.address() as AddressInfo).port}/`);
      assert.equal(r.status, 503);
      assert.equal(r.headers.get("retry-after"), "2");
      assert.equal(r.headers.get("content-type"), "application/json");
      assert.equal(r.headers.get("cache-control"), "no-store");
      assert.equal(await r.text(), '{"error":"OVERLOADED"}');
    } finally {
      client.close();
    }
  });
});
