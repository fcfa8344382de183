// The built-in saga's Prometheus metrics (the observer's /metrics; the order service counts the
// sagas started): sagas finished, end-to-end latency, and each hop's outbox wait, Kafka wait
// and handler time, by the topic of the event it produced.
import { Counter, Histogram } from "prom-client";
import type { MetricsRegistry } from "../../../kit/metrics";
import type { SagaRecorder } from "../application/hops";

// From a few milliseconds (one hop on an idle machine) to past SAGA_TIMEOUT_MS (30 s by default).
const SAGA_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const HOP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function sagaMetrics(registry: MetricsRegistry): SagaRecorder {
  const registers = [registry];
  const finished = new Counter({
    name: "sagascope_sagas_finished_total",
    help: "Sagas that ended, by outcome (COMPLETED or CANCELLED) and cancel reason (none when completed).",
    labelNames: ["outcome", "reason"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "sagascope_saga_duration_seconds",
    help: "From the saga's first event (stored with the accepted order) to the one that completed or cancelled it.",
    labelNames: ["outcome"] as const,
    buckets: SAGA_BUCKETS,
    registers,
  });
  const hop = (name: string, help: string) =>
    new Histogram({ name, help, labelNames: ["topic"] as const, buckets: HOP_BUCKETS, registers });
  const outbox = hop(
    "sagascope_hop_outbox_wait_seconds",
    "From the producing transaction to the relay's publish, by the produced event's topic.",
  );
  const kafka = hop(
    "sagascope_hop_kafka_wait_seconds",
    "From the cause's publish to its consumption by the producing handler, by the produced event's topic.",
  );
  const handler = hop(
    "sagascope_hop_handler_seconds",
    "From consuming the cause to the producing transaction, by the produced event's topic.",
  );

  return {
    finished: (outcome, reason, seconds) => {
      finished.inc({ outcome, reason: reason ?? "none" });
      if (seconds !== null) duration.observe({ outcome }, seconds);
    },
    outboxWait: (topic, seconds) => outbox.observe({ topic }, seconds),
    kafkaWait: (topic, seconds) => kafka.observe({ topic }, seconds),
    handlerTime: (topic, seconds) => handler.observe({ topic }, seconds),
  };
}
