// Watched sagas live (issue 27): a real observer stores the bank example's records and streams
// them (GET /feed) to a real bridge on the web pipeline; socket.io-client sockets in a saga's
// room, another saga's room and an instance's room get what they should, within a deadline.
// The feed is the observer's, not the browser's: the gateway does not forward it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as connectIo, type Socket } from "socket.io-client";
import {
  isRefusal,
  SOCKET_PATH,
  WatchedFeedLine,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type WatchedBatch,
  type WatchedInstanceChange,
  type WatchedRecord,
} from "../../contracts/socket";
import { startBridge, type Bridge } from "../../server/bridge";
import { webConfigSchema } from "../../server/config";
import { createLogger } from "../../services/kit/log";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { createSagaTopics } from "../kafka";
import { startGateway, type TestGateway } from "./gateway-server";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv } from "./observer-env";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let env: ObserverEnv;
let gateway: TestGateway;
let bridge: Bridge;
const clients: Client[] = [];

before(async () => {
  env = await startObserverEnv();
  await createExampleTopics(env.kafka, Object.values(env.topics));
  // The built-in saga's topics too: the bridge reads them beside the observer's feed.
  await createSagaTopics(env.prefix, { kafka: env.kafka });
  await env.start();
  const observer = { port: env.observer().port };
  gateway = await startGateway({ prefix: env.prefix, url: () => "http://127.0.0.1:1", observer });
  const config = webConfigSchema.parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: env.prefix,
    GROUP_PREFIX: env.prefix,
    OBSERVER_URL: `http://127.0.0.1:${observer.port}`,
    BRIDGE_FLUSH_MS: "50",
  });
  bridge = await startBridge({
    httpServer: gateway.server,
    kafka: env.kafka,
    config,
    log: createLogger("bridge-test", "error"),
  });
  await waitFor(async () => bridge.watchedFeed(), "the bridge to read the observer's feed", 20_000);
});
after(async () => {
  for (const c of clients) c.disconnect();
  await bridge.stop();
  await env.stop();
});

function connect(headers: Record<string, string> = {}): Promise<{ client: Client; refused: boolean }> {
  const c: Client = connectIo(gateway.base, {
    path: SOCKET_PATH,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
  });
  clients.push(c);
  return new Promise((resolve) => {
    c.once("connect", () => resolve({ client: c, refused: false }));
    c.once("connect_error", () => resolve({ client: c, refused: true }));
  });
}

async function inSagaRoom(saga: string) {
  const { client } = await connect();
  const batches: WatchedBatch[] = [];
  client.on("saga:batch", (b) => batches.push(b));
  const ack = await client.emitWithAck("saga:watch", saga);
  assert.deepEqual(ack, { saga });
  return { client, batches, records: () => batches.flatMap((b) => b.records) };
}

const send = (topic: string, transferId: string, type: string) =>
  env.producer.send({ topic, messages: [{ key: transferId, value: JSON.stringify({ transferId, type }) }] });

describe("watched sagas live", { timeout: 90_000 }, () => {
  it("pushes a stored record to its saga's room and its instance's room, nothing to another saga's", async () => {
    const bank = await inSagaRoom("bank-transfer");
    const other = await inSagaRoom("another-saga");
    const { client: watcher } = await connect();
    const pushed: { records: WatchedRecord[]; change: WatchedInstanceChange }[] = [];
    watcher.on(
      "saga:instance",
      (saga, records, change) => saga === "bank-transfer" && pushed.push({ records, change }),
    );
    assert.deepEqual(await watcher.emitWithAck("saga-instance:watch", "bank-transfer", "live-1"), {
      saga: "bank-transfer",
      id: "live-1",
    });

    const sentAt = Date.now();
    await send(env.topics.transfers, "live-2", "TransferRequested");
    await send(env.topics.transfers, "live-1", "TransferRequested");
    await send(env.topics.transfers, "live-1", "TransferCompleted");
    const got = await waitFor(
      async () => bank.records().filter((r) => r.instanceId === "live-1").length === 2 && bank.records(),
      "both of live-1's records in the saga's room",
      20_000,
    );
    // The observer reads, stores and commits first; the push follows within the deadline.
    assert.ok(Date.now() - sentAt < 15_000, `pushed after ${Date.now() - sentAt} ms`);
    assert.deepEqual(
      got.filter((r) => r.instanceId === "live-1").map((r) => r.step),
      ["transfer-requested", "transfer-completed"],
    );
    const changes = bank.batches.flatMap((b) => b.instances).filter((i) => i.id === "live-1");
    assert.ok(
      changes.some((c) => c.ending === "COMPLETED"),
      "its ending came with the push",
    );
    const seen = bank.batches
      .flatMap((b) => b.counters)
      .filter((c) => c.metric === "seen" && c.subject === "transfer-requested")
      .reduce((n, c) => n + c.delta, 0);
    assert.equal(seen, 2);

    await waitFor(async () => pushed.flatMap((p) => p.records).length === 2, "live-1's records in its room", 10_000);
    assert.ok(
      pushed.every((p) => p.change.id === "live-1"),
      "only live-1's pushes in its room",
    );
    assert.ok(
      pushed.flatMap((p) => p.records).every((r) => r.instanceId === "live-1"),
      "live-2's record stayed out of live-1's room",
    );
    // The pushes agree with what the observer stored.
    const stored = (await env.instance("live-1"))!;
    assert.equal(stored.status, "COMPLETED");
    assert.equal(stored.steps.length, 2);
    assert.deepEqual(other.batches, [], "another saga's room got nothing");
  });

  it("stops pushing to a socket that left the room", async () => {
    const bank = await inSagaRoom("bank-transfer");
    const stay = await inSagaRoom("bank-transfer");
    bank.client.emit("saga:unwatch", "bank-transfer");
    // A round trip after the unwatch: it has been handled once this answers.
    await bank.client.emitWithAck("saga:watch", "another-saga");
    await send(env.topics.transfers, "live-3", "TransferRequested");
    await waitFor(async () => stay.records().some((r) => r.instanceId === "live-3"), "live-3 pushed", 20_000);
    assert.equal(bank.records().filter((r) => r.instanceId === "live-3").length, 0);
  });

  it("refuses bad arguments in the ack, and a cross-origin socket at the handshake", async () => {
    const { client } = await connect();
    const bad = await client.timeout(5000).emitWithAck("saga:watch", "x".repeat(201) as string);
    assert.ok(isRefusal(bad) && bad.error.code === "BAD_REQUEST", JSON.stringify(bad));
    const refused = await connect({ origin: "http://attacker.example" });
    assert.equal(refused.refused, true);
  });

  it("serves the feed to the web process only: the observer answers NDJSON, the gateway forwards nothing", async () => {
    const direct = await fetch(`http://127.0.0.1:${env.observer().port}/feed`);
    assert.equal(direct.status, 200);
    assert.match(direct.headers.get("content-type") ?? "", /ndjson/);
    const reader = direct.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const hello = WatchedFeedLine.parse(JSON.parse(first.split("\n")[0]!));
    assert.deepEqual(hello, { type: "hello", sagas: ["bank-transfer"] });
    await reader.cancel();
    for (const path of ["/api/feed", "/api/sagas/feed", "/api/sagas/../feed"]) {
      const r = await fetch(`${gateway.base}${path}`);
      assert.notEqual(r.status, 200, path);
      assert.doesNotMatch(r.headers.get("content-type") ?? "", /ndjson/, path);
      await r.body?.cancel();
    }
  });
});
