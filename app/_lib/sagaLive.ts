// A watched saga's pages kept up to date from the bridge's pushes (contracts/socket.ts,
// WatchedBatch) rather than by polling: what a push adds to the saga's detail (its counters
// exactly; its status counts from the instances the page knows), to a list of its instances,
// and to one instance's journey. Pure.
import type {
  InstanceRecord,
  SagaDetail,
  SagaInstanceStatus,
  SagaInstanceSummary,
  SagaInstanceView,
  SagaStepView,
} from "../../contracts/sagas";
import type { WatchedBatch, WatchedInstanceChange, WatchedRecord } from "../../contracts/socket";

export const instanceKey = (id: string, run: number) => `${run}\u0000${id}`;

/**
 * What the page knows of the saga's instances, to tell a new instance from one it has not
 * listed. `complete`: every instance is known (an unfiltered list shorter than its limit), so an
 * unknown one is new; otherwise an unknown one is new only if it started after the oldest listed.
 */
export type KnownInstances = {
  status: Map<string, SagaInstanceStatus>;
  complete: boolean;
  oldestListed: string | null;
};

export function knownFrom(
  lists: { status: SagaInstanceStatus | null; rows: SagaInstanceSummary[] }[],
  limit: number,
): KnownInstances {
  const status = new Map<string, SagaInstanceStatus>();
  let oldest: string | null = null;
  let complete = false;
  for (const l of lists) {
    for (const r of l.rows) {
      status.set(instanceKey(r.id, r.run), r.status);
      if (l.status === null && (oldest === null || r.startedAt < oldest)) oldest = r.startedAt;
    }
    if (l.status === null && l.rows.length < limit) complete = true;
  }
  return { status, complete, oldestListed: oldest };
}

/** An instance the page has not seen: its status before the push (undefined: it is new). */
function before(known: KnownInstances, c: WatchedInstanceChange): SagaInstanceStatus | undefined {
  const had = known.status.get(instanceKey(c.id, c.run));
  if (had) return had;
  const isNew = known.complete || (known.oldestListed !== null && c.firstAt >= known.oldestListed);
  return isNew ? undefined : "RUNNING";
}

/** Status count moves of a push; `known` is updated to the statuses after it. */
export function statusMoves(known: KnownInstances, changes: readonly WatchedInstanceChange[]) {
  const moves: Partial<Record<SagaInstanceStatus, number>> = {};
  const add = (s: SagaInstanceStatus, n: number) => (moves[s] = (moves[s] ?? 0) + n);
  for (const c of changes) {
    const prev = before(known, c);
    const endedBefore = prev !== undefined && prev !== "RUNNING" && prev !== "STUCK";
    const next = endedBefore ? prev : (c.ending ?? prev ?? "RUNNING");
    if (prev === undefined) add(next, 1);
    else if (prev !== next) {
      add(prev, -1);
      add(next, 1);
    }
    known.status.set(instanceKey(c.id, c.run), next);
  }
  return moves;
}

/** The saga's detail after a push: counters added, status counts moved. */
export function applyToDetail(d: SagaDetail, b: WatchedBatch, known: KnownInstances): SagaDetail {
  const seen = { ...d.seen };
  const uncorrelated = { ...d.uncorrelated };
  const records = { ...d.records };
  let unmatched = d.unmatched;
  for (const c of b.counters) {
    if (c.metric === "seen") seen[c.subject] = (seen[c.subject] ?? 0) + c.delta;
    else if (c.metric === "uncorrelated") uncorrelated[c.subject] = (uncorrelated[c.subject] ?? 0) + c.delta;
    else if (c.metric === "unmatched") unmatched += c.delta;
    else if (c.metric === "total") records.total += c.delta;
    else if (c.metric === "notJson") records.notJson += c.delta;
    else if (c.metric === "notDecodable") records.notDecodable += c.delta;
    else if (c.metric === "oversized") records.oversized += c.delta;
    else records.matchCut += c.delta;
  }
  const counts = { ...d.counts };
  for (const [s, n] of Object.entries(statusMoves(known, b.instances)))
    counts[s as SagaInstanceStatus] = Math.max(0, counts[s as SagaInstanceStatus] + n);
  return { ...d, seen, uncorrelated, unmatched, records, counts };
}

/** A list of instances (newest first, at most `limit`, only `status` when given) after a push. */
export function applyToInstances(
  rows: readonly SagaInstanceSummary[],
  changes: readonly WatchedInstanceChange[],
  status: SagaInstanceStatus | null,
  known: KnownInstances,
  limit: number,
): SagaInstanceSummary[] {
  const byKey = new Map(rows.map((r) => [instanceKey(r.id, r.run), r]));
  const added: SagaInstanceSummary[] = [];
  for (const c of changes) {
    const k = instanceKey(c.id, c.run);
    const had = byKey.get(k);
    if (had) {
      const ended = had.status !== "RUNNING" && had.status !== "STUCK";
      byKey.set(k, {
        ...had,
        status: ended ? had.status : (c.ending ?? had.status),
        steps: had.steps + c.records,
        lastEventAt: c.lastAt > had.lastEventAt ? c.lastAt : had.lastEventAt,
        startedAt: c.firstAt < had.startedAt ? c.firstAt : had.startedAt,
      });
    } else if (before(known, c) === undefined) {
      added.push({
        id: c.id,
        run: c.run,
        status: c.ending ?? "RUNNING",
        startedAt: c.firstAt,
        lastEventAt: c.lastAt,
        steps: c.records,
      });
    }
  }
  const all = [...added.sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1)), ...byKey.values()];
  return all.filter((r) => status === null || r.status === status).slice(0, limit);
}

/** Pushed records as journey rows (their values come with the next read of the instance). */
export function journeyRows(steps: readonly SagaStepView[], records: readonly WatchedRecord[]): InstanceRecord[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  return records.map((r) => {
    const s = r.step === null ? undefined : byId.get(r.step);
    return {
      step: r.step,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      at: r.at,
      from: s?.from ?? null,
      to: s?.to ?? [],
      kind: s?.kind ?? null,
      ends: s?.ends ?? null,
      key: null,
      branch: s?.branch ?? null,
      headers: {},
      value: null,
      truncated: false,
      size: 0,
    };
  });
}

/** The instance's view after a push to its room: new records appended in time order, its ending. */
export function applyToInstance(
  v: SagaInstanceView,
  steps: readonly SagaStepView[],
  records: readonly WatchedRecord[],
  change: WatchedInstanceChange,
): SagaInstanceView {
  const have = new Set(v.steps.map((r) => `${r.topic}/${r.partition}/${r.offset}`));
  const fresh = journeyRows(
    steps,
    records.filter((r) => !have.has(`${r.topic}/${r.partition}/${r.offset}`)),
  );
  if (fresh.length === 0 && (!change.ending || v.endedAt)) return v;
  const ended = v.endedAt !== null;
  return {
    ...v,
    // Appended, not re-sorted: the API's order (time, then cause) stays as read.
    steps: [...v.steps, ...fresh.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))],
    status: ended ? v.status : (change.ending ?? v.status),
    endedAt: ended ? v.endedAt : change.ending ? change.lastAt : null,
  };
}

/** Records per step of a push: how many dots to run along each step's lines. */
export function stepPulses(b: WatchedBatch): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of b.counters) if (c.metric === "seen") out[c.subject] = c.delta;
  return out;
}
