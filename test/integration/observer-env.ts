// An observer in this process for one test: its own database, topic prefix and consumer groups,
// watching the bank-transfer example (examples/bank-transfer/saga.yaml) under that prefix.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Kafka, Producer } from "kafkajs";
import type { SagaDetail, SagaInstanceSummary, SagaInstanceView, SagaSummary } from "../../contracts/sagas";
import { ensureDatabase } from "../../server/embedded/postgres";
import { connectProducer } from "../../services/kit/kafka/client";
import { observerConfigSchema } from "../../services/observer/config";
import { startObserver, type RunningObserver } from "../../services/observer/main";
import { deleteTestResources, testKafka } from "../kafka";

export type ObserverEnv = {
  prefix: string;
  kafka: Kafka;
  producer: Producer;
  topics: { transfers: string; ledger: string };
  observer(): RunningObserver;
  start(): Promise<void>;
  restart(): Promise<void>;
  get<T>(path: string): Promise<{ status: number; body: T }>;
  detail(): Promise<SagaDetail>;
  list(): Promise<SagaSummary[]>;
  instances(query?: string): Promise<SagaInstanceSummary[]>;
  instance(id: string): Promise<SagaInstanceView | null>;
  stop(): Promise<void>;
};

/** The example's definition with its topics and groups under `prefix`, and another time-out. */
export function exampleDefinition(prefix: string, timeoutMs: number): string {
  return readFileSync("examples/bank-transfer/saga.yaml", "utf8")
    .replaceAll(/topic: bank\./g, `topic: ${prefix}bank.`)
    .replaceAll(/groups: \[bank-/g, `groups: [${prefix}bank-`)
    .replace(/timeoutMs: \d+/, `timeoutMs: ${timeoutMs}`);
}

export async function startObserverEnv(opts: { timeoutMs?: number; maxValueBytes?: number; builtIn?: boolean } = {}): Promise<ObserverEnv> {
  const id = `o${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const prefix = `${id}.`;
  const base = new URL(process.env.TEST_DATABASE_URL ?? "");
  const dbUrl = Object.assign(new URL(base), { pathname: `/${id}_observer` }).toString();
  await ensureDatabase(dbUrl);
  const kafka = testKafka(`${id}-test`, { quiet: true });
  const producer = await connectProducer(kafka);
  const definition = exampleDefinition(prefix, opts.timeoutMs ?? 60_000);
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
  });
  const readFile = (p: string) => (p === "bank.yaml" ? definition : readFileSync(p, "utf8"));
  let running: RunningObserver | null = null;
  const url = (path: string) => `http://127.0.0.1:${running!.port}${path}`;
  const get = async <T>(path: string) => {
    const r = await fetch(url(path));
    return { status: r.status, body: (await r.json()) as T };
  };
  const env: ObserverEnv = {
    prefix,
    kafka,
    producer,
    topics: { transfers: `${prefix}bank.transfers`, ledger: `${prefix}bank.ledger` },
    observer: () => running!,
    async start() {
      running = await startObserver(config, { readFile });
    },
    async restart() {
      await running?.stop();
      running = await startObserver(config, { readFile });
    },
    get,
    detail: async () => (await get<SagaDetail>("/sagas/bank-transfer")).body,
    list: async () => (await get<SagaSummary[]>("/sagas")).body,
    instances: async (query = "") => (await get<SagaInstanceSummary[]>(`/sagas/bank-transfer/instances${query}`)).body,
    async instance(iid) {
      const r = await get<SagaInstanceView>(`/sagas/bank-transfer/instances/${encodeURIComponent(iid)}`);
      return r.status === 404 ? null : r.body;
    },
    async stop() {
      await running?.stop();
      await producer.disconnect();
      await deleteTestResources(prefix, kafka);
    },
  };
  return env;
}
