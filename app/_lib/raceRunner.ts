// Runs a race: places the planned orders through the API in their interleaved order, a few at a
// time, and follows each to its end by polling GET /api/orders/:id (a few at a time, rounds a
// moment apart) until every placed order has settled, the deadline passes, or it is stopped.
import type { OrderView } from "../../contracts/api";
import type { SagaMode } from "../../contracts/topics";
import { orderOutcome, type OrderOutcome, type RaceOrder } from "./modeRace";

export type RaceApi = {
  placeOrder: (body: RaceOrder & { mode: SagaMode }) => Promise<{ orderId: string }>;
  order: (id: string) => Promise<OrderView>;
};

export type RacePhase = "placing" | "following" | "done" | "stopped" | "gave-up";

export type RaceProgress = {
  phase: RacePhase;
  requested: number;
  placed: Record<SagaMode, number>;
  rejected: { mode: SagaMode; message: string }[];
  /** Latest outcome per placed order. */
  outcomes: Map<string, OrderOutcome>;
};

export type RaceOptions = {
  concurrency?: number;
  pollMs?: number;
  /** Give up on orders not settled this long after the last placement (past the saga time-out). */
  deadlineMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
};

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (t: T) => Promise<void>,
  stopped: () => boolean,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stopped()) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function runRace(
  plan: readonly (RaceOrder & { mode: SagaMode })[],
  api: RaceApi,
  onProgress: (p: RaceProgress) => void,
  opts: RaceOptions = {},
): Promise<RaceProgress> {
  const { concurrency = 4, pollMs = 300, deadlineMs = 90_000, signal, sleep = pause, now = Date.now } = opts;
  const stopped = () => signal?.aborted === true;
  const p: RaceProgress = {
    phase: "placing",
    requested: plan.length,
    placed: { choreography: 0, orchestration: 0 },
    rejected: [],
    outcomes: new Map(),
  };
  const emit = () =>
    onProgress({ ...p, placed: { ...p.placed }, rejected: [...p.rejected], outcomes: new Map(p.outcomes) });
  const unsettled = new Set<string>();
  let placing = true;

  const place = inParallel(
    plan,
    concurrency,
    async (o) => {
      try {
        const { orderId } = await api.placeOrder(o);
        unsettled.add(orderId);
        p.placed[o.mode]++;
      } catch (e) {
        p.rejected.push({ mode: o.mode, message: (e as Error).message });
      }
      emit();
    },
    stopped,
  ).finally(() => {
    placing = false;
  });

  const follow = async () => {
    let lastPlacedAt = now();
    while (!stopped()) {
      if (placing) lastPlacedAt = now();
      else if (unsettled.size === 0) return "done" as const;
      else if (now() - lastPlacedAt > deadlineMs) return "gave-up" as const;
      await inParallel(
        [...unsettled],
        concurrency,
        async (id) => {
          try {
            const outcome = orderOutcome(await api.order(id));
            p.outcomes.set(id, outcome);
            if (outcome.settled) unsettled.delete(id);
          } catch {
            // The order service may not know an order accepted a moment ago; the next round asks again.
          }
        },
        stopped,
      );
      if (!placing && p.phase === "placing") p.phase = "following";
      emit();
      if (unsettled.size > 0 || placing) await sleep(pollMs);
    }
    return "stopped" as const;
  };

  const [, end] = await Promise.all([place, follow()]);
  p.phase = stopped() ? "stopped" : end;
  emit();
  return p;
}
