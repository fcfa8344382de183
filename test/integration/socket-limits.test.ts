// The Socket.IO bridge under a flooding client, on the real path: the bridge reads the real
// broker, orders go through the real services, clients are socket.io-client over a websocket.
// The flooder is refused and then disconnected; a well-behaved client is not hurt.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { io as connectIo, type Socket } from "socket.io-client";
import {
  isRefusal,
  SOCKET_PATH,
  type ClientToServerEvents,
  type FeedSnapshot,
  type OrderSnapshot,
  type SagaEvent,
  type ServerToClientEvents,
  type SocketRefusal,
} from "../../contracts/socket";
import { startBridge, type Bridge } from "../../server/bridge";
import { DEFAULT_SOCKET_LIMITS } from "../../server/bridge/limits";
import { webConfigSchema } from "../../server/config";
import { createLogger } from "../../services/kit/log";
import { startSagaEnv, waitFor, type SagaEnv } from "./harness";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Reply = FeedSnapshot | OrderSnapshot | SocketRefusal;

let env: SagaEnv;
let server: Server;
let bridge: Bridge;
let base: string;
const clients: Client[] = [];

async function connectClient(): Promise<Client> {
  const c: Client = connectIo(base, {
    path: SOCKET_PATH,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  clients.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once("connect", resolve);
    c.once("connect_error", reject);
  });
  return c;
}

/** Topics of the order's events this client is sent live (after its snapshot). */
function orderFeed(c: Client, orderId: string) {
  const seen = { live: [] as string[] };
  c.on("order:events", (id, events) => id === orderId && seen.live.push(...events.map((e) => e.topic)));
  return seen;
}

const watch = (c: Client, orderId: string) =>
  c.timeout(5_000).emitWithAck("order:watch", orderId) as Promise<OrderSnapshot | SocketRefusal>;
const rooms = () => bridge.io.of("/").adapter.rooms;
const orderRooms = () => [...rooms().keys()].filter((r) => r.startsWith("order:"));

async function placeOrder(): Promise<string> {
  const placed = await env.placeOrder({ userId: "tim", items: [{ productId: "tea", quantity: 1 }] });
  assert.equal(placed.status, 202, JSON.stringify(placed.body));
  return String(placed.body.orderId);
}

