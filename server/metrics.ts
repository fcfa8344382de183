// GET /metrics on the web origin (outside /api; server/main.ts answers it before Next): the web
// process's Prometheus registry, with Node's process metrics and the bridge group's consumer lag.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Kafka } from "kafkajs";
import { TOPICS } from "../contracts";
import type { Logger } from "../services/kit/log";
import { createMetricsRegistry, kafkaLagReader, scrape, type MetricsRegistry } from "../services/kit/metrics";
import { registerLagGauge } from "../services/kit/metrics/consumer-metrics";
import { bridgeGroupId } from "./bridge";
import type { WebConfig } from "./config";
import { SagaError } from "../services/kit/errors";
import { sendError } from "./gateway/forward";

export type WebMetrics = {
  registry: MetricsRegistry;
  /** Answers /metrics; returns false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): Promise<void>;
};

export function createWebMetrics(deps: { kafka: Kafka; config: WebConfig; log: Logger }): WebMetrics {
  const registry = createMetricsRegistry("web");
  const lag = kafkaLagReader({
    kafka: deps.kafka,
    topicPrefix: deps.config.kafka.topicPrefix,
    groups: () => [{ groupId: bridgeGroupId(deps.config), topics: TOPICS }],
  });
  registerLagGauge(registry, lag.read, deps.log);
  return { registry, handle: (req, res) => handleMetrics(registry, req, res), close: lag.close };
}

function isMetricsPath(target: string | undefined): boolean {
  try {
    return new URL(target ?? "/", "http://localhost").pathname === "/metrics";
  } catch {
    return false;
  }
}

export async function handleMetrics(
  registry: MetricsRegistry,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (!isMetricsPath(req.url)) return false;
  if (req.method !== "GET") {
    sendError(res, new SagaError("METHOD_NOT_ALLOWED", `${req.method} is not allowed here`));
    return true;
  }
  try {
    const { contentType, text } = await scrape(registry);
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
    res.end(text);
  } catch (err) {
    sendError(res, new SagaError("INTERNAL", "the metrics could not be collected", { cause: err }), req.url);
  }
  return true;
}
