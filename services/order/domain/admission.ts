// Admission of new orders: the saga takes at most as many orders in flight as it finishes in the
// target latency (Little's law: in flight = rate × time), so under overload an order is refused
// at once with a time to retry instead of joining a queue that grows by the second. While the
// system keeps up, the limit is never reached: the orders in flight are rate × the actual
// latency, below rate × the target. Pure: the figures are read elsewhere.

export type AdmissionLimits = {
  /** The latency the limit aims for; 0 turns admission control off. */
  targetLatencyMs: number;
  /** Orders in flight always allowed (an idle system has no rate yet). */
  minInFlight: number;
  maxInFlight: number;
};

export type SagaLoad = { inFlight: number; endsPerSecond: number };

export type Admission = { admit: true } | { admit: false; retryAfterSeconds: number; limit: number };

export function inFlightLimit(load: SagaLoad, limits: AdmissionLimits): number {
  const byRate = Math.round((load.endsPerSecond * limits.targetLatencyMs) / 1000);
  return Math.min(limits.maxInFlight, Math.max(limits.minInFlight, byRate));
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

/** Rate of endings between two readings of the total ended, smoothed (weight of the new reading). */
export function nextRate(previous: number, endedDelta: number, seconds: number, weight = 0.5): number {
  if (seconds <= 0) return previous;
  const current = Math.max(0, endedDelta) / seconds;
  return previous === 0 ? current : previous * (1 - weight) + current * weight;
}
