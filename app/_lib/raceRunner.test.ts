import assert from "node:assert/strict";
import { test } from "node:test";
import type { OrderView } from "../../contracts/api";
import type { SagaMode } from "../../contracts/topics";
import { HAPPY, HAPPY_ORCH, OUT_OF_STOCK, orderView } from "../../shared/fixtures";
import type { RaceOrder } from "./modeRace";
import { runRace, type RaceProgress } from "./raceRunner";

const order: RaceOrder = { userId: "u-alice", items: [{ productId: "p-cable", quantity: 1 }] };

/** A fake API whose orders settle after `roundsToSettle` reads; a user "u-bad" is refused. */
function fakeApi(roundsToSettle: number) {
  const placed: (RaceOrder & { mode: SagaMode })[] = [];
  const reads = new Map<string, number>();
  const views = new Map<string, OrderView>();
  return {
    placed,
    api: {
      async placeOrder(body: RaceOrder & { mode: SagaMode }) {
        if (body.userId === "u-bad") throw new Error("HTTP 400");
        placed.push(body);
        const v = orderView(body.mode === "orchestration" ? HAPPY_ORCH : placed.length === 1 ? OUT_OF_STOCK : HAPPY);
        views.set(v.orderId, v);
        return { orderId: v.orderId };
      },
      async order(id: string) {
        const n = (reads.get(id) ?? 0) + 1;
        reads.set(id, n);
        const v = views.get(id)!;
        return n >= roundsToSettle ? v : { ...v, status: "PENDING" as const, steps: v.steps.slice(0, 2) };
      },
    },
  };
}

test("places the plan in its order, follows every order until settled, and reports progress", async () => {
  const { api, placed } = fakeApi(3);
  const seen: RaceProgress[] = [];
  const plan = [
    { ...order, mode: "choreography" as const },
    { ...order, mode: "orchestration" as const },
    { ...order, mode: "choreography" as const },
    { ...order, userId: "u-bad", mode: "orchestration" as const },
  ];
  const end = await runRace(plan, api, (p) => seen.push(p), { concurrency: 1, sleep: async () => {} });
  assert.deepEqual(
    placed.map((o) => o.mode),
    ["choreography", "orchestration", "choreography"],
  );
  assert.equal(end.phase, "done");
  assert.deepEqual(end.placed, { choreography: 2, orchestration: 1 });
  assert.deepEqual(end.rejected, [{ mode: "orchestration", message: "HTTP 400" }]);
  assert.equal(end.outcomes.size, 3);
  assert.ok([...end.outcomes.values()].every((o) => o.settled));
  assert.ok(
    seen.some((p) => p.phase === "placing") &&
      seen.some((p) => p.outcomes.size > 0 && [...p.outcomes.values()].some((o) => !o.settled)),
  );
});

test("gives up on orders that do not settle by the deadline, and stops when aborted", async () => {
  let clock = 0;
  const never = fakeApi(Infinity);
  const gaveUp = await runRace([{ ...order, mode: "choreography" }], never.api, () => {}, {
    deadlineMs: 1000,
    sleep: async (ms) => void (clock += ms),
    now: () => clock,
  });
  assert.equal(gaveUp.phase, "gave-up");
  assert.equal(gaveUp.outcomes.get([...gaveUp.outcomes.keys()][0])!.settled, false);

  const ac = new AbortController();
  const stopped = await runRace([{ ...order, mode: "choreography" }], fakeApi(Infinity).api, () => {}, {
    signal: ac.signal,
    sleep: async () => ac.abort(),
  });
  assert.equal(stopped.phase, "stopped");
});
