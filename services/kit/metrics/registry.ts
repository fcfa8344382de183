// One Prometheus registry per process (prom-client): Node's process metrics, every series
// labelled with the process's name, served as text on GET /metrics.
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Route } from "../http/server";

export type MetricsRegistry = Registry;

/** `name` is the process (a service, or "web"); it becomes the `service` label of every series. */
export function createMetricsRegistry(name: string): MetricsRegistry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: name });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The exposition text; collectors read their sources on each scrape (see each metrics module). */
export async function scrape(registry: MetricsRegistry): Promise<{ contentType: string; text: string }> {
  return { contentType: registry.contentType, text: await registry.metrics() };
}

/** GET /metrics for the services' HTTP server. */
export function metricsRoute(registry: MetricsRegistry): Route {
  return {
    method: "GET",
    path: "/metrics",
    handle: async () => {
      const { contentType, text } = await scrape(registry);
      return { status: 200, body: text, contentType };
    },
  };
}

/** Names of the series a registry can expose: a histogram's are its _bucket, _sum and _count. */
export function exposedNames(registry: MetricsRegistry): Set<string> {
  const names = new Set<string>();
  for (const m of registry.getMetricsAsArray()) {
    const type = String(m.type);
    const suffixes =
      type === "histogram" ? ["_bucket", "_sum", "_count"] : type === "summary" ? ["", "_sum", "_count"] : [""];
    for (const s of suffixes) names.add(`${m.name}${s}`);
  }
  return names;
}
