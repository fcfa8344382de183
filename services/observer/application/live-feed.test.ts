// The observer's live feed: each stored batch goes to every subscriber as one line; a slow
// subscriber's queue is bounded, and past it lines are dropped and a resync line follows its drain.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { WatchedFeedLine } from "../../../contracts/socket";
import type { ObservedRecord } from "../domain/record";
import { liveFeed, QueuedWriter, type LiveFeed } from "./live-feed";

const record = (instanceId: string, offset: number): ObservedRecord => ({
  topic: "t",
  partition: 0,
  offset: String(offset),
  at: new Date(1_700_000_000_000 + offset),
  key: null,
  headers: {},
  instanceId,
  run: 1,
  step: { id: "started", topic: "t", from: "a", kind: "forward", after: [], starts: false },
  value: { big: "x".repeat(100) },
  notJson: false,
  notDecodable: false,
  matchCut: false,
  truncated: false,
  size: 1,
});

/** A writer that takes `room` lines, then answers false until drained. */
function writer(room = Infinity) {
  const lines: WatchedFeedLine[] = [];
  let left = room;
  return {
    lines,
    refill(n: number) {
      left = n;
    },
    write(text: string) {
      lines.push(WatchedFeedLine.parse(JSON.parse(text)));
      return --left > 0;
    },
  };
}

let feed: LiveFeed | null = null;
afterEach(() => feed?.stop());

describe("liveFeed", () => {
  it("greets a subscriber with the sagas, then sends each stored batch to every subscriber", () => {
    feed = liveFeed({ sagas: () => ["bank"] });
    const a = writer();
    const b = writer();
    feed.subscribe(a, () => undefined);
    feed.subscribe(b, () => undefined);
    feed.publish("bank", [record("t-1", 1), record("t-2", 2)]);
    for (const w of [a, b]) {
      assert.deepEqual(w.lines[0], { type: "hello", sagas: ["bank"] });
      const l = w.lines[1]!;
      assert.equal(l.type, "batch");
      if (l.type !== "batch") return;
      assert.equal(l.batch.saga, "bank");
      assert.deepEqual(
        l.batch.records.map((r) => [r.instanceId, r.step, r.offset]),
        [
          ["t-1", "started", "1"],
          ["t-2", "started", "2"],
        ],
      );
      assert.deepEqual(
        l.batch.counters.find((c) => c.metric === "seen"),
        { metric: "seen", subject: "started", delta: 2 },
      );
      assert.equal(l.batch.instances.length, 2);
      assert.ok(!("value" in l.batch.records[0]!), "values stay in the observer");
    }
  });

  it("does no work without subscribers, and forgets a subscriber that closed", () => {
    feed = liveFeed({ sagas: () => [] });
    const a = writer();
    const sub = feed.subscribe(a, () => undefined);
    assert.equal(feed.subscribers(), 1);
    sub.close();
    assert.equal(feed.subscribers(), 0);
    feed.publish("bank", [record("t-1", 1)]);
    assert.equal(a.lines.length, 1, "only the greeting");
  });

  it("ends every subscriber when stopped", () => {
    feed = liveFeed({ sagas: () => [] });
    let ended = 0;
    feed.subscribe(writer(), () => ended++);
    feed.subscribe(writer(), () => ended++);
    feed.stop();
    assert.equal(ended, 2);
    assert.equal(feed.subscribers(), 0);
  });

  it("never blocks publishing on a slow subscriber: a fast one gets every batch", () => {
    feed = liveFeed({ sagas: () => [], maxQueued: 3 });
    const slow = writer(1); // full after the greeting
    const fast = writer();
    feed.subscribe(slow, () => undefined);
    feed.subscribe(fast, () => undefined);
    for (let i = 0; i < 10; i++) feed.publish("bank", [record(`t-${i}`, i)]);
    assert.equal(fast.lines.filter((l) => l.type === "batch").length, 10);
    assert.equal(slow.lines.length, 1);
    assert.ok(feed.dropped() > 0);
  });
});

describe("QueuedWriter", () => {
  it("queues while the writer is full and sends the queue in order when it drains", () => {
    const w = writer(1);
    const q = new QueuedWriter(w, 10);
    q.offer('{"type":"ping"}\n'); // fills it
    q.offer('{"type":"resync","dropped":7}\n');
    q.offer('{"type":"hello","sagas":["x"]}\n');
    assert.equal(w.lines.length, 1);
    assert.equal(q.queued, 2);
    w.refill(Infinity);
    q.drained();
    assert.deepEqual(
      w.lines.map((l) => l.type),
      ["ping", "resync", "hello"],
    );
  });

  it("past its bound drops the queue, then says resync with the count once drained", () => {
    const w = writer(1);
    const q = new QueuedWriter(w, 2);
    q.offer('{"type":"ping"}\n');
    for (let i = 0; i < 3; i++) q.offer(`{"type":"resync","dropped":${i}}\n`);
    assert.equal(q.queued, 0, "the third line overflowed the queue of two");
    assert.equal(q.dropped, 3);
    q.offer('{"type":"hello","sagas":[]}\n'); // queued behind the coming resync
    w.refill(Infinity);
    q.drained();
    assert.deepEqual(w.lines.slice(1), [
      { type: "resync", dropped: 3 },
      { type: "hello", sagas: [] },
    ]);
  });
});
