// Wires one service process: producer, outbox relay, consumer groups and the HTTP controller,
// and stops them in reverse order. main.ts builds the real clients and hands them in here.
import type { Server } from "node:http";
import type { Kafka } from "kafkajs";
import { randomUUID } from "node:crypto";
import type { ServiceName, TopicName } from "../../contracts";
import type { HandlerDeps, UnitOfWork } from "./application/inbox";
import type { ServiceConfig } from "./config";
import { outboxDepth, outboxStats } from "./db/outbox";
import type { Database } from "./db/sql";
import { connectProducer } from "./kafka/client";
import { runConsumer, type RunningConsumer, type TopicHandlers } from "./kafka/consumer";
import { sqlParking } from "./kafka/parking";
import { runProjection, type Projection } from "./kafka/projection";
import { startOutboxRelay } from "./kafka/relay";
import { checkAdmin } from "./http/admin-guard";
import { adminRoutes } from "./http/admin-routes";
import { startHttpServer, type Route } from "./http/server";
import { createFaults, type Faults } from "./faults/faults";
import { kafkaLagReader, metricsRoute, registerServiceMetrics, type LagGroup, type MetricsRegistry } from "./metrics";
import type { FaultState } from "../../contracts/admin";
import type { Logger } from "./log";
import type { Tracing } from "./telemetry/tracing";

export type ServiceParts<Tx> = {
  config: ServiceConfig;
  kafka: Kafka;
  /** The write side: units of work, the outbox relay and health checks. */
  db: Database;
  /** Called last on stop (e.g. the Prisma client of the read side). */
  close?(): Promise<void>;
  uow: UnitOfWork<Tx>;
  log: Logger;
  /** The process's Prometheus registry, served on GET /metrics; the service's own metrics are added here. */
  metrics: MetricsRegistry;
  /** OpenTelemetry tracing (kit/telemetry), null when off; shut down (flushed) last on stop. */
  tracing?: Tracing | null;
  /** Consumer groups by suffix ("" is the service's own group), one handler per topic. */
  consumers(deps: HandlerDeps<Tx>): Record<string, TopicHandlers>;
  /** Projection groups by suffix: batched read models fed from topics. */
  projections?: Record<string, Projection>;
  routes(deps: HandlerDeps<Tx>, health: () => Promise<ServiceHealthBody>): Route[];
  /** Extra operator routes (under /admin/), behind the same guard as the faults and crash routes. */
  operatorRoutes?(deps: HandlerDeps<Tx>): Route[];
  /** Work the process runs beside its consumers (e.g. the order service's time-out sweeper). */
  tasks?(deps: HandlerDeps<Tx>): BackgroundTask[];
  /** What POST /admin/crash does; by default the process kills itself with SIGKILL. */
  crash?: () => void;
};

export type BackgroundTask = { stop(): Promise<void> };

export type ServiceHealthBody = {
  status: "up" | "down";
  service: ServiceName;
  detail?: string;
  outboxDepth?: number;
  published: number;
  deadLettered: number;
  parked: number;
  database: "up" | "down";
  broker: "up" | "down";
  faults: FaultState;
};

export type RunningService = { http: Server; port: number; faults: Faults; stop(): Promise<void> };

export function groupId(config: ServiceConfig, suffix: string): string {
  return `${config.kafka.groupPrefix}${config.service}${suffix ? `-${suffix}` : ""}`;
}

