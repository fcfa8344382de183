// GET /api/health of the web origin: each saga service's /health, the observer's, and the web
// process's live feed. With SAGASCOPE_DEMO=off the saga services do not run: they are still
// reported, but the whole is "ok" once the observer and the live feed are.
import type { HealthView, ObserverHealth, ServiceHealth } from "../../contracts";
import { SERVICES } from "../../contracts";
import { readHealthAnswer, unreachable, type HealthAnswer } from "../../services/kit/http/health";
import type { WebConfig } from "../config";

/** What the web process adds to /api/health beside the services: its live feed. */
export type WebState = { liveFeed(): "connecting" | "up" | "down" };

const PROBE_TIMEOUT_MS = 2000;

/** The overall status: what must be up is the observer, the live feed and, with the demo on, every saga service. Pure. */
export function healthStatus(h: Pick<HealthView, "services" | "liveFeed"> & { observer: ObserverHealth; demo: boolean }): HealthView["status"] {
  const servicesUp = !h.demo || Object.values(h.services).every((s) => s.status === "up");
  return servicesUp && h.observer.status === "up" && (h.liveFeed ?? "up") === "up" ? "ok" : "degraded";
}

/** A saga service as /api/health shows it: the readiness read from status and body, with the figures the body carries. Pure. */
export function serviceHealthOf(answer: HealthAnswer): ServiceHealth {
  const b = answer.body as Partial<ServiceHealth>;
  const figures = {
    outboxDepth: b.outboxDepth,
    published: b.published,
    deadLettered: b.deadLettered,
    parked: b.parked,
    shed: b.shed,
    database: b.database,
    broker: b.broker,
    faults: b.faults,
  };
  return answer.status === "up" ? { status: "up", ...figures } : { status: "down", detail: answer.detail, ...figures };
}

/** The observer as /api/health shows it: up or down, and why. Pure. */
export function observerHealthOf(answer: HealthAnswer): ObserverHealth {
  return answer.status === "up" ? { status: "up" } : { status: "down", detail: answer.detail };
}

/** One /health request: a 503 with a body is that body's "down", only no answer at all is "unreachable". */
async function probe(url: string): Promise<HealthAnswer> {
  try {
    const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return readHealthAnswer(r.status, await r.text());
  } catch (err) {
    return { status: "down", detail: unreachable(err, PROBE_TIMEOUT_MS), body: {} };
  }
}

export async function webHealth(config: WebConfig, web?: WebState): Promise<HealthView> {
  const [entries, observer] = await Promise.all([
    Promise.all(SERVICES.map(async (s) => [s, serviceHealthOf(await probe(config.services[s]))] as const)),
    probe(config.observerUrl).then(observerHealthOf),
  ]);
  const services = Object.fromEntries(entries) as HealthView["services"];
  const liveFeed = web?.liveFeed();
  const parts = { services, observer, demo: config.demo, ...(liveFeed && { liveFeed }) };
  return { status: healthStatus(parts), kafka: { brokers: config.kafka.brokers, topicPrefix: config.kafka.topicPrefix, embedded: config.kafka.embedded }, ...parts };
}
