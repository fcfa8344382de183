import assert from "node:assert/strict";
import { test } from "node:test";
import { BoundedMap, BoundedSet, RingBuffer } from "./ring";

test("ring buffer keeps the newest entries, oldest first", () => {
  const r = new RingBuffer<number>(3);
  assert.equal(r.push(1), undefined);
  r.push(2);
  r.push(3);
  assert.equal(r.push(4), 1);
  assert.deepEqual(r.toArray(), [2, 3, 4]);
  assert.deepEqual(
    r.filter((n) => n % 2 === 0),
    [2, 4],
  );
  assert.equal(r.size, 3);
});

test("bounded set forgets the oldest key beyond its cap", () => {
  const s = new BoundedSet<string>(2);
  assert.equal(s.add("a"), true);
  assert.equal(s.add("a"), false);
  s.add("b");
  s.add("c");
  assert.equal(s.has("a"), false);
  assert.equal(s.has("c"), true);
  assert.equal(s.size, 2);
});

test("bounded map evicts by insertion order", () => {
  const m = new BoundedMap<string, number>(2);
  m.set("a", 1);
  m.set("b", 2);
  m.set("a", 3);
  m.set("c", 4);
  assert.equal(m.get("a"), undefined);
  assert.equal(m.get("b"), 2);
  assert.equal(m.size, 2);
});

test("bounded collections stay exact through many evictions and deletions", () => {
  const s = new BoundedSet<number>(1_000);
  const m = new BoundedMap<number, number>(1_000);
  for (let i = 0; i < 50_000; i++) {
    s.add(i);
    m.set(i, i);
    if (i % 3 === 0) m.delete(i - 1);
  }
  assert.equal(s.size, 1_000);
  assert.equal(s.has(48_999), false);
  assert.equal(s.has(49_000), true);
  assert.ok(m.size <= 1_000);
  assert.equal(m.get(49_999), 49_999);
  assert.equal(m.get(48_000), undefined);
});

test("keys set and deleted again are not kept for ever (a map that stays under its cap)", () => {
  const s = new BoundedSet<number>(1_000);
  const m = new BoundedMap<number, number>(1_000);
  for (let i = 0; i < 200_000; i++) {
    s.add(i);
    s.delete(i);
    m.set(i, i);
    if (i % 10 !== 0) m.delete(i);
  }
  assert.equal(s.size, 0);
  assert.ok(s.tracked <= 1_024 + 1, `set tracks ${s.tracked} keys`);
  // Every tenth key stays; the map is full when each of the others comes, so one more is evicted.
  assert.equal(m.size, 999);
  assert.ok(m.tracked <= 2 * 1_000 + 1_024 + 1, `map tracks ${m.tracked} keys`);
  // Eviction still goes by insertion order after the queue was rebuilt.
  assert.equal(m.get(199_990), 199_990);
  assert.equal(m.get(190_000), undefined);
  assert.equal(m.get(190_010), 190_010);
});
