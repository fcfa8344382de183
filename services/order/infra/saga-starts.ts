// The order service's one saga metric: sagas started, counted as the transaction that accepted
// their orders commits. The rest of the saga's figures (endings, latency, hops) are the saga
// observer's (services/observer/infra/hop-metrics.ts).
import { Counter } from "prom-client";
import type { MetricsRegistry } from "../../kit/metrics";
import type { SagaStarts } from "../application/place-order";

export function sagaStartMetrics(registry: MetricsRegistry): SagaStarts {
  const started = new Counter({
    name: "sagascope_sagas_started_total",
    help: "Orders accepted: stored PENDING with their first event.",
    registers: [registry],
  });
  return { started: (count) => started.inc(count) };
}
