// Every metric a service process exports beside its own (the order service adds the saga's):
// what runtime.ts registers, and what test/deploy checks the Grafana dashboard against.
import type { FaultState } from "../../../contracts/admin";
import type { Logger } from "../log";
import { consumerMetrics, registerLagGauge, type ConsumerMetrics, type GroupLag } from "./consumer-metrics";
import type { MetricsRegistry } from "./registry";
import { registerFaultGauge, registerOutboxGauges, type OutboxStats } from "./state-metrics";

export type ServiceMetricSources = {
  outbox(): Promise<OutboxStats>;
  faults(): FaultState;
  lag(): Promise<GroupLag[]>;
  log: Logger;
};

export function registerServiceMetrics(registry: MetricsRegistry, sources: ServiceMetricSources): ConsumerMetrics {
  registerOutboxGauges(registry, sources.outbox, sources.log);
  registerFaultGauge(registry, sources.faults);
  registerLagGauge(registry, sources.lag, sources.log);
  return consumerMetrics(registry);
}

export { createMetricsRegistry, exposedNames, metricsRoute, scrape, type MetricsRegistry } from "./registry";
export {
  clusterLagReader,
  kafkaLagReader,
  registerLagGauge,
  type ClusterLagGroup,
  type ConsumerRecorder,
  type GroupLag,
  type LagGroup,
  type LagReader,
} from "./consumer-metrics";
