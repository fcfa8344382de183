import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Envelope, TopicName } from "../../../contracts";
import type { MessageContext } from "./message";
import { dispatch, DispatchFailure, each, many, type Delivery } from "./dispatch";

const delivery = (topic: TopicName, n: number): Delivery => ({
  event: { eventId: `e${n}` } as unknown as Envelope,
  ctx: { topic, offset: String(n) } as MessageContext,
});

describe("dispatch", () => {
  it("gives a set-based handler each run of its topic in one call, and a one-event handler one call per event", async () => {
    const calls: string[] = [];
    const handlers = {
      "order-create": many(async (ds: Delivery[]) => void calls.push(`many:${ds.map((d) => d.ctx.offset).join(",")}`)),
      "pay-fail": each(async (e: Envelope) => void calls.push(`each:${e.eventId}`)),
    };
    const ds = [
      delivery("order-create", 1),
      delivery("order-create", 2),
      delivery("pay-fail", 3),
      delivery("pay-fail", 4),
      delivery("order-create", 5),
    ];
    await dispatch(handlers, ds);
    assert.deepEqual(calls, ["many:1,2", "each:e3", "each:e4", "many:5"]);
    assert.ok(
      ds.every((d) => d.ctx.receivedAt instanceof Date),
      "each delivery is stamped when handed over",
    );
  });

  it("pins a failure on the call that failed: its first delivery and its size", async () => {
    const handlers = {
      "pay-fail": each(async () => undefined),
      "order-create": many(async () => {
        throw new Error("boom");
      }),
    };
    const err = await dispatch(handlers, [
      delivery("pay-fail", 1),
      delivery("order-create", 2),
      delivery("order-create", 3),
    ]).catch((e) => e);
    assert.ok(err instanceof DispatchFailure);
    assert.deepEqual([err.at, err.size, (err.error as Error).message], [1, 2, "boom"]);
  });

  it("pins an injected fault on the one delivery it hit", async () => {
    let n = 0;
    const before = async () => {
      if (++n === 3) throw new Error("injected");
    };
    const err = await dispatch(
      { "order-create": many(async () => undefined) },
      [1, 2, 3, 4].map((i) => delivery("order-create", i)),
      before,
    ).catch((e) => e);
    assert.ok(err instanceof DispatchFailure);
    assert.deepEqual([err.at, err.size], [2, 1]);
  });
});
