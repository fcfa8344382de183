// The /modes race as data: the order mix placed in both saga modes, what one finished order
// tells (latency, messages, hops, where its time went, its path), and each mode's summary.
import type { OrderView, ProductView, UserView } from "../../contracts/api";
import { sagaEnding, stepName, timedSteps } from "../../contracts/saga-steps";
import { timingTotals } from "../../contracts/timings";
import { SAGA_MODES, type CancelReason, type OrderItem, type SagaMode } from "../../contracts/topics";

export const RACE_KINDS = ["happy", "out-of-stock", "too-few-points"] as const;
export type RaceKind = (typeof RACE_KINDS)[number];
export const RACE_KIND_LABEL: Record<RaceKind, string> = {
  happy: "Happy",
  "out-of-stock": "Out of stock",
  "too-few-points": "Too few points",
};
/** Percent of each kind; the form's defaults. */
export type RaceMix = Record<RaceKind, number>;
export const DEFAULT_MIX: RaceMix = { happy: 60, "out-of-stock": 20, "too-few-points": 20 };
export const DEFAULT_PER_MODE = 20;
export const MAX_PER_MODE = 200;

/** What is wrong with the form's numbers, if anything. */
export function raceInputError(perMode: number, mix: RaceMix): string | null {
  if (!Number.isInteger(perMode) || perMode < 1 || perMode > MAX_PER_MODE)
    return `orders per mode must be a whole number from 1 to ${MAX_PER_MODE}`;
  if (RACE_KINDS.some((k) => !Number.isInteger(mix[k]) || mix[k] < 0))
    return "each share must be a whole number of percent, 0 or more";
  const sum = RACE_KINDS.reduce((s, k) => s + mix[k], 0);
  return sum === 100 ? null : `the shares add up to ${sum}%, not 100%`;
}

/** `n` kinds in the mix's proportions, spread out (each next one is the kind furthest behind its share). */
export function planKinds(n: number, mix: RaceMix): RaceKind[] {
  const total = RACE_KINDS.reduce((s, k) => s + mix[k], 0) || 1;
  const given: Record<RaceKind, number> = { happy: 0, "out-of-stock": 0, "too-few-points": 0 };
  const out: RaceKind[] = [];
  for (let i = 1; i <= n; i++) {
    const behind = (k: RaceKind) => (mix[k] / total) * i - given[k];
    const kind = RACE_KINDS.filter((k) => mix[k] > 0).reduce((a, b) => (behind(b) > behind(a) ? b : a));
    given[kind]++;
    out.push(kind);
  }
  return out;
}

export type RaceOrder = { userId: string; items: OrderItem[] };

/**
 * One request per kind from the live catalogue, as the e2e fixtures pick: the richest user buys
 * one of the most plentiful product; out of stock asks the scarcest product for more than it ever
 * held; the poorest user asks for one more than they can pay of a product with stock to spare.
 */
export function kindOrders(
  products: readonly ProductView[],
  users: readonly UserView[],
): Record<RaceKind, RaceOrder> | { error: string } {
  if (!products.length || users.length < 2) return { error: "the catalogue needs a product and two users" };
  const byStock = [...products].sort((a, b) => b.stock - a.stock);
  const byBalance = [...users].sort((a, b) => b.balance - a.balance);
  const rich = byBalance[0];
  const poor = byBalance[byBalance.length - 1];
  const scarce = byStock[byStock.length - 1];
  const affordable = byStock.find((p) => p.price > 0 && p.stock >= Math.floor(poor.balance / p.price) + 11);
  if (!affordable) return { error: `no product has stock to spare for an order ${poor.name} cannot pay` };
  return {
    happy: { userId: rich.id, items: [{ productId: byStock[0].id, quantity: 1 }] },
    "out-of-stock": {
      userId: rich.id,
      items: [{ productId: scarce.id, quantity: Math.max(scarce.stock, scarce.initialStock) + 1 }],
    },
    "too-few-points": {
      userId: poor.id,
      items: [{ productId: affordable.id, quantity: Math.floor(poor.balance / affordable.price) + 1 }],
    },
  };
}

/** The same kinds in both modes, interleaved: choreography, orchestration, choreography, … */
export function interleave(kinds: readonly RaceKind[]): { kind: RaceKind; mode: SagaMode }[] {
  return kinds.flatMap((kind) => SAGA_MODES.map((mode) => ({ kind, mode })));
}

/** What one order's journey tells the race. */
export type OrderOutcome = {
  orderId: string;
  mode: SagaMode;
  status: OrderView["status"];
  reason: CancelReason | null;
  /** First step's occurredAt and the ending step's (sagaEnding), epoch ms; end null while running. */
  startMs: number | null;
  endMs: number | null;
  /** The saga ended and its notification was answered: the journey will not grow (barring time-outs' late replies). */
  settled: boolean;
  messages: number;
  /** Steps whose handler consumed another step of this journey. */
  hops: number;
  kafkaMs: number;
  outboxMs: number;
  handlerMs: number;
  /** stepName of each distinct event, in saga order. */
  path: string[];
};

export function orderOutcome(view: OrderView): OrderOutcome {
  const { steps } = timedSteps(view.steps);
  const ending = steps.find((s) => sagaEnding(s.step.envelope));
  const totals = timingTotals(steps.map((s) => s.timing));
  // The notification service publishes one thing in either mode, the notice (or its reply): the last step.
  const notified = steps.some(({ step }) => step.producer === "notification");
  return {
    orderId: view.orderId,
    mode: view.mode,
    status: view.status,
    reason: view.reason,
    startMs: steps.length ? Date.parse(steps[0].step.occurredAt) : null,
    endMs: ending ? Date.parse(ending.step.occurredAt) : null,
    settled: view.status !== "PENDING" && ending !== undefined && notified,
    messages: steps.length,
    hops: steps.filter((s) => s.cause !== null).length,
    ...totals,
    path: steps.map((s) => stepName(s.step.envelope)),
  };
}
