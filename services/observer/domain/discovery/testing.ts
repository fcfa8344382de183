// Sampled records for the discovery tests, written briefly: a topic, a time and a JSON value.
import { recordFields, type FieldedRecord, type SampledRecord } from "./fields";

let offset = 0;

export function sampled(
  topic: string,
  timestamp: number,
  value: unknown,
  headers: Record<string, string> = {},
): SampledRecord {
  return { topic, partition: 0, offset: String(offset++), timestamp, key: null, headers, value };
}

export const fielded = (
  topic: string,
  timestamp: number,
  value: unknown,
  headers?: Record<string, string>,
): FieldedRecord => recordFields(sampled(topic, timestamp, value, headers));

/** One instance per id: each event `[topic, type]` a few ms after the last, instances 100 ms apart. */
export function instances(count: number, events: (i: number) => [string, Record<string, unknown>][]): SampledRecord[] {
  const out: SampledRecord[] = [];
  for (let i = 0; i < count; i++)
    events(i).forEach(([topic, value], n) =>
      out.push(sampled(topic, 1_000_000 + i * 100 + n * 10, { id: `id-${i}`, customer: `c-${i % 3}`, ...value })),
    );
  return out;
}
