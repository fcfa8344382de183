// The observer's Prometheus metrics (docs/observability.md), on the registry main.ts builds:
// what its readers read and stored per saga and topic, the records that are no step of an
// instance, each batch transaction's time, the instances by status (one count query per saga
// per scrape, no timer) and the consumer lag of its groups (the kit's gauge).
import type { Kafka } from "kafkajs";
import { Counter, Gauge, Histogram } from "prom-client";
import { SAGA_INSTANCE_STATUSES } from "../../../contracts/sagas";
import type { Logger } from "../../kit/log";
import { clusterLagReader, registerLagGauge, type LagReader, type MetricsRegistry } from "../../kit/metrics";
import type { Sagas } from "../application/definitions";
import type { ObserverRecorder, ObserverStore } from "../application/ports";
import { tallyByTopic } from "../domain/batch";
import { stuckBefore } from "../domain/status";

// One partition batch's transaction: a few milliseconds idle, seconds when PostgreSQL is struggling.
const STORE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function observerMetrics(registry: MetricsRegistry): ObserverRecorder {
  const registers = [registry];
  const labelNames = ["saga", "topic"] as const;
  const counter = (name: string, help: string) =>
    new Counter({ name: `sagascope_observer_${name}_total`, help, labelNames, registers });
  const read = counter(
    "records_read",
    "Records this observer read from Kafka, redeliveries included, by saga and topic.",
  );
  const stored = counter(
    "records_stored",
    "Records this observer stored first: summed over a group's observers, each record once.",
  );
  const notJson = counter("records_not_json", "Stored records whose value is not JSON (kept as text).");
  const notDecodable = counter(
    "records_not_decodable",
    "Stored records whose value the schema registry could not decode (kept as text).",
  );
  const oversized = counter(
    "records_oversized",
    "Stored records above OBSERVER_MAX_VALUE_BYTES (kept without their value).",
  );
  const unmatched = counter("records_unmatched", "Stored records of an instance that match no step of the saga.");
  const uncorrelated = counter(
    "records_uncorrelated",
    "Records whose correlation value cannot be read (counted, not kept).",
  );
  const skipped = counter(
    "records_skipped",
    "Records given up on: never stored (the store refused them past the retry rule); logged with the error.",
  );
  const store = new Histogram({
    name: "sagascope_observer_batch_store_seconds",
    help: "One partition batch's store transaction, by saga and topic.",
    labelNames,
    buckets: STORE_BUCKETS,
    registers,
  });
  return {
    read: (saga, topic, records) => read.inc({ saga, topic }, records),
    skipped: (saga, topic) => skipped.inc({ saga, topic }),
    stored(saga, topic, fresh, seconds) {
      store.observe({ saga, topic }, seconds);
      // A batch whose records were all stored before still has its series (at 0).
      stored.inc({ saga, topic }, 0);
      for (const t of tallyByTopic(fresh)) {
        const labels = { saga, topic: t.topic };
        stored.inc(labels, t.records);
        notJson.inc(labels, t.notJson);
        notDecodable.inc(labels, t.notDecodable);
        oversized.inc(labels, t.oversized);
        unmatched.inc(labels, t.unmatched);
        uncorrelated.inc(labels, t.uncorrelated);
      }
    },
  };
}

/** Instances by saga and status, as the saga's page counts them; NaN while the database cannot be read. */
export function registerInstanceGauge(
  registry: MetricsRegistry,
  deps: { sagas: Sagas; store: Pick<ObserverStore, "statusCounts">; now: () => Date; log: Logger },
): void {
  let warned = false;
  new Gauge({
    name: "sagascope_observer_instances",
    help: "Instances of each watched saga by status (RUNNING, COMPLETED, COMPENSATED, FAILED, CANCELLED, STUCK).",
    labelNames: ["saga", "status"] as const,
    registers: [registry],
    async collect() {
      // The sagas of now: one removed since the last scrape has no series any more.
      this.reset();
      await Promise.all(
        deps.sagas().map(async ({ definition: d }) => {
          const c = await deps.store.statusCounts(d.name, stuckBefore(deps.now(), d.timeoutMs)).catch((err: Error) => {
            if (!warned) deps.log.warn("instance counts unreadable for /metrics", { saga: d.name, error: err.message });
            warned = true;
            return null;
          });
          for (const status of SAGA_INSTANCE_STATUSES)
            this.set({ saga: d.name, status }, c ? (c.get(status) ?? 0) : NaN);
        }),
      );
    },
  });
}

/** `sagascope_consumer_lag_messages` of each saga's group on the topics of it that exist. */
export function registerObserverLag(
  registry: MetricsRegistry,
  deps: {
    kafka: Kafka;
    sagas: Sagas;
    groupId(saga: string): string;
    presentTopics(saga: string): string[];
    log: Logger;
  },
): LagReader {
  const lag = clusterLagReader({
    kafka: deps.kafka,
    groups: () =>
      deps.sagas().map(({ definition: d }) => ({ groupId: deps.groupId(d.name), topics: deps.presentTopics(d.name) })),
  });
  registerLagGauge(registry, lag.read, deps.log);
  return lag;
}

export type ObserverMetricSources = {
  kafka: Kafka;
  sagas: Sagas;
  store: Pick<ObserverStore, "statusCounts">;
  now: () => Date;
  groupId(saga: string): string;
  presentTopics(saga: string): string[];
  log: Logger;
};

/** Every series the observer adds to its process's registry (main.ts; test/deploy checks the dashboard against it). */
export function registerObserverMetrics(
  registry: MetricsRegistry,
  sources: ObserverMetricSources,
): { recorder: ObserverRecorder; lag: LagReader } {
  registerInstanceGauge(registry, sources);
  return { recorder: observerMetrics(registry), lag: registerObserverLag(registry, sources) };
}
