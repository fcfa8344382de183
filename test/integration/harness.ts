// Starts the four services, the saga observer and the web origin's request pipeline in this
// process against the real broker and PostgreSQL that scripts/with-infra.ts provides, each
// environment with its own topics (a prefix), consumer groups and databases, so test files never
// see each other's events or rows. An order's journey is read as the browser reads it: from the
// web origin, which joins the order service's order and the observer's records.
import { randomUUID } from "node:crypto";
import type { Kafka, Producer } from "kafkajs";
import pg from "pg";
import {
  checkConservation,
  physicalTopic,
  SERVICES,
  type Holdings,
  type InvariantReport,
  type OrderView,
  type ProductView,
  type ServiceName,
  type TopicName,
  type UserView,
} from "../../contracts";
import { ensureDatabase } from "../../server/embedded/postgres";
import { serviceConfigSchema, type ServiceConfig } from "../../services/kit/config";
import type { RunningService } from "../../services/kit/runtime";
import { startBalanceService } from "../../services/balance/main";
import type { ExternalPlatform } from "../../services/notification/application/ports";
import { startNotificationService } from "../../services/notification/main";
import { startOrderService } from "../../services/order/main";
import { startStockService } from "../../services/stock/main";
import { createMetricsRegistry } from "../../services/kit/metrics";
import { observerConfigSchema } from "../../services/observer/config";
import { startObserver, type RunningObserver } from "../../services/observer/main";
import { createSagaTopics, deleteTestResources, testKafka } from "../kafka";
import { startGateway, type TestGateway } from "./gateway-server";

