import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { orderSource } from "./orderSource";

function source() {
  let t = 1_000;
  const calls: number[] = [];
  const release: (() => void)[] = [];
  const fetchImpl = (async () => {
    calls.push(t);
    await new Promise<void>((r) => release.push(r));
    return new Response(JSON.stringify([{ orderId: `o${calls.length}` }]), { status: 200 });
  }) as unknown as typeof fetch;
  const src = orderSource({ orderUrl: "http://order", limit: 10, cacheMs: 1000, fetchImpl, now: () => t });
  const settle = async () => {
    while (release.length) release.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { src, calls, settle, advance: (ms: number) => (t += ms) };
}

describe("orderSource", () => {
  it("callers share the load in flight and a quiet cache until cacheMs", async () => {
    const { src, calls, settle, advance } = source();
    const a = src.recent();
    const b = src.recent();
    await settle();
    assert.deepEqual(await a, await b);
    advance(900);
    assert.equal((await src.recent()).orders[0]!.orderId, "o1");
    assert.equal(calls.length, 1);
    advance(200);
    const c = src.recent();
    await settle();
    assert.equal((await c).orders[0]!.orderId, "o2");
  });

  it("a record taken in since the last load makes the next snapshot reload at once", async () => {
    const { src, calls, settle } = source();
    const first = src.recent();
    src.invalidate(); // a record arrives while the first load is in flight
    assert.equal(src.recent(), first, "the load in flight is shared");
    await settle();
    await first;
    const second = src.recent();
    await settle();
    assert.equal((await second).orders[0]!.orderId, "o2");
    assert.equal(src.recent(), second, "no record since: the cache answers");
    assert.equal(calls.length, 2);
  });

  it("an order service that fails or does not answer is an error in the snapshot, not a throw", async () => {
    const down = orderSource({
      orderUrl: "http://order",
      limit: 10,
      cacheMs: 1000,
      fetchImpl: (async () => {
        throw new Error("ECONNREFUSED");
      }) as unknown as typeof fetch,
    });
    assert.match((await down.recent()).error ?? "", /did not answer: ECONNREFUSED/);
    const sick = orderSource({
      orderUrl: "http://order",
      limit: 10,
      cacheMs: 1000,
      fetchImpl: (async () => new Response("", { status: 503 })) as unknown as typeof fetch,
    });
    assert.deepEqual(await sick.recent(), { orders: [], error: "order service answered HTTP 503" });
  });
});
