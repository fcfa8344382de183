// An observer in this process for one test: its own database, topic prefix and consumer groups,
// watching the bank-transfer example (examples/bank-transfer/saga.yaml) under that prefix, or
// another definition the test gives.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Kafka, Producer } from "kafkajs";
import type { SagaDetail, SagaInstanceSummary, SagaInstanceView, SagaSummary } from "../../contracts/sagas";
import { ensureDatabase } from "../../server/embedded/postgres";
import { connectProducer } from "../../services/kit/kafka/client";
import { createMetricsRegistry, type MetricsRegistry } from "../../services/kit/metrics";
import { observerConfigSchema } from "../../services/observer/config";
import { startObserver, type RunningObserver } from "../../services/observer/main";
import { deleteTestResources, testKafka } from "../kafka";

/** One observer's HTTP API, as the web's gateway and Prometheus see it. */
export type ObserverClient = {
  get<T>(path: string, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  detail(): Promise<SagaDetail>;
  list(): Promise<SagaSummary[]>;
  instances(query?: string): Promise<SagaInstanceSummary[]>;
  instance(id: string, run?: number): Promise<SagaInstanceView | null>;
  /** GET /metrics as text. */
  metrics(): Promise<string>;
};

/** Another observer on the same database and consumer groups: the group scaled out. */
export type ObserverReplica = ObserverClient & {
  running: RunningObserver;
  registry: MetricsRegistry;
  stop(): Promise<void>;
};

export type ObserverEnv = ObserverClient & {
  prefix: string;
  kafka: Kafka;
  producer: Producer;
  topics: { transfers: string; ledger: string };
  observer(): RunningObserver;
  /** The registry of the observer last started (each start builds a new one, as a process does). */
  registry(): MetricsRegistry;
  start(): Promise<void>;
  restart(): Promise<void>;
  replica(): Promise<ObserverReplica>;
  stop(): Promise<void>;
};

function observerClient(port: () => number, saga: string): ObserverClient {
  const get = async <T>(path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`http://127.0.0.1:${port()}${path}`, { headers });
    return { status: r.status, body: (await r.json()) as T };
  };
  return {
    get,
    detail: async () => (await get<SagaDetail>(`/sagas/${saga}`)).body,
    list: async () => (await get<SagaSummary[]>("/sagas")).body,
    instances: async (query = "") => (await get<SagaInstanceSummary[]>(`/sagas/${saga}/instances${query}`)).body,
    async instance(iid, run) {
      const r = await get<SagaInstanceView>(
        `/sagas/${saga}/instances/${encodeURIComponent(iid)}${run ? `?run=${run}` : ""}`,
      );
      return r.status === 404 ? null : r.body;
    },
    async metrics() {
      const r = await fetch(`http://127.0.0.1:${port()}/metrics`);
      if (r.status !== 200) throw new Error(`/metrics answered ${r.status}`);
      return r.text();
    },
  };
}

/** The example's definition with its topics and groups under `prefix`, and another time-out. */
export function exampleDefinition(prefix: string, timeoutMs: number): string {
  return readFileSync("examples/bank-transfer/saga.yaml", "utf8")
    .replaceAll(/topic: bank\./g, `topic: ${prefix}bank.`)
    .replaceAll(/groups: \[bank-/g, `groups: [${prefix}bank-`)
    .replace(/timeoutMs: \d+/, `timeoutMs: ${timeoutMs}`);
}

/** A saga to watch instead of the bank example: its name, and its file's text with topics under `prefix`. */
export type WatchedDefinition = { name: string; text(prefix: string): string };

export async function startObserverEnv(
  opts: {
    timeoutMs?: number;
    maxValueBytes?: number;
    builtIn?: boolean;
    saga?: WatchedDefinition;
    env?: Record<string, string>;
  } = {},
): Promise<ObserverEnv> {
  const id = `o${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const prefix = `${id}.`;
  const base = new URL(process.env.TEST_DATABASE_URL ?? "");
  const dbUrl = Object.assign(new URL(base), { pathname: `/${id}_observer` }).toString();
  await ensureDatabase(dbUrl);
  const kafka = testKafka(`${id}-test`, { quiet: true });
  const producer = await connectProducer(kafka);
  const definition = opts.saga ? opts.saga.text(prefix) : exampleDefinition(prefix, opts.timeoutMs ?? 60_000);
  const sagaName = opts.saga?.name ?? "bank-transfer";
  const config = observerConfigSchema.parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: prefix,
    GROUP_PREFIX: prefix,
    OBSERVER_DATABASE_URL: dbUrl,
    OBSERVER_PORT: "0",
    SAGA_DEFINITIONS: "bank.yaml",
    OBSERVER_BUILT_IN: opts.builtIn ? "1" : "0",
    OBSERVER_CLUSTER_POLL_MS: "200",
    OBSERVER_MAX_VALUE_BYTES: String(opts.maxValueBytes ?? 65536),
    CONSUMER_RETRY_BASE_MS: "50",
    LOG_LEVEL: "error",
    ...opts.env,
  });
  const readFile = (p: string) => (p === "bank.yaml" ? definition : readFileSync(p, "utf8"));
  const launch = async () => {
    const registry = createMetricsRegistry("observer");
    return { registry, running: await startObserver(config, { readFile, metrics: registry }) };
  };
  let current: Awaited<ReturnType<typeof launch>> | null = null;
  const replicas: ObserverReplica[] = [];
  const env: ObserverEnv = {
    ...observerClient(() => current!.running.port, sagaName),
    prefix,
    kafka,
    producer,
    topics: { transfers: `${prefix}bank.transfers`, ledger: `${prefix}bank.ledger` },
    observer: () => current!.running,
    registry: () => current!.registry,
    async start() {
      current = await launch();
    },
    async restart() {
      await current?.running.stop();
      current = await launch();
    },
    async replica() {
      const { registry, running } = await launch();
      const r: ObserverReplica = {
        ...observerClient(() => running.port, sagaName),
        running,
        registry,
        stop: () => running.stop(),
      };
      replicas.push(r);
      return r;
    },
    async stop() {
      await Promise.allSettled([current?.running.stop(), ...replicas.map((r) => r.stop())]);
      await producer.disconnect();
      await deleteTestResources(prefix, kafka);
    },
  };
  return env;
}
