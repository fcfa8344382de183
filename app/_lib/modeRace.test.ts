import assert from "node:assert/strict";
import { test } from "node:test";
import type { ProductView, UserView } from "../../contracts/api";
import {
  HAPPY,
  HAPPY_ORCH,
  NO_BALANCE,
  NO_BALANCE_ORCH,
  OUT_OF_STOCK,
  OUT_OF_STOCK_ORCH,
  orderView,
} from "../../shared/fixtures";
import { DEFAULT_MIX, interleave, kindOrders, orderOutcome, planKinds, raceInputError } from "./modeRace";
import { summarizeMode } from "./modeSummary";

const products: ProductView[] = [
  { id: "p-cable", name: "Cable", price: 10, stock: 1000, initialStock: 1000 },
  { id: "p-gpu", name: "GPU", price: 900, stock: 1, initialStock: 3 },
  { id: "p-mouse", name: "Mouse", price: 40, stock: 100, initialStock: 100 },
];
const users: UserView[] = [
  { id: "u-carol", name: "Carol", balance: 15, initialBalance: 15 },
  { id: "u-alice", name: "Alice", balance: 1_000_000, initialBalance: 1_000_000 },
];

test("the form's numbers: a whole count up to 200 and shares adding up to 100%", () => {
  assert.equal(raceInputError(20, DEFAULT_MIX), null);
  assert.match(raceInputError(0, DEFAULT_MIX)!, /from 1 to 200/);
  assert.match(raceInputError(201, DEFAULT_MIX)!, /from 1 to 200/);
  assert.match(raceInputError(20, { happy: 50, "out-of-stock": 20, "too-few-points": 20 })!, /add up to 90%/);
});

test("planKinds keeps the mix's proportions and spreads the failures out", () => {
  const plan = planKinds(10, DEFAULT_MIX);
  assert.equal(plan.filter((k) => k === "happy").length, 6);
  assert.equal(plan.filter((k) => k === "out-of-stock").length, 2);
  assert.equal(plan.filter((k) => k === "too-few-points").length, 2);
  assert.notDeepEqual(plan.slice(0, 6), Array(6).fill("happy"));
  assert.deepEqual(planKinds(3, { happy: 100, "out-of-stock": 0, "too-few-points": 0 }), ["happy", "happy", "happy"]);
});

test("interleave places each order in choreography then orchestration", () => {
  assert.deepEqual(interleave(["happy", "out-of-stock"]), [
    { kind: "happy", mode: "choreography" },
    { kind: "happy", mode: "orchestration" },
    { kind: "out-of-stock", mode: "choreography" },
    { kind: "out-of-stock", mode: "orchestration" },
  ]);
});

test("kindOrders picks rich and poor users and plentiful and scarce products from the catalogue", () => {
  const o = kindOrders(products, users);
  assert.ok(!("error" in o));
  assert.deepEqual(o.happy, { userId: "u-alice", items: [{ productId: "p-cable", quantity: 1 }] });
  assert.deepEqual(o["out-of-stock"], { userId: "u-alice", items: [{ productId: "p-gpu", quantity: 4 }] });
  assert.deepEqual(o["too-few-points"], { userId: "u-carol", items: [{ productId: "p-cable", quantity: 2 }] });
  assert.deepEqual(kindOrders(products, users.slice(0, 1)), { error: "the catalogue needs a product and two users" });
});

test("orderOutcome: latency from the first step to the ending step, messages, hops and timings", () => {
  const h = orderOutcome(orderView(HAPPY, { handlerMs: 5, outboxMs: 3, kafkaMs: 10 }));
  assert.equal(h.settled, true);
  assert.equal(h.messages, 5);
  assert.equal(h.hops, 4);
  // order-create at t0; each later step occurs 3 + 10 + 5 ms after the one before; order-complete is the 4th.
  assert.equal(h.endMs! - h.startMs!, 3 * 18);
  assert.equal(h.kafkaMs, 40);
  assert.equal(h.handlerMs, 20);
  assert.equal(h.outboxMs, 15);

  const o = orderOutcome(orderView(HAPPY_ORCH, { handlerMs: 5, outboxMs: 3, kafkaMs: 10 }));
  assert.equal(o.mode, "orchestration");
  assert.equal(o.messages, 6);
  assert.equal(o.endMs! - o.startMs!, 4 * 18); // notification-command (completed) is the 5th
  assert.deepEqual(o.path.slice(0, 2), ["stock-command (take)", "saga-reply (stock-decrease)"]);
});

test("an order is not settled until the notification service has answered", () => {
  const v = orderView(NO_BALANCE_ORCH);
  const cut = { ...v, steps: v.steps.slice(0, -1) };
  assert.equal(orderOutcome(cut).settled, false);
  assert.notEqual(orderOutcome(cut).endMs, null);
  const pending = orderView(NO_BALANCE.slice(0, 3));
  assert.equal(orderOutcome(pending).endMs, null);
  assert.equal(orderOutcome(pending).settled, false);
});

test("summarizeMode: ended of placed, percentiles, means, compensation paths and outcomes by reason", () => {
  const t = Date.UTC(2026, 10, 25, 10);
  const outcomes = [
    orderOutcome(orderView(HAPPY, { startMs: t })),
    orderOutcome(orderView(HAPPY, { startMs: t + 100 })),
    orderOutcome(orderView(OUT_OF_STOCK, { startMs: t + 200 })),
    orderOutcome(orderView(NO_BALANCE, { startMs: t + 300 })),
    orderOutcome(orderView(NO_BALANCE, { startMs: t + 400 })),
    orderOutcome(orderView(OUT_OF_STOCK_ORCH, { startMs: t })),
    orderOutcome(orderView(NO_BALANCE.slice(0, 2), { startMs: t + 500 })),
  ];
  const s = summarizeMode("choreography", 6, outcomes);
  assert.equal(s.placed, 6);
  assert.equal(s.ended, 5);
  assert.deepEqual(s.outcomes, [
    { label: "Cancelled: insufficient balance", count: 2 },
    { label: "Completed", count: 2 },
    { label: "Cancelled: out of stock", count: 1 },
  ]);
  assert.deepEqual(
    s.compensationPaths.map((p) => [p.path.join(" > "), p.count]),
    [
      ["order-create > stock-decrease > pay-fail > stock-restore > order-cancel > notification-send", 2],
      ["order-create > stock-decrease-fail > order-cancel > notification-send", 1],
    ],
  );
  assert.equal(s.messagesPerSaga, (5 + 5 + 4 + 6 + 6) / 5);
  assert.equal(s.latencyMs.p50, 54);
  assert.equal(s.latencyMs.p99, 72);
  // From the first acceptance (t) to the last ending (t + 400 + 4 hops of 18 ms).
  assert.equal(s.wallMs, 400 + 72);
  assert.equal(s.sagasPerSecond, 5 / 0.472);

  const empty = summarizeMode("orchestration", 3, []);
  assert.deepEqual(
    [empty.ended, empty.wallMs, empty.sagasPerSecond, empty.latencyMs.p95, empty.messagesPerSaga],
    [0, null, null, null, null],
  );
});
