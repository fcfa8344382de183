// Admission of new orders: the saga takes at most as many orders in flight as it finishes in the
// target latency (Little's law: in flight = rate × time), so under overload an order is refused
// at once with a time to retry instead of joining a queue that grows by the second. While the
// system keeps up, the limit is never reached: the orders in flight are rate × the actual
// latency, below rate × the target. An outage is not overload: when sagas stop ending (a
// participant restarting, its database back in a moment) the rate falls to a fraction of what it
// recently was, and orders keep being taken up to that recent rate × the outage allowance; Kafka
// holds them until the participant is back. An outage begins from a saga that kept up; one that
// was refusing orders a moment ago is overloaded, and its dips in rate (batches come unevenly)
// are no outage. Pure: the figures are read elsewhere.

export type AdmissionLimits = {
  /** The latency the limit aims for; 0 turns admission control off. */
  targetLatencyMs: number;
  /** Orders in flight always allowed (an idle system has no rate yet). */
  minInFlight: number;
  maxInFlight: number;
  /** How long a stall is ridden out before orders are refused; 0: never. */
  outageAllowanceMs: number;
};

/**
 * `recentEndsPerSecond`: the highest rate of late, decaying (recentRate). `carried`: of the sagas
 * in flight, those this process found in flight when it started and that have not ended since (a
 * restart's backlog is not new load: they are let through on top of the floor).
 */
export type SagaLoad = {
  inFlight: number;
  endsPerSecond: number;
  recentEndsPerSecond: number;
  carried?: number;
  shedLately?: boolean;
};

/** Sagas end at under this share of their recent rate: an outage, not a limit reached. */
export const STALL_SHARE = 0.25;

export const stalled = (load: SagaLoad): boolean =>
  !load.shedLately && load.recentEndsPerSecond > 0 && load.endsPerSecond < load.recentEndsPerSecond * STALL_SHARE;

export type Admission = { admit: true } | { admit: false; retryAfterSeconds: number; limit: number };

/** The current rate × the target; in a stall, the recent rate × the outage allowance. */
export function inFlightLimit(load: SagaLoad, limits: AdmissionLimits): number {
  let byRate = Math.round((load.endsPerSecond * limits.targetLatencyMs) / 1000);
  if (stalled(load))
    byRate = Math.max(byRate, Math.round((load.recentEndsPerSecond * limits.outageAllowanceMs) / 1000));
  return Math.min(limits.maxInFlight, Math.max(limits.minInFlight + (load.carried ?? 0), byRate));
}

export function admit(load: SagaLoad, limits: AdmissionLimits): Admission {
  if (limits.targetLatencyMs <= 0) return { admit: true };
  const limit = inFlightLimit(load, limits);
  if (load.inFlight < limit) return { admit: true };
  // Time for the excess to drain at the current rate, at least a second, at most half a minute.
  const excess = load.inFlight - limit + 1;
  const drain = load.endsPerSecond > 0 ? excess / load.endsPerSecond : 30;
  return { admit: false, retryAfterSeconds: Math.min(30, Math.max(1, Math.ceil(drain))), limit };
}

/** The recent rate: the current one, or the last recent one halved every `halfLifeMs`, whichever is higher. */
export function recentRate(previous: number, current: number, seconds: number, halfLifeMs = 60_000): number {
  return Math.max(current, previous * 0.5 ** ((Math.max(0, seconds) * 1000) / halfLifeMs));
}

/** Rate of endings between two readings of the total ended, smoothed (weight of the new reading). */
export function nextRate(previous: number, endedDelta: number, seconds: number, weight = 0.5): number {
  if (seconds <= 0) return previous;
  const current = Math.max(0, endedDelta) / seconds;
  return previous === 0 ? current : previous * (1 - weight) + current * weight;
}
