// Watched sagas' batches from the observer wait here until the bridge's next flush, merged per
// saga: one push per saga room per flush however many batches the observer stored meanwhile.
// Counters add up, instance changes fold by (id, run), and the newest records are kept. Pure.
import type { WatchedBatch, WatchedInstanceChange, WatchedRecord } from "../../contracts/socket";

/** Records a saga room gets per flush (the map's dots and the latency probe); the rest are counted. */
export const RECORDS_PER_PUSH = 300;

const instanceKey = (id: string, run: number) => `${run}\u0000${id}`;

function foldInstance(a: WatchedInstanceChange, b: WatchedInstanceChange): WatchedInstanceChange {
  const ending = !a.ending ? b.ending : !b.ending ? a.ending : a.lastAt <= b.lastAt ? a.ending : b.ending;
  return {
    id: a.id,
    run: a.run,
    records: a.records + b.records,
    firstAt: a.firstAt < b.firstAt ? a.firstAt : b.firstAt,
    lastAt: a.lastAt > b.lastAt ? a.lastAt : b.lastAt,
    ending,
  };
}

type Pending = {
  records: WatchedRecord[];
  omitted: number;
  instances: Map<string, WatchedInstanceChange>;
  counters: Map<string, WatchedBatch["counters"][number]>;
  /** Every record of each instance (for instance rooms), by instance key. */
  byInstance: Map<string, WatchedRecord[]>;
};

export type InstancePush = { saga: string; change: WatchedInstanceChange; records: WatchedRecord[] };

export class WatchedPending {
  private sagas = new Map<string, Pending>();

  constructor(private readonly recordsPerPush = RECORDS_PER_PUSH) {}

  add(batch: WatchedBatch): void {
    let p = this.sagas.get(batch.saga);
    if (!p) {
      p = { records: [], omitted: 0, instances: new Map(), counters: new Map(), byInstance: new Map() };
      this.sagas.set(batch.saga, p);
    }
    p.omitted += batch.omitted;
    for (const r of batch.records) {
      p.records.push(r);
      if (r.instanceId === null) continue;
      const k = instanceKey(r.instanceId, r.run);
      const list = p.byInstance.get(k);
      if (list) list.push(r);
      else p.byInstance.set(k, [r]);
    }
    if (p.records.length > this.recordsPerPush * 2) this.trim(p);
    for (const i of batch.instances) {
      const k = instanceKey(i.id, i.run);
      const had = p.instances.get(k);
      p.instances.set(k, had ? foldInstance(had, i) : i);
    }
    for (const c of batch.counters) {
      const k = `${c.metric}\u0000${c.subject}`;
      const had = p.counters.get(k);
      p.counters.set(k, had ? { ...had, delta: had.delta + c.delta } : c);
    }
  }

  private trim(p: Pending): void {
    const cut = p.records.length - this.recordsPerPush;
    if (cut <= 0) return;
    p.omitted += cut;
    p.records = p.records.slice(cut);
  }

  get size(): number {
    return this.sagas.size;
  }

  /** Takes what waits: one batch per saga, and per changed instance its change and records. */
  drain(): { batches: WatchedBatch[]; instances: InstancePush[] } {
    const batches: WatchedBatch[] = [];
    const instances: InstancePush[] = [];
    for (const [saga, p] of this.sagas) {
      this.trim(p);
      batches.push({
        saga,
        records: p.records,
        omitted: p.omitted,
        instances: [...p.instances.values()],
        counters: [...p.counters.values()],
      });
      for (const [k, change] of p.instances) instances.push({ saga, change, records: p.byInstance.get(k) ?? [] });
    }
    this.sagas.clear();
    return { batches, instances };
  }
}
