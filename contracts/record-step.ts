// One reading of a Kafka record of the built-in saga as a journey step, and the one folding of
// a journey's records into its steps. The journey (the gateway, from the observer's records),
// the live feed (the bridge, straight from Kafka), the observer's hop metrics and the operator's
// duplicate all read a record here. Pure, so the pages can import it too.
import type { SagaStep } from "./api";
import { CONSUMED_AT_HEADER, checkEnvelope, type EnvelopeParse } from "./envelope";
import { recordId } from "./socket";
import { logicalTopic } from "./topics";

type HeaderValue = string | Uint8Array | readonly (string | Uint8Array)[] | undefined;

/** A record as the observer stored it (`value` parsed) or as Kafka handed it over (`bytes`). */
export type StepRecord = {
  /** The topic's name on the cluster (under the deployment's prefix). */
  topic: string;
  partition: number;
  offset: string;
  /** The Kafka timestamp: a Date, ISO text (the observer's API) or milliseconds since the epoch. */
  at: Date | string | number;
  headers: Readonly<Record<string, HeaderValue>>;
  truncated?: boolean;
} & ({ value: unknown } | { bytes: Uint8Array | null });

export type StepReading = { ok: true; step: SagaStep } | { ok: false; issues: string[] };

const utf8 = new TextDecoder();

function headerText(v: HeaderValue): string | null {
  const first = Array.isArray(v) ? v[0] : (v as string | Uint8Array | undefined);
  if (first === undefined) return null;
  return typeof first === "string" ? first : utf8.decode(first);
}

function envelopeOf(record: StepRecord, topic: Parameters<typeof checkEnvelope>[1]): EnvelopeParse {
  if (record.truncated) return { ok: false, issues: ["value: above the observer's size limit"] };
  if (!("bytes" in record)) return checkEnvelope(record.value, topic);
  if (record.bytes === null) return { ok: false, issues: ["value: empty message"] };
  try {
    return checkEnvelope(JSON.parse(utf8.decode(record.bytes)), topic);
  } catch {
    return { ok: false, issues: ["value: not JSON"] };
  }
}

const iso = (at: Date | string | number): string => new Date(at).toISOString();

/**
 * The record as a step: its value must be a valid envelope of the record's own topic.
 * `causeConsumedAt` is the consumed-at header (when the producing handler received the cause),
 * null when absent or not a time.
 */
export function readRecordStep(record: StepRecord, topicPrefix: string): StepReading {
  const topic = logicalTopic(record.topic, topicPrefix);
  if (!topic) return { ok: false, issues: [`topic: ${record.topic} is not a saga topic`] };
  const parsed = envelopeOf(record, topic);
  if (!parsed.ok) return parsed;
  const e = parsed.envelope;
  const consumed = headerText(record.headers[CONSUMED_AT_HEADER]);
  const consumedMs = consumed === null ? Number.NaN : Date.parse(consumed);
  return {
    ok: true,
    step: {
      eventId: e.eventId,
      topic,
      partition: record.partition,
      offset: record.offset,
      producer: e.producer,
      causationId: e.causationId,
      occurredAt: e.occurredAt,
      brokerTimestamp: iso(record.at),
      causeConsumedAt: Number.isNaN(consumedMs) ? null : new Date(consumedMs).toISOString(),
      envelope: e,
    },
  };
}

/** The record as a step, or null when it is not one (readRecordStep says why). */
export function recordStep(record: StepRecord, topicPrefix: string): SagaStep | null {
  const r = readRecordStep(record, topicPrefix);
  return r.ok ? r.step : null;
}

/** Where a record is (the live feed's record id): the same record from two sources is one record. */
export const recordKey = (s: Pick<SagaStep, "topic" | "partition" | "offset">): string =>
  recordId(s.topic, s.partition, s.offset);

/** Earlier Kafka timestamp first, then the position: every reader keeps the same copy. */
function earlier(a: SagaStep, b: SagaStep): boolean {
  const t = Date.parse(a.brokerTimestamp) - Date.parse(b.brokerTimestamp);
  if (t !== 0) return t < 0;
  return recordKey(a) < recordKey(b);
}

export type FoldedSteps = {
  /** One step per event: its earliest copy. */
  unique: SagaStep[];
  /** Every other record of those events. */
  duplicates: SagaStep[];
  /** Per eventId, how many duplicates it had. */
  copies: Map<string, number>;
};

/**
 * The one de-duplication of a journey, keyed by the envelope's eventId. The outbox relay
 * publishes an event again, at a new offset with the same eventId, when it crashed between
 * Kafka's acknowledgement and its commit; the operator's duplicate does the same on purpose.
 * Every consumer's inbox takes such copies as one event (processed_events, by eventId), so the
 * journey does too: a step is an event, and each further record of it is a duplicate record.
 * A key by position would make each copy a step of its own. The same record given twice (the
 * stored journey and the live feed both hold it) is not a copy: it is kept once.
 */
export function foldSteps(records: readonly SagaStep[]): FoldedSteps {
  const byRecord = new Map<string, SagaStep>();
  for (const r of records) if (!byRecord.has(recordKey(r))) byRecord.set(recordKey(r), r);
  const first = new Map<string, SagaStep>();
  for (const r of byRecord.values()) {
    const seen = first.get(r.eventId);
    if (!seen || earlier(r, seen)) first.set(r.eventId, r);
  }
  const duplicates = [...byRecord.values()].filter((r) => first.get(r.eventId) !== r);
  const copies = new Map<string, number>();
  for (const d of duplicates) copies.set(d.eventId, (copies.get(d.eventId) ?? 0) + 1);
  return { unique: [...first.values()], duplicates, copies };
}
