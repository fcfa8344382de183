// Records written through the observer store's own insert (its search terms worked out in
// TypeScript, domain/search-terms.ts), after the bulk: new instances of `parcels` in batches of
// 500 on one partition, as a reader hands them over. Their terms wait in the GIN index's pending
// list until it is flushed, which searches must read too.
import type { ObserverStore } from "../../services/observer/application/ports";
import type { ObservedRecord } from "../../services/observer/domain/record";

/** Writes `count` records (two per instance); returns a value each instance's records hold. */
export async function freshRecords(store: ObserverStore, after: number, count: number): Promise<string[]> {
  const values: string[] = [];
  const at = Date.now() - 60_000;
  for (let from = 0; from < count; from += 500) {
    const records: ObservedRecord[] = [];
    for (let i = from; i < Math.min(count, from + 500); i++) {
      const n = after + 1 + Math.floor(i / 2);
      if (i % 2 === 0) values.push(`FRESH-${n}`);
      records.push({
        topic: "topic-fresh",
        partition: 0,
        offset: String(i),
        at: new Date(at + i),
        key: `PCL${n}`,
        headers: { "x-trace": `${n}-${i}`, "x-order-ref": `R-fresh-${n}` },
        instanceId: `PCL${n}`,
        run: 1,
        step: null,
        value: { id: `PCL${n}`, ref: { external: `FRESH-${n}` }, amount: i % 1000, lines: [{ sku: "p-1", qty: 1 }] },
        notJson: false,
        notDecodable: false,
        matchCut: false,
        truncated: false,
        size: 200,
      });
    }
    await store.writeBatches("parcels", [{ topic: "topic-fresh", partition: 0, records }]);
  }
  return values;
}
