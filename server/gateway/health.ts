// GET /api/health of the web origin: each saga service's /health, the observer's, and the web
// process's live feed. With SAGASCOPE_DEMO=off the saga services do not run: they are still
// reported, but the whole is "ok" once the observer and the live feed are.
import type { HealthView, ObserverHealth, ServiceHealth } from "../../contracts";
import { SERVICES } from "../../contracts";
import { SagaError } from "../../services/kit/errors";
import { readHealthAnswer, unreachable, type HealthAnswer } from "../../services/kit/http/health";
import { send, type ApiContext } from "./forward";
import type { Owner, Upstream } from "./upstream";

/**
 * /api/health's time limit per probe, and the operator's list of faults': both ask every service
 * at once and are polled each second by the chaos panel, so a service that hangs is shown as
 * such, rather than holding the whole answer for the default's 10 s.
 */
export const PROBE_TIMEOUT_MS = 2000;

/** The overall status: what must be up is the observer, the live feed and, with the demo on, every saga service. Pure. */
export function healthStatus(
  h: Pick<HealthView, "services" | "liveFeed"> & { observer: ObserverHealth; demo: boolean },
): HealthView["status"] {
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
async function probe(upstream: Upstream, owner: Owner): Promise<HealthAnswer> {
  try {
    const r = await upstream.call(owner, "/health");
    return readHealthAnswer(r.status, r.body.toString("utf8"));
  } catch (err) {
    return {
      status: "down",
      detail: unreachable(err instanceof SagaError ? err.cause : err, upstream.timeoutMs),
      body: {},
    };
  }
}

/** GET /api/health */
export async function webHealth({ config, upstream, web, res }: ApiContext): Promise<void> {
  const [entries, observer] = await Promise.all([
    Promise.all(SERVICES.map(async (s) => [s, serviceHealthOf(await probe(upstream, s))] as const)),
    probe(upstream, "observer").then(observerHealthOf),
  ]);
  const services = Object.fromEntries(entries) as HealthView["services"];
  const liveFeed = web?.liveFeed();
  const parts = { services, observer, demo: config.demo, ...(liveFeed && { liveFeed }) };
  const view: HealthView = {
    status: healthStatus(parts),
    kafka: { brokers: config.kafka.brokers, topicPrefix: config.kafka.topicPrefix, embedded: config.kafka.embedded },
    ...parts,
  };
  send(res, 200, view);
}