before(async () => {
  env = await startSagaEnv({
    products: [{ id: "tea", name: "Tea", price: 5, stock: 100 }],
    users: [{ id: "tim", name: "Tim", balance: 10_000 }],
  });
  const config = webConfigSchema.parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: env.prefix,
    GROUP_PREFIX: env.prefix,
    ORDER_URL: env.url("order", ""),
    BRIDGE_FLUSH_MS: "50",
  });
  server = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bridge = await startBridge({
    httpServer: server,
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

describe("socket limits", { timeout: 60_000 }, () => {
  let flooder: Client;
  let good: Client;
  let goodFeed: SagaEvent[] = [];

  it("a socket watches at most 50 orders; past that a watch is refused and the others stay live", async () => {
    good = await connectClient();
    good.on("feed:batch", (b) => goodFeed.push(...b.events));
    const snap = await good.timeout(5_000).emitWithAck("feed:subscribe", "events");
    assert.ok(!isRefusal(snap), "the well-behaved client gets its feed snapshot");

    flooder = await connectClient();
    env.services.stock.faults.set({ paused: true }); // the saga waits at stock until we watch
    const orderId = await placeOrder();
    const seen = orderFeed(flooder, orderId);
    assert.ok(!isRefusal(await watch(flooder, orderId)));
    for (let i = 1; i < DEFAULT_SOCKET_LIMITS.maxWatchedOrders; i++)
      assert.ok(!isRefusal(await watch(flooder, `ghost-${i}`)), `watch ${i + 1}`);
    const over = await watch(flooder, "ghost-over");
    assert.ok(isRefusal(over) && over.error.code === "TOO_MANY_WATCHES", JSON.stringify(over));
    assert.ok(!isRefusal(await watch(flooder, orderId)), "watching an order already watched is not a new watch");
    assert.equal(bridge.io.of("/").sockets.get(flooder.id!)?.rooms.size, 1 + DEFAULT_SOCKET_LIMITS.maxWatchedOrders);

    env.services.stock.faults.set({ paused: false });
    // Topics are read concurrently, so the steps may reach the bridge in any order.
    await waitFor(
      async () => ["stock-decrease", "notification-send"].every((t) => seen.live.includes(t)),
      "the watched order's live events",
    );
  });

  it("a flooder is refused (rate, unknown events, wrong types) and then disconnected, and nothing throws", async () => {
    const refusals: string[] = [];
    let maxRooms = 0;
    const note = (r: Reply) => {
      maxRooms = Math.max(maxRooms, rooms().size);
      if (isRefusal(r)) refusals.push(r.error.code);
    };
    const disconnected = new Promise<string>((r) => flooder.once("disconnect", r));
    const raw = flooder as unknown as Socket; // past the typed event map, as a hostile client is
    raw.emit("no-such-event", 1, note);
    raw.emit("error", "from the client", note);
    raw.emit("error", "without an ack");
    raw.emit("feed:subscribe", 42, note);
    raw.emit("feed:subscribe", "events"); // no ack to answer
    raw.emit("order:watch", { id: 1 }, note);
    raw.emit("order:watch", "x".repeat(101), note);
    raw.emit("order:watch", "a", "b", note);
    for (let i = 0; i < 200; i++) {
      raw.emit("feed:subscribe", "events", note);
      raw.emit("order:watch", `flood-${i}`, note);
    }
    assert.equal(await disconnected, "io server disconnect");
    for (const code of ["UNKNOWN_EVENT", "BAD_REQUEST", "RATE_LIMITED"])
      assert.ok(refusals.includes(code), `${code} in ${[...new Set(refusals)].join(", ")}`);
    // Past the cap a watch is refused without counting against the socket; every other refusal
    // counts, the two sent without an ack too. (The bucket refills by 1/s: at most one more.)
    const counted = refusals.filter((c) => c !== "TOO_MANY_WATCHES").length + 2;
    const burst = DEFAULT_SOCKET_LIMITS.refusalBurst;
    assert.ok(counted >= burst + 1 && counted <= burst + 2, `let go after ${counted} counted refusals`);
    assert.equal(bridge.guard.disconnected, 1);
    assert.ok(maxRooms <= 3 * (1 + 2 + DEFAULT_SOCKET_LIMITS.maxWatchedOrders), `rooms peaked at ${maxRooms}`);
    await waitFor(async () => orderRooms().length === 0, "the flooder's order rooms to be gone");
  });

  it("a message over 64 KiB closes only its sender's connection; one under it is answered", async () => {
    const big = await connectClient();
    const raw = big as unknown as Socket;
    const under = await raw.timeout(5_000).emitWithAck("no-such-event", "x".repeat(60 * 1024));
    assert.equal(under.error.code, "UNKNOWN_EVENT");
    const closed = new Promise<string>((r) => big.once("disconnect", r));
    raw.emit("order:watch", "x".repeat(70 * 1024), () => undefined);
    assert.equal(await closed, "transport close");
  });

  it("the well-behaved client still gets its snapshot and the live events of a real order", async () => {
    assert.ok(good.connected);
    const snap = await good.timeout(5_000).emitWithAck("feed:subscribe", "events");
    assert.ok(!isRefusal(snap));
    assert.ok(
      snap.orders.length > 0 && snap.events.length > 0,
      `orders and events of the first saga: ${snap.orders.length} orders (${snap.ordersError ?? "no error"}), ${snap.events.length} events`,
    );
    goodFeed = [];
    env.services.stock.faults.set({ paused: true });
    const orderId = await placeOrder();
    const seen = orderFeed(good, orderId);
    assert.ok(!isRefusal(await watch(good, orderId)));
    env.services.stock.faults.set({ paused: false });
    await waitFor(
      async () => ["stock-decrease", "notification-send"].every((t) => seen.live.includes(t)),
      "the order's live events on the good client",
    );
    await waitFor(
      async () => goodFeed.some((e) => e.orderId === orderId && e.topic === "order-complete"),
      "the feed to carry the order too",
    );
    assert.deepEqual(orderRooms(), [`order:${orderId}`], "only the good client's watch is left");
  });
});
