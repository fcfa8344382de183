// The live feed refuses a handshake from another site's page or under a rebound Host name, on
// both transports, with a real socket.io-client against the real bridge on the web pipeline;
// the dashboard's own origin and clients without browser headers still connect and are fed.
import assert from "node:assert/strict";
import { Agent, request } from "node:http";
import type { LookupFunction } from "node:net";
import { after, before, describe, it } from "node:test";
import { io as connectIo, type Socket } from "socket.io-client";
import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type FeedSnapshot,
  type ServerToClientEvents,
} from "../../contracts/socket";
import { startBridge, type Bridge } from "../../server/bridge";
import { webConfigSchema } from "../../server/config";
import { createLogger } from "../../services/kit/log";
import { startGateway, type TestGateway } from "./gateway-server";
import { startSagaEnv, type SagaEnv } from "./harness";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Transport = "polling" | "websocket";

let env: SagaEnv;
let gateway: TestGateway;
let bridge: Bridge;
const clients: Client[] = [];

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "gum", name: "Gum", price: 1, stock: 100 }],
    users: [{ id: "vic", name: "Vic", balance: 1000 }],
  });
  gateway = await startGateway(env);
  const config = webConfigSchema.parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: env.prefix,
    GROUP_PREFIX: env.prefix,
    ORDER_URL: env.url("order", ""),
  });
  bridge = await startBridge({
    httpServer: gateway.server,
    kafka: env.kafka,
    config,
    log: createLogger("bridge-test", "error"),
  });
});
after(async () => {
  for (const c of clients) c.disconnect();
  await bridge.stop(); // closes the HTTP server too
  await env.stop();
});

const REBOUND = "rebind.attacker.example";
/** A DNS answer rebound to loopback: the attacker's name resolves to 127.0.0.1. */
const rebind: LookupFunction = (_host, opts, cb) =>
  opts.all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4);

/** What the client was told: an HTTP status for polling, the websocket's error for websocket. */
const refusalOf = (err: Error) => {
  const d = (err as { description?: unknown }).description;
  return typeof d === "number" ? String(d) : String((d as { message?: unknown } | undefined)?.message ?? err.message);
};

/** Connects over one transport only; resolves "connected" or the refusal's description. */
function connect(
  transport: Transport,
  headers: Record<string, string>,
  rebound = false,
): Promise<{ outcome: "connected" | "refused"; client: Client; detail: string }> {
  const url = rebound ? `http://${REBOUND}:${gateway.port}` : gateway.base;
  const agent = rebound ? new Agent({ lookup: rebind } as ConstructorParameters<typeof Agent>[0]) : false;
  const c: Client = connectIo(url, {
    path: SOCKET_PATH,
    transports: [transport],
    upgrade: false,
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
    agent: agent as string | boolean,
  });
  clients.push(c);
  return new Promise((resolve) => {
    c.once("connect", () => resolve({ outcome: "connected", client: c, detail: "" }));
    c.once("connect_error", (err) => resolve({ outcome: "refused", client: c, detail: refusalOf(err) }));
  });
}

/** The status of a raw polling handshake, as a browser's fetch would send it. */
function pollingHandshake(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: gateway.port,
        path: `${SOCKET_PATH}/?EIO=4&transport=polling`,
        headers: { host: `127.0.0.1:${gateway.port}`, ...headers },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("live-feed handshakes", { timeout: 60_000 }, () => {
  const refusals: Record<string, Record<string, string>> = {
    "another site's origin": { origin: "http://attacker.example" },
    "an opaque origin": { origin: "null" },
    "a cross-site fetch without Origin": { "sec-fetch-site": "cross-site" },
    "another local port's page": { origin: "http://127.0.0.1:1" },
  };

  for (const transport of ["polling", "websocket"] as const) {
    it(`are refused over ${transport} from ${Object.keys(refusals).join(", ")}, and under a rebound name`, async () => {
      const before = bridge.io.of("/").sockets.size;
      for (const [what, headers] of Object.entries(refusals)) {
        const r = await connect(transport, headers);
        assert.equal(r.outcome, "refused", `${transport}, ${what}`);
      }
      const rebound = await connect(transport, { origin: `http://${REBOUND}:${gateway.port}` }, true);
      assert.equal(rebound.outcome, "refused", `${transport}, rebound name`);
      // The server's own answer (engine.io refuses an upgrade with 400), not a failed lookup.
      assert.match(
        rebound.detail,
        transport === "polling" ? /^403$/ : /server response: 400/,
        `${transport}, rebound name: ${rebound.detail}`,
      );
      assert.equal(
        (await connect(transport, {}, true)).outcome,
        "refused",
        `${transport}, rebound name without Origin`,
      );
      assert.equal(bridge.io.of("/").sockets.size, before, "no socket was opened");
    });
  }

  it("answer a refused polling handshake with 403, and the app's own one with 200", async () => {
    assert.equal(await pollingHandshake({ origin: "http://attacker.example" }), 403);
    assert.equal(await pollingHandshake({ host: REBOUND }), 403);
    assert.equal(await pollingHandshake({ origin: gateway.base }), 200);
  });

  for (const transport of ["polling", "websocket"] as const) {
    it(`let the dashboard's own origin and a client without browser headers connect over ${transport} and be fed`, async () => {
      const own: Record<string, string>[] = [
        { origin: gateway.base },
        { origin: `http://localhost:${gateway.port}` },
        {},
      ];
      for (const headers of own) {
        const r = await connect(transport, headers);
        assert.equal(r.outcome, "connected", `${transport} ${JSON.stringify(headers)}: ${r.detail}`);
        const snap = (await r.client.timeout(5_000).emitWithAck("feed:subscribe", "events")) as FeedSnapshot;
        assert.ok(Array.isArray(snap.events), "a feed snapshot");
      }
    });
  }
});
