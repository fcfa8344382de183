// A service's state, read when Prometheus scrapes: its outbox (rows the relay has not published
// yet, and the age of the oldest) and the operator-injected faults in force.
import { Gauge } from "prom-client";
import type { FaultState } from "../../../contracts/admin";
import type { Logger } from "../log";
import type { MetricsRegistry } from "./registry";

export type OutboxStats = { depth: number; oldestAgeSeconds: number };

/** The outbox gauges; both are NaN (unknown) while the database cannot be read. */
export function registerOutboxGauges(registry: MetricsRegistry, read: () => Promise<OutboxStats>, log: Logger): void {
  // One read serves both gauges: prom-client starts every collect() of a scrape at once.
  let pending: Promise<OutboxStats | null> | null = null;
  const stats = () => {
    pending ??= read()
      .catch((err: Error) => {
        log.warn("outbox unreadable for /metrics", { error: err.message });
        return null;
      })
      .finally(() => (pending = null));
    return pending;
  };
  new Gauge({
    name: "sagascope_outbox_depth",
    help: "Events committed to the outbox and not yet published by the relay.",
    registers: [registry],
    async collect() {
      this.set((await stats())?.depth ?? NaN);
    },
  });
  new Gauge({
    name: "sagascope_outbox_oldest_age_seconds",
    help: "How long the oldest outbox row has waited for the relay (0 when the outbox is empty).",
    registers: [registry],
    async collect() {
      this.set((await stats())?.oldestAgeSeconds ?? NaN);
    },
  });
}

/** The fault kinds of PUT /api/admin/faults/:service, as label values. */
export const FAULT_KINDS = ["fail_next", "fail_rate", "delay", "paused"] as const;

export function faultsInForce(state: FaultState): Record<(typeof FAULT_KINDS)[number], boolean> {
  return {
    fail_next: state.failNext > 0,
    fail_rate: state.failRate > 0,
    delay: state.delayMs > 0,
    paused: state.paused,
  };
}

export function registerFaultGauge(registry: MetricsRegistry, state: () => FaultState): void {
  new Gauge({
    name: "sagascope_faults_in_force",
    help: "1 while an operator-injected fault of this kind is in force in the service, else 0.",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      for (const [kind, on] of Object.entries(faultsInForce(state()))) this.set({ kind }, on ? 1 : 0);
    },
  });
}
