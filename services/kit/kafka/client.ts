// Builds every kafkajs client of the project (services, relay, bridge, bench, tests) from one
// configuration: the connection (brokers, TLS, SASL: connection.ts), the producer and the consumer options.
import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type ConsumerConfig,
  type KafkaConfig,
  type Producer,
  type RecordMetadata,
  type SASLOptions,
} from "kafkajs";
import pLimit from "p-limit";
import { kafkaConnectionSchema, type KafkaConnection } from "./connection";
import "./kafkajs-idle-fix";
import "./kafkajs-tls-fail-fast";
import { oauthBearerProvider } from "./oauth-token";

export { kafkaConnectionSchema, kafkaConnectionShape, toKafkaConnection, type KafkaConnection } from "./connection";

function saslOptions(sasl: NonNullable<KafkaConnection["sasl"]>): SASLOptions {
  return sasl.mechanism === "oauthbearer"
    ? { mechanism: "oauthbearer", oauthBearerProvider: oauthBearerProvider(sasl.oauth) }
    : sasl;
}

export function createKafka(
  conn: KafkaConnection,
  clientId: string,
  opts: { quiet?: boolean; retries?: number } = {},
): Kafka {
  const config: KafkaConfig = {
    clientId,
    brokers: conn.brokers,
    logLevel: opts.quiet ? logLevel.NOTHING : logLevel.ERROR,
    connectionTimeout: 3000,
    // Outlasts a partition leader's failover on a three-broker cluster (a few seconds).
    retry: { initialRetryTime: 100, retries: opts.retries ?? 10, maxRetryTime: 5000 },
  };
  if (conn.ssl) config.ssl = conn.ssl;
  if (conn.sasl) config.sasl = saslOptions(conn.sasl);
  return new Kafka(config);
}

/** Parses KAFKA_* of an environment and builds a client (scripts, bench, tests). */
export function kafkaFromEnv(env: NodeJS.ProcessEnv, clientId: string, opts?: { quiet?: boolean }): Kafka {
  return createKafka(kafkaConnectionSchema.parse(env), clientId, opts);
}

/**
 * The producer every process uses: acks from all in-sync replicas, topics never created by a
 * send, one request at a time (a retried send cannot overtake the next; the relay sends a whole
 * pass in one sendBatch). Not kafkajs's idempotent mode: on three brokers, after the whole
 * cluster restarted, it kept failing every send, so the relays never emptied their outboxes (fault
 * suite, 2026-12-02). A record sent twice by a retry is absorbed by the consumers' inboxes,
 * which the saga relies on anyway (at-least-once delivery).
 */
export async function connectProducer(kafka: Kafka): Promise<Producer> {
  // kafkajs keeps a retried send's answers per broker (producer/sendMessages.js): when a partition's
  // leader moved to a broker that had already answered, its records are never sent and the send
  // resolves all the same. So every partition the partitioner chose must be in the answer, or the
  // send fails (the relay then sends its whole batch again).
  let placed = new Map<object, string>();
  const partitioner = Partitioners.DefaultPartitioner();
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    maxInFlightRequests: 1,
    retry: { retries: 10, maxRetryTime: 5000 },
    createPartitioner: () => (args) => {
      const partition = partitioner(args);
      placed.set(args.message, `${args.topic}[${partition}]`);
      return partition;
    },
  });
  await producer.connect();
  const one = pLimit(1);
  const send = producer.send.bind(producer);
  const sendBatch = producer.sendBatch.bind(producer);
  const whole = async (run: () => Promise<RecordMetadata[]>) => {
    placed = new Map();
    const answer = await run();
    const answered = new Set(answer.map((r) => `${r.topicName}[${r.partition}]`));
    const unsent = [...new Set(placed.values())].filter((p) => !answered.has(p));
    if (unsent.length > 0) throw new Error(`kafkajs left ${unsent.join(", ")} out of a retried send`);
    return answer;
  };
  producer.send = (record) => one(() => whole(() => send({ acks: -1, ...record })));
  producer.sendBatch = (batch) => one(() => whole(() => sendBatch({ acks: -1, ...batch })));
  return producer;
}

/**
 * Consumer options of every group. A fetch returns as soon as a record is there (minBytes 1), so
 * the wait only bounds an idle poll: short enough for pause and stop to take effect quickly.
 */
export const CONSUMER_DEFAULTS = {
  sessionTimeout: 15_000,
  heartbeatInterval: 1_000,
  maxWaitTimeInMs: 500,
  retry: { retries: 10 },
} as const satisfies Partial<ConsumerConfig>;

export function createConsumer(kafka: Kafka, groupId: string, overrides: Partial<ConsumerConfig> = {}): Consumer {
  return kafka.consumer({ ...CONSUMER_DEFAULTS, ...overrides, groupId });
}
