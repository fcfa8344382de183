// The event envelope of saga.md, and the typed constructor used by every producer.
import { z } from "zod";
import {
  payloads,
  SafeId,
  SERVICES,
  TopicNameSchema,
  type PayloadOf,
  type ServiceName,
  type TopicName,
} from "./topics";

export const EnvelopeSchema = z.object({
  eventId: z.uuid(),
  type: TopicNameSchema,
  orderId: SafeId,
  causationId: z.uuid().nullable(),
  occurredAt: z.iso.datetime(),
  producer: z.enum(SERVICES),
  version: z.literal(1),
  payload: z.unknown(),
});

export type Envelope<T extends TopicName = TopicName> = {
  eventId: string;
  type: T;
  orderId: string;
  causationId: string | null;
  occurredAt: string;
  producer: ServiceName;
  version: 1;
  payload: PayloadOf<T>;
};

export type AnyEnvelope = { [T in TopicName]: Envelope<T> }[TopicName];

export type EnvelopeParse = { ok: true; envelope: AnyEnvelope } | { ok: false; issues: string[] };

function describe(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((i) => `${[prefix, ...i.path].filter(Boolean).join(".")}: ${i.message}`);
}

/** Parses a raw Kafka value; checks the envelope, then the payload against its topic's schema. */
export function parseEnvelope(raw: string | Buffer | null, expectedType?: TopicName): EnvelopeParse {
  if (raw === null) return { ok: false, issues: ["value: empty message"] };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    return { ok: false, issues: ["value: not JSON"] };
  }
  return checkEnvelope(json, expectedType);
}

/** Checks an already parsed value as parseEnvelope does (the observer keeps values parsed). */
export function checkEnvelope(json: unknown, expectedType?: TopicName): EnvelopeParse {
  const env = EnvelopeSchema.safeParse(json);
  if (!env.success) return { ok: false, issues: describe(env.error, "") };
  if (expectedType && env.data.type !== expectedType) {
    return { ok: false, issues: [`type: expected ${expectedType}, got ${env.data.type}`] };
  }
  const payload = payloads[env.data.type].safeParse(env.data.payload);
  if (!payload.success) return { ok: false, issues: describe(payload.error, "payload") };
  return { ok: true, envelope: { ...env.data, payload: payload.data } as AnyEnvelope };
}

export type NewEvent<T extends TopicName> = {
  eventId: string;
  type: T;
  orderId: string;
  causationId: string | null;
  producer: ServiceName;
  payload: PayloadOf<T>;
  occurredAt: Date;
};

export function makeEnvelope<T extends TopicName>(e: NewEvent<T>): Envelope<T> {
  return {
    eventId: e.eventId,
    type: e.type,
    orderId: e.orderId,
    causationId: e.causationId,
    occurredAt: e.occurredAt.toISOString(),
    producer: e.producer,
    version: 1,
    payload: payloads[e.type].parse(e.payload) as PayloadOf<T>,
  };
}

/** The header a reaction's record carries: when its handler received the causing event (ISO-8601). */
export const CONSUMED_AT_HEADER = "x-consumed-at";
