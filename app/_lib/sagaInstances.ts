// A watched saga's instances on its page: the status filter kept in the URL, stuck instances
// first (then newest first, as the API answers), and one instance's records as timeline rows in
// the API's order (Kafka timestamp, then cause) with the time since its first record and since
// the one before in its branch, and a record's headers as rows (collapsed when long).
import { formatMs } from "../../contracts/timings";
import {
  SAGA_INSTANCE_STATUSES,
  type InstanceRecord,
  type SagaInstanceStatus,
  type SagaInstanceSummary,
} from "../../contracts/sagas";

export const STATUS_WORD: Record<SagaInstanceStatus, string> = {
  RUNNING: "Running",
  COMPLETED: "Completed",
  COMPENSATED: "Compensated",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
  STUCK: "Stuck",
};

/** The statuses a saga's instances can have: running, the endings its steps name, stuck. */
export function sagaStatuses(steps: readonly { ends: SagaInstanceStatus | null }[]): SagaInstanceStatus[] {
  const ends = new Set(steps.map((s) => s.ends));
  return SAGA_INSTANCE_STATUSES.filter((s) => s === "RUNNING" || s === "STUCK" || ends.has(s));
}

/** `?status=STUCK` → "STUCK"; anything else → null (every status). */
export function statusFromQuery(value: string | null | undefined): SagaInstanceStatus | null {
  return (SAGA_INSTANCE_STATUSES as readonly string[]).includes(value ?? "") ? (value as SagaInstanceStatus) : null;
}

export function instancesHref(name: string, status: SagaInstanceStatus | null): string {
  return `/sagas/${encodeURIComponent(name)}${status ? `?status=${status}` : ""}`;
}

/** One instance's page; `run` (attach.md, "Ids used again") is given where a saga's ids can run again. */
export function instanceHref(name: string, id: string, run?: number | null): string {
  return `/sagas/${encodeURIComponent(name)}/instances/${encodeURIComponent(id)}${run ? `?run=${run}` : ""}`;
}

/** `?run=2` → 2; anything else → null (the latest run). */
export function runFromQuery(value: string | null | undefined): number | null {
  return value && /^[1-9]\d{0,6}$/.test(value) ? Number(value) : null;
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
  /** Milliseconds since the record before it in its branch, or before the branches forked (0 for the first). */
  gapMs: number;
  /** Which record `gapMs` is measured from (its n), null for the first. */
  after: number | null;
  /** Where its bar starts and how long it is, in fractions of the whole instance. */
  start: number;
  width: number;
};

/**
 * The records in the API's order (Kafka timestamp, then cause: attach.md, "Order within an
 * instance"). A record of a branch is timed from the record before it in its branch, or from the
 * last record outside every branch; other records from the record just before.
 */
export function timelineRows(records: readonly InstanceRecord[]): TimelineRow[] {
  if (records.length === 0) return [];
  const times = records.map((r) => Date.parse(r.at));
  const t0 = Math.min(...times);
  const total = Math.max(1, Math.max(...times) - t0);
  let trunk: number | null = null;
  const lastIn = new Map<string, number>();
  return records.map((record, i) => {
    const at = times[i]!;
    const before = i === 0 ? null : record.branch === null ? i - 1 : (lastIn.get(record.branch) ?? trunk ?? i - 1);
    if (record.branch === null) trunk = i;
    else lastIn.set(record.branch, i);
    const prev = before === null ? at : times[before]!;
    return {
      n: i + 1,
      name: record.step ?? "unmatched",
      record,
      sinceStartMs: at - t0,
      gapMs: at - prev,
      after: before === null ? null : before + 1,
      start: (Math.min(prev, at) - t0) / total,
      width: Math.max(0.005, Math.abs(at - prev) / total),
    };
  });
}

/** More headers than this, or a value longer than HEADER_VALUE_OPEN_MAX, and a record's headers start collapsed. */
export const HEADERS_OPEN_MAX = 6;
export const HEADER_VALUE_OPEN_MAX = 120;

/** A record's headers as name-value rows in the order Kafka gave them, and whether to show them collapsed. */
export function headerRows(headers: Readonly<Record<string, string>>): {
  rows: [string, string][];
  collapsed: boolean;
} {
  const rows = Object.entries(headers);
  return { rows, collapsed: rows.length > HEADERS_OPEN_MAX || rows.some(([, v]) => v.length > HEADER_VALUE_OPEN_MAX) };
}

/** The timeline's words for a row: since the start, and since the record before (which one). */
export function timelineWords(r: TimelineRow): { sinceStart: string; gap: string } {
  return {
    sinceStart: r.n === 1 ? "the start" : `+${formatMs(r.sinceStartMs)} from the start`,
    gap: r.after === null ? "first record" : `${formatMs(r.gapMs)} after #${r.after}`,
  };
}
