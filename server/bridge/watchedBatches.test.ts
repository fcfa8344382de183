// Watched batches wait for the bridge's flush merged per saga: counters summed, instance changes
// folded by id and run (earliest ending kept), the newest records kept and the rest counted.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WatchedBatch, WatchedRecord } from "../../contracts/socket";
import { WatchedPending } from "./watchedBatches";

const rec = (instanceId: string | null, offset: number, step: string | null = "s"): WatchedRecord => ({
  instanceId,
  run: 1,
  step,
  topic: "t",
  partition: 0,
  offset: String(offset),
  at: new Date(1_700_000_000_000 + offset).toISOString(),
});

function batch(saga: string, records: WatchedRecord[], ending: "COMPLETED" | null = null): WatchedBatch {
  const ids = [...new Set(records.flatMap((r) => r.instanceId ?? []))];
  return {
    saga,
    records,
    omitted: 0,
    instances: ids.map((id) => {
      const mine = records.filter((r) => r.instanceId === id);
      return { id, run: 1, records: mine.length, firstAt: mine[0]!.at, lastAt: mine.at(-1)!.at, ending };
    }),
    counters: [{ metric: "total", subject: "", delta: records.length }],
  };
}

describe("WatchedPending", () => {
  it("merges a saga's batches into one push, and keeps sagas apart", () => {
    const p = new WatchedPending();
    p.add(batch("a", [rec("i-1", 1), rec("i-2", 2)]));
    p.add(batch("a", [rec("i-1", 3)], "COMPLETED"));
    p.add(batch("b", [rec("j-1", 4)]));
    const { batches, instances } = p.drain();
    assert.deepEqual(
      batches.map((b) => [b.saga, b.records.length, b.counters[0]!.delta]),
      [
        ["a", 3, 3],
        ["b", 1, 1],
      ],
    );
    const i1 = batches[0]!.instances.find((i) => i.id === "i-1")!;
    assert.equal(i1.records, 2);
    assert.equal(i1.ending, "COMPLETED");
    assert.equal(i1.firstAt, rec("i-1", 1).at);
    assert.equal(i1.lastAt, rec("i-1", 3).at);
    const push = instances.find((i) => i.saga === "a" && i.change.id === "i-1")!;
    assert.deepEqual(
      push.records.map((r) => r.offset),
      ["1", "3"],
    );
    assert.equal(p.size, 0);
    assert.deepEqual(p.drain(), { batches: [], instances: [] });
  });

  it("keeps the newest records up to its bound and counts the others as omitted", () => {
    const p = new WatchedPending(5);
    for (let i = 0; i < 4; i++)
      p.add({ ...batch("a", [rec("x", i * 3), rec("x", i * 3 + 1), rec("x", i * 3 + 2)]), omitted: 1 });
    const [b] = p.drain().batches;
    assert.equal(b!.records.length, 5);
    assert.deepEqual(
      b!.records.map((r) => r.offset),
      ["7", "8", "9", "10", "11"],
    );
    assert.equal(b!.omitted, 4 + 7);
    assert.equal(b!.instances[0]!.records, 12, "instance changes are always whole");
  });

  it("keeps the earliest ending of an instance whose batches both brought one", () => {
    const p = new WatchedPending();
    p.add(batch("a", [rec("i", 5)], "COMPLETED"));
    p.add({
      ...batch("a", [rec("i", 2)]),
      instances: [
        { id: "i", run: 1, records: 1, firstAt: rec("i", 2).at, lastAt: rec("i", 2).at, ending: "CANCELLED" },
      ],
    });
    assert.equal(p.drain().batches[0]!.instances[0]!.ending, "CANCELLED");
  });
});
