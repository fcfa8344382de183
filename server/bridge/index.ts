// The Socket.IO bridge (issue 3): Kafka -> hub -> batched emits to browsers on the web origin.
// server/main.ts builds the Kafka client from configuration and calls startBridge once.
import type { Server as HttpServer } from "node:http";
import type { Kafka } from "kafkajs";
import type { BridgeStatus } from "../../contracts/socket";
import { policyOf } from "../../services/kit/http/browser-guard";
import type { Logger } from "../../services/kit/log";
import type { WebConfig } from "../config";
import { BridgeHub } from "./hub";
import { explainKafkaFailure } from "../../services/kit/kafka/failure";
import { startKafkaFeed, type KafkaFeed } from "./kafkaFeed";
import { startLagPoller, type LagPoller } from "./lag";
import { DEFAULT_SOCKET_LIMITS } from "./limits";
import { orderSource } from "./orderSource";
import { createSocketServer, roomSink, type GuardStats, type SagaIo } from "./sockets";
import { startObserverFeed } from "./observerFeed";
import { WatchedPending } from "./watchedBatches";
import { flushWatched, resyncWatched } from "./watchedRooms";

export type Bridge = {
  hub: BridgeHub;
  io: SagaIo;
  guard: GuardStats;
  liveFeed(): BridgeStatus["kafka"];
  /** Whether the observer's feed of watched sagas is connected. */
  watchedFeed(): boolean;
  stop(): Promise<void>;
};

/** This web process's own consumer group (its lag is on the web's /metrics). */
export const bridgeGroupId = (config: WebConfig) => config.kafka.bridgeGroupId;

export async function startBridge(deps: {
  httpServer: HttpServer;
  kafka: Kafka;
  config: WebConfig;
  log: Logger;
}): Promise<Bridge> {
  const { config, log } = deps;
  const hub = new BridgeHub();
  let status: BridgeStatus = { kafka: "connecting" };
  const guard: GuardStats = { refused: 0, disconnected: 0 };
  const orders = orderSource({ orderUrl: config.services.order, limit: 200, cacheMs: 1000 });
  const io = createSocketServer({
    httpServer: deps.httpServer,
    hub,
    orders,
    status: () => status,
    log,
    limits: DEFAULT_SOCKET_LIMITS,
    stats: guard,
    policy: policyOf(deps.httpServer, config.browser),
  });
  const sink = roomSink(io);
  const setStatus = (kafka: BridgeStatus["kafka"], detail?: string) => {
    if (status.kafka === kafka) return;
    status = detail ? { kafka, detail } : { kafka };
    io.emit("bridge:status", status);
  };

  // Watched sagas: the observer's feed, one subscription, fanned out to saga and instance rooms.
  const watched = new WatchedPending();
  const observerFeed = startObserverFeed({
    observerUrl: config.observerUrl,
    log,
    handlers: {
      batch: (b) => watched.add(b),
      resync: () => resyncWatched(io),
      status: (up, detail) =>
        up ? log.info("bridge reads the observer's feed") : log.debug("observer feed down", { detail }),
    },
  });

  let invalidWarned = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    hub.flush(sink);
    flushWatched(io, watched);
    timer = setTimeout(flush, config.bridgeFlushMs);
  };
  timer = setTimeout(flush, config.bridgeFlushMs);

  let feed: KafkaFeed | null = null;
  let stopped = false;
  let lag: LagPoller | null = null;
  const groupId = bridgeGroupId(config);
  const connect = async () => {
    try {
      feed = await startKafkaFeed({
        kafka: deps.kafka,
        groupId,
        topicPrefix: config.kafka.topicPrefix,
        log,
        handlers: {
          event: (ev) => {
            if (!hub.ingest(ev)) return;
            orders.invalidate();
            // A burst bigger than one batch goes out now rather than growing the queue.
            if (hub.pendingCount >= hub.maxPending) hub.flush(sink);
          },
          invalid: (topic, issues) => {
            hub.invalidRecord();
            if (invalidWarned++ < 10) log.warn("bridge skipped a record that is not a saga event", { topic, issues });
          },
          status: setStatus,
        },
      });
      lag = await startLagPoller({
        kafka: deps.kafka,
        groupPrefix: config.kafka.groupPrefix,
        topicPrefix: config.kafka.topicPrefix,
        intervalMs: 2000,
        log,
        onLag: (l) => hub.setLag(l),
      });
      log.info("bridge reading saga topics", { groupId });
    } catch (err) {
      // Refused credentials or an untrusted CA: said with the setting to look at (kit/kafka/failure.ts).
      const explained = explainKafkaFailure(err, config.kafka);
      setStatus("down", explained?.message ?? (err as Error).message);
      log.error(`bridge could not connect to Kafka${explained ? `: ${explained.message}` : ""}; retrying in 2 s`, {
        err: err as Error,
      });
      await Promise.allSettled([feed?.stop(), lag?.stop()]);
      [feed, lag] = [null, null];
      if (!stopped) await new Promise((r) => setTimeout(r, 2000));
      if (!stopped) return connect();
    }
  };
  // Do not hold up the web server: pages work (with a "live feed down" notice) while Kafka connects.
  const connecting = connect();

  return {
    hub,
    io,
    guard,
    liveFeed: () => status.kafka,
    watchedFeed: () => observerFeed.connected(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await connecting;
      await Promise.allSettled([feed?.stop(), lag?.stop(), observerFeed.stop()]);
      await new Promise<void>((r) => io.close(() => r()));
    },
  };
}
