// Reads a sample of topics for discovery (attach.md, "Proposing a definition from the traffic")
// without writing to them and without leaving a consumer group behind: kafkajs reads only
// through a group, so each sample has its own (`…discover-<uuid>`), never commits an offset, and
// is deleted once its consumer has left, on error and on timeout too. Reads from the earliest
// kept offset at most `maxRecords` a topic, and for at most `seconds` more while records arrive;
// a hard time limit makes every sample answer.
import { randomUUID } from "node:crypto";
import type { Admin, Kafka, KafkaMessage } from "kafkajs";
import { SagaError } from "../../kit/errors";
import type { Logger } from "../../kit/log";
import { settlesWithin } from "../../kit/abandonable";
import type { SampledRecord } from "../domain/discovery/fields";
import type { RegistryDecoder } from "./registry-decoder";

export type SampleRequest = { topics: string[]; maxRecords: number; seconds: number };
export type Sample = {
  records: SampledRecord[];
  /** Per topic, values neither JSON nor decodable. */
  unreadable: Record<string, number>;
  /** The hard time limit stopped it before the sample was whole. */
  cut: boolean;
};

/** Time given beyond `seconds` to join the group and read what was there at the start. */
export const SAMPLE_GRACE_MS = 12_000;
/** A value above this is not parsed (it counts as unreadable). */
const MAX_PARSED_BYTES = 256 * 1024;
const REGISTRY_FORMATS = ["avro", "protobuf", "jsonschema"] as const;

const utf8 = new TextDecoder("utf-8", { fatal: true });

function headerText(headers: KafkaMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(headers ?? {})) {
    const one = Array.isArray(v) ? v[0] : v;
    if (one === undefined) continue;
    try {
      out[name] = typeof one === "string" ? one : utf8.decode(one);
    } catch {
      // not text: left out
    }
  }
  return out;
}

async function valueOf(
  topic: string,
  bytes: Buffer | null,
  registry: RegistryDecoder | null,
  signal: AbortSignal,
): Promise<unknown> {
  if (bytes === null || bytes.length > MAX_PARSED_BYTES) return undefined;
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    // not JSON text: the registry's wire format perhaps (magic byte 0, schema id)
  }
  if (!registry || bytes.length < 5 || bytes[0] !== 0) return undefined;
  for (const format of REGISTRY_FORMATS) {
    const d = await registry.decode(topic, format, bytes, signal).catch(() => ({ ok: false as const }));
    if (d.ok) return d.value;
  }
  return undefined;
}

export type TopicSampler = { sample(req: SampleRequest): Promise<Sample> };

export function topicSampler(opts: {
  kafka: Kafka;
  /** The prefix of the sample's group (the observer's group prefix). */
  groupPrefix: string;
  registry: RegistryDecoder | null;
  log: Logger;
}): TopicSampler {
  return {
    async sample(req) {
      const started = Date.now();
      const moreUntil = started + req.seconds * 1000;
      const hardStop = moreUntil + SAMPLE_GRACE_MS;
      const admin = opts.kafka.admin({ retry: { retries: 2 } });
      await admin.connect();
      // Where each partition ends as of the start: read up to there at least.
      const target = new Map<string, bigint>();
      try {
        for (const topic of req.topics)
          for (const p of await admin.fetchTopicOffsets(topic))
            if (BigInt(p.high) > BigInt(p.low)) target.set(`${topic}:${p.partition}`, BigInt(p.high));
      } catch (err) {
        await admin.disconnect().catch(() => undefined);
        throw new SagaError("KAFKA_UNAVAILABLE", "the topics' offsets could not be read", { cause: err });
      }
      const records: SampledRecord[] = [];
      const unreadable: Record<string, number> = {};
      const count = new Map(req.topics.map((t) => [t, 0]));
      const reached = new Set<string>();
      const abort = new AbortController();
      const full = (t: string) => (count.get(t) ?? 0) >= req.maxRecords;
      const done = () =>
        req.topics.every(
          (t) =>
            full(t) ||
            (Date.now() >= moreUntil && [...target.keys()].every((k) => !k.startsWith(`${t}:`) || reached.has(k))),
        );
      if (done()) {
        await admin.disconnect();
        return { records, unreadable, cut: false };
      }
      const groupId = `${opts.groupPrefix}discover-${randomUUID()}`;
      const consumer = opts.kafka.consumer({
        groupId,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 250,
        sessionTimeout: 10_000,
        retry: { retries: 2 },
      });
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((r) => (finish = r));
      const timer = setInterval(() => {
        if (done() || Date.now() >= hardStop) finish();
      }, 100);
      const markReached = (topic: string, partition: number, lastOffset: string) => {
        const end = target.get(`${topic}:${partition}`);
        if (end !== undefined && BigInt(lastOffset) + 1n >= end) reached.add(`${topic}:${partition}`);
      };
      // A batch of control records only (a transaction's commit marker, the last offset of a
      // partition written in transactions) reaches no eachBatch: its end is seen here.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
        markReached(payload.topic, payload.partition, payload.lastOffset),
      );
      let failure: unknown = null;
      const reading = (async () => {
        await consumer.connect();
        await consumer.subscribe({ topics: req.topics, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          partitionsConsumedConcurrently: 4,
          eachBatch: async ({ batch }) => {
            const t = batch.topic;
            for (const m of batch.messages) {
              if (full(t) || abort.signal.aborted) break;
              const value = await valueOf(t, m.value, opts.registry, abort.signal);
              if (value === undefined) unreadable[t] = (unreadable[t] ?? 0) + 1;
              records.push({
                topic: t,
                partition: batch.partition,
                offset: m.offset,
                timestamp: Number(m.timestamp),
                key: m.key === null ? null : new Uint8Array(m.key),
                headers: headerText(m.headers),
                value,
              });
              count.set(t, (count.get(t) ?? 0) + 1);
            }
            markReached(t, batch.partition, batch.lastOffset());
            if (full(t)) consumer.pause([{ topic: t }]);
            if (done()) finish();
          },
        });
      })().catch((err: unknown) => {
        failure = err;
        finish();
      });
      try {
        await finished;
        if (failure) throw new SagaError("KAFKA_UNAVAILABLE", "the topics could not be read", { cause: failure });
      } finally {
        clearInterval(timer);
        abort.abort();
        await settlesWithin(reading, 1000);
        await settlesWithin(consumer.disconnect(), 5000);
        await deleteGroup(admin, groupId, opts.log);
        await admin.disconnect().catch(() => undefined);
      }
      return { records, unreadable, cut: !done() };
    },
  };
}

/** The sample's group deleted; a group still leaving (not empty yet) is asked again a few times. */
async function deleteGroup(admin: Admin, groupId: string, log: Logger): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await admin.deleteGroups([groupId]);
      return;
    } catch (err) {
      const codes = JSON.stringify((err as { groups?: unknown }).groups ?? String(err));
      if (codes.includes("GROUP_ID_NOT_FOUND")) return;
      if (attempt === 9) log.warn("could not delete a discovery group", { groupId, err: String(err), codes });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
