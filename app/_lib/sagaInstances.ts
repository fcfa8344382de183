// A watched saga's instances on its page: the status filter kept in the URL, stuck instances
// first (then newest first, as the API answers), and one instance's records as timeline rows in
// Kafka timestamp order with the time since its first record and since the one before, and a
// record's headers as rows (collapsed when long).
import { formatMs } from "../../contracts/timings";
import { SAGA_INSTANCE_STATUSES, type InstanceRecord, type SagaInstanceStatus, type SagaInstanceSummary } from "../../contracts/sagas";

export const STATUS_WORD: Record<SagaInstanceStatus, string> = { RUNNING: "Running", COMPLETED: "Completed", CANCELLED: "Cancelled", STUCK: "Stuck" };

/** `?status=STUCK` → "STUCK"; anything else → null (every status). */
export function statusFromQuery(value: string | null | undefined): SagaInstanceStatus | null {
  return (SAGA_INSTANCE_STATUSES as readonly string[]).includes(value ?? "") ? (value as SagaInstanceStatus) : null;
}

export function instancesHref(name: string, status: SagaInstanceStatus | null): string {
  return `/sagas/${encodeURIComponent(name)}${status ? `?status=${status}` : ""}`;
}

export function instanceHref(name: string, id: string): string {
  return `/sagas/${encodeURIComponent(name)}/instances/${encodeURIComponent(id)}`;
}

/** Stuck instances first; the order among the rest (newest first from the API) is kept. */
export function stuckFirst(list: readonly SagaInstanceSummary[]): SagaInstanceSummary[] {
  return [...list.filter((i) => i.status === "STUCK"), ...list.filter((i) => i.status !== "STUCK")];
}

export type TimelineRow = {
  n: number;
  /** The step id, or "unmatched" for a record that matched no step. */
  name: string;
  record: InstanceRecord;
  /** Milliseconds since the instance's first record. */
  sinceStartMs: number;
  /** Milliseconds since the record before it (0 for the first). */
  gapMs: number;
  /** Where its bar starts and how long it is, in fractions of the whole instance. */
  start: number;
  width: number;
};

const position = (r: InstanceRecord) => [Date.parse(r.at), r.topic, r.partition, BigInt(r.offset)] as const;

function byKafkaOrder(a: InstanceRecord, b: InstanceRecord): number {
  const [ta, topicA, pa, oa] = position(a);
  const [tb, topicB, pb, ob] = position(b);
  return ta - tb || topicA.localeCompare(topicB) || pa - pb || (oa < ob ? -1 : oa > ob ? 1 : 0);
}

/** The records in Kafka timestamp order (then topic, partition, offset), each bar from the record before it. */
export function timelineRows(records: readonly InstanceRecord[]): TimelineRow[] {
  const sorted = [...records].sort(byKafkaOrder);
  if (sorted.length === 0) return [];
  const t0 = Date.parse(sorted[0].at);
  const total = Math.max(1, Date.parse(sorted[sorted.length - 1].at) - t0);
  return sorted.map((record, i) => {
    const at = Date.parse(record.at);
    const prev = i === 0 ? at : Date.parse(sorted[i - 1].at);
    return {
      n: i + 1,
      name: record.step ?? "unmatched",
      record,
      sinceStartMs: at - t0,
      gapMs: at - prev,
      start: (prev - t0) / total,
      width: Math.max(0.005, (at - prev) / total),
    };
  });
}

/** More headers than this, or a value longer than HEADER_VALUE_OPEN_MAX, and a record's headers start collapsed. */
export const HEADERS_OPEN_MAX = 6;
export const HEADER_VALUE_OPEN_MAX = 120;

/** A record's headers as name-value rows in the order Kafka gave them, and whether to show them collapsed. */
export function headerRows(headers: Readonly<Record<string, string>>): { rows: [string, string][]; collapsed: boolean } {
  const rows = Object.entries(headers);
  return { rows, collapsed: rows.length > HEADERS_OPEN_MAX || rows.some(([, v]) => v.length > HEADER_VALUE_OPEN_MAX) };
}

/** The timeline's words for a row: since the start, and since the record before (which one). */
export function timelineWords(r: TimelineRow): { sinceStart: string; gap: string } {
  return { sinceStart: r.n === 1 ? "the start" : `+${formatMs(r.sinceStartMs)} from the start`, gap: r.n === 1 ? "first record" : `${formatMs(r.gapMs)} after #${r.n - 1}` };
}
