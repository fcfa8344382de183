// GET /api/health of the web origin: each saga service's /health, the observer's, and the web
// process's live feed. With SAGASCOPE_DEMO=off the saga services do not run: they are still
// reported, but the whole is "ok" once the observer and the live feed are.
import type { HealthView, ObserverHealth, ServiceHealth } from "../../contracts";
import { SERVICES } from "../../contracts";
import type { WebConfig } from "../config";

/** What the web process adds to /api/health beside the services: its live feed. */
export type WebState = { liveFeed(): "connecting" | "up" | "down" };

/** The overall status: what must be up is the observer, the live feed and, with the demo on, every saga service. Pure. */
export function healthStatus(h: Pick<HealthView, "services" | "liveFeed"> & { observer: ObserverHealth; demo: boolean }): HealthView["status"] {
  const servicesUp = !h.demo || Object.values(h.services).every((s) => s.status === "up");
  return servicesUp && h.observer.status === "up" && (h.liveFeed ?? "up") === "up" ? "ok" : "degraded";
}

async function serviceHealth(url: string): Promise<ServiceHealth> {
  try {
    const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await r.json()) as Omit<ServiceHealth, "status"> & { status?: string };
    const figures = {
      outboxDepth: body.outboxDepth,
      published: body.published,
      deadLettered: body.deadLettered,
      parked: body.parked,
      shed: body.shed,
      database: body.database,
      broker: body.broker,
      faults: body.faults,
    };
    return r.ok ? { status: "up", ...figures } : { status: "down", detail: body.detail ?? `HTTP ${r.status}`, ...figures };
  } catch (err) {
    return { status: "down", detail: (err as Error).message };
  }
}

async function observerHealth(url: string): Promise<ObserverHealth> {
  try {
    const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await r.json()) as { detail?: string };
    return r.ok ? { status: "up" } : { status: "down", detail: body.detail ?? `HTTP ${r.status}` };
  } catch (err) {
    return { status: "down", detail: (err as Error).message };
  }
}

export async function webHealth(config: WebConfig, web?: WebState): Promise<HealthView> {
  const [entries, observer] = await Promise.all([Promise.all(SERVICES.map(async (s) => [s, await serviceHealth(config.services[s])] as const)), observerHealth(config.observerUrl)]);
  const services = Object.fromEntries(entries) as HealthView["services"];
  const liveFeed = web?.liveFeed();
  const parts = { services, observer, demo: config.demo, ...(liveFeed && { liveFeed }) };
  return { status: healthStatus(parts), kafka: { brokers: config.kafka.brokers, topicPrefix: config.kafka.topicPrefix, embedded: config.kafka.embedded }, ...parts };
}
