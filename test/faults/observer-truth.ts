// What the observer must end up with, kept by the test as it offers the bank-transfer example's
// records: every instance with its records and status, the records seen per step, the counters.
// Worked out from the records as published (examples/bank-transfer/transfers.ts) and the example's
// steps by event type, written here by hand, not through the observer's own matching.
import type { SagaInstanceStatus } from "../../contracts/sagas";
import { publishTransfers } from "../../examples/bank-transfer/publish";
import { transferId, transferRecords, type PlannedRecord, type Topics } from "../../examples/bank-transfer/transfers";
import { recordsPerTransfer } from "../../bench/observer/load";
import type { World } from "./observer-world";

/** The example's steps by event type (examples/bank-transfer/saga.yaml). */
function stepOf(value: { type?: unknown; reason?: unknown }): string | null {
  switch (value.type) {
    case "TransferRequested":
      return "transfer-requested";
    case "FundsReserved":
      return "funds-reserved";
    case "InsufficientFunds":
      return "insufficient-funds";
    case "CreditApplied":
      return "credit-applied";
    case "CreditRejected":
      return "credit-rejected";
    case "FundsReleased":
      return "funds-released";
    case "TransferCompleted":
      return "transfer-completed";
    case "TransferCancelled":
      return value.reason === "INSUFFICIENT_FUNDS" ? "transfer-refused" : "transfer-cancelled";
    default:
      return null;
  }
}

const ENDS: Record<string, SagaInstanceStatus> = {
  "transfer-completed": "COMPLETED",
  "transfer-refused": "FAILED",
  "transfer-cancelled": "COMPENSATED",
};

/** JSON with its keys sorted (PostgreSQL's jsonb keeps its own key order). */
export const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

/** One record as the instance view must show it (offsets and times aside). */
export const recordKey = (r: { step: string | null; key: string | null; value: unknown; headers?: unknown }) =>
  canonical({ step: r.step, key: r.key, value: r.value, headers: r.headers ?? {} });

export type ExpectedInstance = { status: SagaInstanceStatus; steps: (string | null)[]; records: string[] };

export class Truth {
  readonly instances = new Map<string, ExpectedInstance>();
  records = 0;
  notJson = 0;
  unmatched = 0;
  readonly seen = new Map<string, number>();
  readonly uncorrelated = new Map<string, number>();

  constructor(readonly run: string) {}

  /** Transfers first..first+count-1 were published (every record acknowledged). */
  add(first: number, count: number, topics: Topics): void {
    for (let i = first; i < first + count; i++) {
      const id = transferId(this.run, i);
      const mine: ExpectedInstance = { status: "STUCK", steps: [], records: [] };
      for (const r of transferRecords(this.run, i, topics)) this.take(r, id, mine);
      const ends = mine.steps.map((s) => (s ? ENDS[s] : undefined)).find(Boolean);
      mine.status = ends ?? "STUCK";
      this.instances.set(id, mine);
    }
  }

  private take(r: PlannedRecord, id: string, mine: ExpectedInstance): void {
    this.records++;
    let value: { transferId?: unknown; type?: unknown; reason?: unknown };
    try {
      value = JSON.parse(r.value) as typeof value;
    } catch {
      this.notJson++;
      this.uncorrelated.set(r.topic, (this.uncorrelated.get(r.topic) ?? 0) + 1);
      return;
    }
    if (value.transferId !== id) {
      this.uncorrelated.set(r.topic, (this.uncorrelated.get(r.topic) ?? 0) + 1);
      return;
    }
    const step = stepOf(value);
    if (step) this.seen.set(step, (this.seen.get(step) ?? 0) + 1);
    else this.unmatched++;
    mine.steps.push(step);
    mine.records.push(recordKey({ step, key: r.key, value, headers: r.headers }));
  }

  counts(): Record<SagaInstanceStatus, number> {
    const out = { RUNNING: 0, COMPLETED: 0, COMPENSATED: 0, FAILED: 0, CANCELLED: 0, STUCK: 0 };
    for (const i of this.instances.values()) out[i.status]++;
    return out;
  }
}

export type Offered = {
  records: number;
  transfers: number;
  seconds: number;
  perSecond: number;
  /** When the last send was acknowledged (performance.now()). */
  endedAt: number;
  /** Offered at the rate asked (false: a burst as fast as the broker takes it). */
  paced: boolean;
};

/**
 * Publishes the example's transfers from `first` at `rate` records/s for about `seconds` (rate 0:
 * `count` transfers at once), until `stopped()` says so between waves, then adds the transfers
 * sent to the truth once every send was acknowledged.
 */
export async function offer(
  w: World,
  truth: Truth,
  o: { rate: number; seconds?: number; count?: number; first?: number; stopped?: () => boolean },
): Promise<Offered> {
  const transfersPerSecond = o.rate / recordsPerTransfer();
  const count = o.count ?? Math.round(transfersPerSecond * (o.seconds ?? 0));
  const t0 = performance.now();
  // A wave is a tenth of a second's transfers: a few sendBatch calls of a few hundred records each.
  const wave = o.rate > 0 ? Math.max(10, Math.round(transfersPerSecond / 10)) : count;
  const first = o.first ?? 0;
  const records = await publishTransfers({
    producer: w.producer,
    topics: w.saga.topics,
    run: truth.run,
    first,
    count,
    rate: transfersPerSecond,
    wave,
    stopped: o.stopped,
  });
  const endedAt = performance.now();
  // Whole waves were sent: the transfers whose records add up to what was acknowledged.
  let transfers = 0;
  for (let n = 0; n < records; transfers++) n += transferRecords(truth.run, first + transfers, w.saga.topics).length;
  truth.add(first, transfers, w.saga.topics);
  const seconds = (endedAt - t0) / 1000;
  return { records, transfers, seconds, perSecond: records / seconds, endedAt, paced: o.rate > 0 };
}