export type SagaEnv = {
  id: string;
  prefix: string;
  kafka: Kafka;
  producer: Producer;
  services: Record<ServiceName, RunningService>;
  observer: RunningObserver;
  /** The web origin's pipeline (browser guard, /api gateway) in front of the services and the observer. */
  web: TestGateway;
  db: Record<ServiceName, pg.Pool>;
  url(service: ServiceName, path: string): string;
  placeOrder(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  order(orderId: string): Promise<OrderView | null>;
  waitForOrder(orderId: string, until: (o: OrderView) => boolean, what?: string): Promise<OrderView>;
  publishRaw(topic: TopicName, key: string | null, value: string): Promise<void>;
  conservation(): Promise<InvariantReport>;
  stop(): Promise<void>;
};

export type EnvOptions = {
  products: { id: string; name: string; price: number; stock: number }[];
  users: { id: string; name: string; balance: number }[];
  platform?: ExternalPlatform;
  maxAttempts?: number;
  sagaTimeoutMs?: number;
  /** Export OpenTelemetry traces to this OTLP/HTTP endpoint (batches every `exportDelayMs`, default 200). */
  tracing?: { endpoint: string; exportDelayMs?: number };
  /** More service settings (every service), e.g. ADMISSION_MIN_IN_FLIGHT. */
  env?: Record<string, string>;
};

function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} is not set: run integration tests through scripts/with-infra.ts (npm run test:integration)`,
    );
  return v;
}

/** Polls a condition (never a fixed sleep) until it holds or the deadline passes. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startSagaEnv(opts: EnvOptions): Promise<SagaEnv> {
  const id = `t${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const prefix = `${id}.`;
  const brokers = requireEnv("KAFKA_BROKERS");
  const base = new URL(requireEnv("TEST_DATABASE_URL"));
  const dbUrl = (s: ServiceName) => Object.assign(new URL(base), { pathname: `/${id}_${s}` }).toString();
  const observerDb = Object.assign(new URL(base), { pathname: `/${id}_observer` }).toString();
  await Promise.all([...SERVICES.map((s) => ensureDatabase(dbUrl(s))), ensureDatabase(observerDb)]);
  const kafka = testKafka(`${id}-test`);
  await createSagaTopics(prefix, { kafka });

  const config = (s: ServiceName): ServiceConfig =>
    serviceConfigSchema(s).parse({
      KAFKA_BROKERS: brokers,
      TOPIC_PREFIX: prefix,
      GROUP_PREFIX: prefix,
      DATABASE_URL: dbUrl(s),
      PORT: "0",
      CONSUMER_MAX_ATTEMPTS: String(opts.maxAttempts ?? 3),
      CONSUMER_RETRY_BASE_MS: "50",
      OUTBOX_POLL_MS: "100",
      SAGA_TIMEOUT_MS: String(opts.sagaTimeoutMs ?? 60_000),
      LOG_LEVEL: "error",
      ...(opts.tracing && {
        OTEL_EXPORTER_OTLP_ENDPOINT: opts.tracing.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: String(opts.tracing.exportDelayMs ?? 200),
      }),
      ...opts.env,
    });
  const [order, stock, balance, notification] = await Promise.all([
    startOrderService(config("order")),
    startStockService(config("stock"), { products: opts.products }),
    startBalanceService(config("balance"), { users: opts.users }),
    startNotificationService(config("notification"), { platform: opts.platform }),
  ]);
  const services = { order, stock, balance, notification };
  const observer = await startObserver(
    observerConfigSchema.parse({
      KAFKA_BROKERS: brokers,
      TOPIC_PREFIX: prefix,
      GROUP_PREFIX: prefix,
      OBSERVER_DATABASE_URL: observerDb,
      OBSERVER_PORT: "0",
      OBSERVER_CLUSTER_POLL_MS: "500",
      CONSUMER_RETRY_BASE_MS: "50",
      LOG_LEVEL: "error",
    }),
    { metrics: createMetricsRegistry("observer") },
  );
  const db = Object.fromEntries(
    SERVICES.map((s) => [s, new pg.Pool({ connectionString: dbUrl(s), max: 2 })]),
  ) as Record<ServiceName, pg.Pool>;
  const producer = kafka.producer();
  await producer.connect();

  const url = (s: ServiceName, path: string) => `http://127.0.0.1:${services[s].port}${path}`;
  const web = await startGateway({ prefix, url, observer });
  const getJson = async <T>(s: ServiceName, path: string): Promise<T> =>
    (await (await fetch(url(s, path))).json()) as T;
  const env: SagaEnv = {
    id,
    prefix,
    kafka,
    producer,
    services,
    observer,
    web,
    db,
    url,
    async placeOrder(body) {
      const r = await fetch(url("order", "/orders"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    },
    async order(orderId) {
      const r = await fetch(`${web.base}/api/orders/${orderId}`);
      return r.status === 404 ? null : ((await r.json()) as OrderView);
    },
    waitForOrder(orderId, until, what = "the order's condition") {
      return waitFor(async () => {
        const o = await env.order(orderId);
        return o && until(o) ? o : null;
      }, `${what} (order ${orderId})`);
    },
    async publishRaw(topic, key, value) {
      await producer.send({ topic: physicalTopic(topic, prefix), messages: [{ key, value }] });
    },
    async conservation() {
      const [products, users, holdings] = await Promise.all([
        getJson<ProductView[]>("stock", "/products"),
        getJson<UserView[]>("balance", "/users"),
        getJson<Holdings>("order", "/holdings"),
      ]);
      return checkConservation(products, users, holdings);
    },
    async stop() {
      await producer.disconnect();
      web.close();
      await Promise.allSettled([...Object.values(services), observer].map((s) => s.stop()));
      await Promise.all(Object.values(db).map((p) => p.end()));
      await deleteTestResources(prefix, kafka);
    },
  };
  return env;
}

/** Waits until a service's consumer group has committed past `offset` on a partition. */
export async function committedPast(
  env: SagaEnv,
  service: ServiceName,
  topic: TopicName,
  partition: number,
  offset: string,
): Promise<void> {
  const admin = env.kafka.admin();
  await admin.connect();
  try {
    await waitFor(async () => {
      const [t] = await admin.fetchOffsets({
        groupId: `${env.prefix}${service}`,
        topics: [physicalTopic(topic, env.prefix)],
      });
      const p = t?.partitions.find((x) => x.partition === partition);
      return p && BigInt(p.offset) > BigInt(offset);
    }, `${service} to commit ${topic}[${partition}] past ${offset}`);
  } finally {
    await admin.disconnect();
  }
}

export const isTerminal = (o: OrderView) => o.status !== "PENDING";
/** The order is terminal and its notification-send (in orchestration, the reply carrying it) is in its journey: the saga is quiet. */
export const isSettled = (o: OrderView) =>
  isTerminal(o) &&
  o.steps.some(
    (s) =>
      s.topic === "notification-send" ||
      (s.envelope.type === "saga-reply" && s.envelope.payload.outcome === "notification-send"),
  );
