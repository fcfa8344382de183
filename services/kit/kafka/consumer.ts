// Runs one consumer group: validates every message against the contracts, calls the typed
// handler for its topic, retries retriable failures in place and dead-letters the rest.
// kafkajs commits an offset only after eachMessage returns, i.e. after the handler's commit.
import type { Consumer, IHeaders, Kafka, Producer } from "kafkajs";
import { randomUUID } from "node:crypto";
import {
  logicalTopic,
  makeEnvelope,
  parseEnvelope,
  physicalTopic,
  type Envelope,
  type ServiceName,
  type TopicName,
} from "../../../contracts";
import { SagaError, toSagaError } from "../errors";
import type { Logger } from "../log";

export type MessageContext = {
  topic: TopicName;
  partition: number;
  offset: string;
  key: string | null;
  /** Broker (or producer create) timestamp of the record. */
  timestamp: Date;
  receivedAt: Date;
  headers: Record<string, string>;
};

export type TopicHandlers = { [T in TopicName]?: (event: Envelope<T>, ctx: MessageContext) => Promise<void> };

export type ConsumerOptions = {
  kafka: Kafka;
  service: ServiceName;
  groupId: string;
  topicPrefix: string;
  handlers: TopicHandlers;
  dlqProducer: Producer;
  maxAttempts: number;
  retryBaseMs: number;
  partitionsConsumedConcurrently: number;
  log: Logger;
  fromBeginning?: boolean;
};

export type RunningConsumer = { consumer: Consumer; stop(): Promise<void>; deadLettered(): number };

export function headersToStrings(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (v !== undefined) out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  return out;
}

export async function runConsumer(opts: ConsumerOptions): Promise<RunningConsumer> {
  const consumer = opts.kafka.consumer({
    groupId: opts.groupId,
    sessionTimeout: 15_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 50,
    retry: { retries: 10 },
  });
  const topics = (Object.keys(opts.handlers) as TopicName[]).map((t) => physicalTopic(t, opts.topicPrefix));
  let deadLettered = 0;
  let stopping = false;

  async function deadLetter(ctx: MessageContext, raw: string, error: SagaError, attempts: number, orderId: string | null, causationId: string | null) {
    const envelope = makeEnvelope({
      eventId: randomUUID(),
      type: "saga-dlq",
      orderId: orderId ?? ctx.key ?? "unknown",
      causationId,
      producer: opts.service,
      occurredAt: new Date(),
      payload: {
        service: opts.service,
        sourceTopic: ctx.topic,
        partition: ctx.partition,
        offset: ctx.offset,
        key: ctx.key,
        attempts,
        error: { code: error.code, message: error.message.slice(0, 2000) },
        original: raw.slice(0, 100_000),
      },
    });
    await opts.dlqProducer.send({
      topic: physicalTopic("saga-dlq", opts.topicPrefix),
      messages: [{ key: envelope.orderId, value: JSON.stringify(envelope) }],
    });
    deadLettered++;
    opts.log.warn("message dead-lettered", { topic: ctx.topic, offset: ctx.offset, code: error.code, error: error.message });
  }

  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: opts.fromBeginning ?? true });
  await consumer.run({
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
    eachMessage: async ({ topic, partition, message, heartbeat }) => {
      const logical = logicalTopic(topic, opts.topicPrefix);
      if (!logical) return;
      const ctx: MessageContext = {
        topic: logical,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        timestamp: new Date(Number(message.timestamp)),
        receivedAt: new Date(),
        headers: headersToStrings(message.headers),
      };
      const raw = message.value?.toString() ?? "";
      const parsed = parseEnvelope(message.value, logical);
      if (!parsed.ok) {
        const err = new SagaError("INVALID_EVENT", parsed.issues.join("; "));
        await deadLetter(ctx, raw, err, 0, null, null);
        return;
      }
      const handler = opts.handlers[logical] as (e: Envelope, c: MessageContext) => Promise<void>;
      for (let attempt = 1; ; attempt++) {
        try {
          await handler(parsed.envelope, ctx);
          return;
        } catch (err) {
          const error = toSagaError(err);
          if (!error.retriable || attempt >= opts.maxAttempts || stopping) {
            if (stopping && error.retriable) throw error; // leave uncommitted; redelivered after restart
            await deadLetter(ctx, raw, error, attempt, parsed.envelope.orderId, parsed.envelope.eventId);
            return;
          }
          opts.log.warn("handler failed; retrying", { topic, offset: message.offset, attempt, code: error.code, error: error.message });
          await new Promise((r) => setTimeout(r, opts.retryBaseMs * 2 ** (attempt - 1)));
          await heartbeat();
        }
      }
    },
  });

  return {
    consumer,
    deadLettered: () => deadLettered,
    async stop() {
      stopping = true;
      await consumer.disconnect();
    },
  };
}
