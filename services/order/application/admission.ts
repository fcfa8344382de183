// Admission control for POST /orders (domain/admission.ts decides): the sagas in flight and
// the rate they end at are read from the order tally at most every `refreshMs`, and only while
// orders arrive (an idle service reads nothing). Orders admitted but not yet stored when a reading
// began count as in flight beside it, so a burst cannot slip through between two readings.
import { SagaError } from "../../kit/errors";
import { admit, nextRate, recentRate, type AdmissionLimits, type SagaLoad } from "../domain/admission";

/** Sagas in flight (PENDING orders) and the total ended so far, over every instance. */
export type SagaTotals = () => Promise<{ inFlight: number; ended: number }>;

export type OrderAdmission = {
  /** Throws OVERLOADED (503 with Retry-After) when the order must be refused. */
  check(): Promise<void>;
  /** An admitted order's store has settled (stored, or failed). */
  settled(): void;
  shed(): number;
};

/** A refusal this recent means overload: a dip in the rate is then no outage. */
export const OVERLOAD_MEMORY_MS = 10_000;

/** How far back a starting service looks for the rate the saga kept before it started. */
export const START_WINDOW_MS = 10_000;

export function orderAdmission(
  read: SagaTotals,
  limits: AdmissionLimits,
  opts: {
    refreshMs?: number;
    now?: () => number;
    onShed?: () => void;
    recentEndRate?: (ms: number) => Promise<number>;
  } = {},
): OrderAdmission {
  const refreshMs = opts.refreshMs ?? 250;
  const now = opts.now ?? (() => performance.now());
  let load: SagaLoad = { inFlight: 0, endsPerSecond: 0, recentEndsPerSecond: 0 };
  let last: { at: number; ended: number } | null = null;
  let first: { inFlight: number; ended: number } | null = null;
  let admitted = 0;
  let settled = 0;
  let settledBeforeReading = 0; // admissions the last reading certainly saw
  let refreshing: Promise<void> | null = null;
  let shed = 0;
  let lastShedAt = -Infinity;

  const refresh = () =>
    (refreshing ??= (async () => {
      try {
        const at = now();
        const before = settled;
        const totals = await read();
        settledBeforeReading = before;
        const seconds = last ? (at - last.at) / 1000 : 0;
        const endsPerSecond = last ? nextRate(load.endsPerSecond, totals.ended - last.ended, seconds) : 0;
        if (!first) {
          first = { inFlight: totals.inFlight, ended: totals.ended };
          // A restarted service knows no rate yet: the one the saga kept before it is in its table.
          load = {
            ...load,
            recentEndsPerSecond: opts.recentEndRate ? await opts.recentEndRate(START_WINDOW_MS).catch(() => 0) : 0,
          };
        }
        const carried = Math.max(0, first.inFlight - (totals.ended - first.ended));
        load = {
          inFlight: totals.inFlight,
          endsPerSecond,
          recentEndsPerSecond: recentRate(load.recentEndsPerSecond, endsPerSecond, seconds),
          carried,
        };
        last = { at, ended: totals.ended };
      } catch {
        // The database is down: placing the order fails on its own, with its own error.
      } finally {
        refreshing = null;
      }
    })());

  return {
    async check() {
      if (limits.targetLatencyMs <= 0) return;
      if (!last) await refresh();
      else if (now() - last.at >= refreshMs) void refresh();
      const verdict = admit(
        {
          ...load,
          inFlight: load.inFlight + (admitted - settledBeforeReading),
          shedLately: now() - lastShedAt < OVERLOAD_MEMORY_MS,
        },
        limits,
      );
      if (verdict.admit) {
        admitted++;
        return;
      }
      shed++;
      lastShedAt = now();
      opts.onShed?.();
      throw new SagaError("OVERLOADED", `the saga is at its limit of ${verdict.limit} orders in flight; retry later`, {
        retryAfterSeconds: verdict.retryAfterSeconds,
      });
    },
    settled: () => void settled++,
    shed: () => shed,
  };
}