export async function startService<Tx>(parts: ServiceParts<Tx>): Promise<RunningService> {
  const { config, log } = parts;
  const producer = await connectProducer(parts.kafka);
  const relay = startOutboxRelay({
    db: parts.db,
    producer,
    topicPrefix: config.kafka.topicPrefix,
    pollMs: config.outboxPollMs,
    lingerMs: config.outboxLingerMs,
    log,
    tracing: parts.tracing,
  });
  const deps: HandlerDeps<Tx> = {
    uow: parts.uow,
    service: config.service,
    newId: randomUUID,
    now: () => new Date(),
    tracing: parts.tracing,
    // Inside a consumer's batch the commit comes later: the relay is woken then.
    published: () => parts.db.afterCommit(relay.wake),
  };

  // The supervisor (server/embedded/up.ts, or the container runtime) restarts the process.
  const onFatal = () => process.kill(process.pid, "SIGTERM");
  const faults = createFaults();
  const consumers: RunningConsumer[] = [];
  const projections: { stop(): Promise<void>; parked(): number }[] = [];
  let consumersReady = false;
  const tasks = parts.tasks?.(deps) ?? [];
  const broker = brokerProbe(parts.kafka);
  const health = async (): Promise<ServiceHealthBody> => {
    const base = {
      service: config.service,
      published: relay.published(),
      deadLettered: consumers.reduce((n, c) => n + c.deadLettered(), 0),
      parked: projections.reduce((n, p) => n + p.parked(), 0),
      faults: faults.state(),
    };
    const [depth, brokerUp] = await Promise.all([outboxDepth(parts.db).catch((err: Error) => err), broker.check()]);
    const database = typeof depth === "number" ? "up" : "down";
    const problems = [
      database === "down" && `database: ${(depth as Error).message}`,
      !brokerUp && "broker: not reachable",
      !consumersReady && "consumer groups: joining",
    ].filter(Boolean);
    return {
      status: problems.length === 0 ? "up" : "down",
      ...base,
      database,
      broker: brokerUp ? "up" : "down",
      ...(typeof depth === "number" ? { outboxDepth: depth } : {}),
      ...(problems.length ? { detail: problems.join("; ") } : {}),
    };
  };
  const lagGroups: LagGroup[] = [];
  const lag = kafkaLagReader({ kafka: parts.kafka, topicPrefix: config.kafka.topicPrefix, groups: () => lagGroups });
  const consumerMetrics = registerServiceMetrics(parts.metrics, {
    outbox: () => outboxStats(parts.db),
    faults: () => faults.state(),
    lag: lag.read,
    log,
  });
  const crash = parts.crash ?? (supervised ? () => process.kill(process.pid, "SIGKILL") : null);
  const routes = [
    ...parts.routes(deps, health),
    metricsRoute(parts.metrics),
    ...guarded(config, [...adminRoutes({ faults, crash }), ...(parts.operatorRoutes?.(deps) ?? [])]),
  ];
  const http = await startHttpServer({
    host: config.http.host,
    port: config.http.port,
    routes,
    log,
    browser: config.browser,
  });
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : config.http.port;
  // HTTP answers first (a restarted order service takes orders at once); the groups join after,
  // which on some brokers takes seconds, and health says "down" until they have.
  for (const [suffix, handlers] of Object.entries(parts.consumers(deps))) {
    lagGroups.push({ groupId: groupId(config, suffix), topics: Object.keys(handlers) as TopicName[] });
    consumers.push(
      await runConsumer({
        kafka: parts.kafka,
        service: config.service,
        groupId: groupId(config, suffix),
        topicPrefix: config.kafka.topicPrefix,
        handlers,
        dlqProducer: producer,
        maxAttempts: config.consumer.maxAttempts,
        retryBaseMs: config.consumer.retryBaseMs,
        partitionsConsumedConcurrently: config.consumer.partitionsConsumedConcurrently,
        lingerMs: config.consumer.lingerMs,
        batch: parts.db.batch,
        onFatal,
        faults,
        tracing: parts.tracing,
        metrics: consumerMetrics.forGroup(groupId(config, suffix)),
        log,
      }),
    );
  }

  for (const [suffix, projection] of Object.entries(parts.projections ?? {})) {
    lagGroups.push({ groupId: groupId(config, suffix), topics: projection.topics });
    projections.push(
      await runProjection({
        kafka: parts.kafka,
        groupId: groupId(config, suffix),
        topicPrefix: config.kafka.topicPrefix,
        projection,
        park: sqlParking(parts.db),
        maxAttempts: config.consumer.maxAttempts,
        retryBaseMs: config.consumer.retryBaseMs,
        partitionsConsumedConcurrently: config.consumer.partitionsConsumedConcurrently,
        lingerMs: config.consumer.lingerMs,
        onFatal,
        log,
      }),
    );
  }

  consumersReady = true;
  log.info("service started", { port, groups: consumers.length, brokers: config.kafka.brokers });

  return {
    http,
    port,
    faults,
    /** Graceful: stop taking requests and fetching, finish and commit what is in hand, publish the outbox. */
    async stop() {
      const closed = new Promise<void>((r) => http.close(() => r()));
      http.closeIdleConnections();
      await Promise.allSettled([...tasks, ...consumers, ...projections].map((c) => c.stop()));
      await relay.stop();
      await Promise.all([broker.close(), lag.close()]);
      await closed;
      await producer.disconnect();
      await parts.db.close();
      await parts.close?.();
      await parts.tracing?.shutdown();
    },
  };
}

// Only a process started by runMain has a supervisor to restart it; in-process (tests) a crash is refused.
let supervised = false;

/** The operator routes answer only callers that checkAdmin lets in. */
function guarded(config: ServiceConfig, routes: Route[]): Route[] {
  return routes.map((r) => ({
    ...r,
    handle: async (req) => {
      const refused = checkAdmin(
        { token: config.adminToken, loopbackAllowed: true },
        { authorization: req.header("authorization"), remoteAddress: req.remoteAddress },
      );
      if (refused) throw refused;
      return r.handle(req);
    },
  }));
}

/** Whether the broker answers a metadata request, within a second and a half. */
function brokerProbe(kafka: Kafka): { check(): Promise<boolean>; close(): Promise<void> } {
  const admin = kafka.admin({ retry: { retries: 0 } });
  let connected: Promise<void> | null = null;
  return {
    async check() {
      const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 1500).unref());
      const probe = (async () => {
        connected ??= admin.connect().catch((err) => {
          connected = null;
          throw err;
        });
        await connected;
        await admin.describeCluster();
        return true;
      })().catch(() => false);
      return Promise.race([probe, timeout]);
    },
    close: () => admin.disconnect().catch(() => undefined),
  };
}

/**
 * How long a graceful stop may take. With the broker or the database gone, disconnecting can
 * wait forever; past this the process exits anyway, which is as safe as a crash (uncommitted
 * offsets are redelivered and deduplicated, outbox rows stay for the next relay).
 */
const STOP_DEADLINE_MS = 10_000;

/** Runs `start` and stops the service cleanly on SIGINT/SIGTERM; exits non-zero if it fails. */
export function runMain(name: string, start: () => Promise<Pick<RunningService, "stop">>): void {
  supervised = true;
  start()
    .then((svc) => {
      const stop = () => {
        setTimeout(() => {
          process.stderr.write(`${name}: a graceful stop took over ${STOP_DEADLINE_MS} ms; exiting without it\n`);
          process.exit(1);
        }, STOP_DEADLINE_MS).unref();
        svc.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    })
    .catch((err) => {
      process.stderr.write(
        `${name} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    });
}
