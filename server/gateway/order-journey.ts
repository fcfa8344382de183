// GET /api/orders/:id and /api/orders/:id/trace: the order (its state, items and dead letters)
// from the order service, its journey from the saga observer's records of the built-in saga
// (contracts/order-journey.ts). The order service keeps only orders; every saga's timeline is
// the observer's. With the observer away the order still answers, its journey marked as missing.
import type { IncomingMessage, ServerResponse } from "node:http";
import { buildOrderTrace, journeySteps, TRACE_FORMATS, traceToMermaid, type OrderView } from "../../contracts";
import type { SagaInstanceView } from "../../contracts/sagas";
import { SagaError } from "../../services/kit/errors";
import type { WebConfig } from "../config";
import { send, unavailable } from "./forward";

const ORDER_PATH = /^\/api\/orders\/([^/]+)(\/trace)?$/;

/** The order id and whether the trace is asked for, when the path is one of this module's. */
export function orderJourneyPath(pathname: string): { id: string; trace: boolean } | null {
  const m = ORDER_PATH.exec(pathname);
  return m ? { id: m[1]!, trace: Boolean(m[2]) } : null;
}

type Upstream = { status: number; body: unknown };

async function getJson(url: string, onError: (err: unknown) => Error): Promise<Upstream> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return { status: r.status, body: await r.json() };
  } catch (err) {
    throw onError(err);
  }
}

/** The observer's records of one order, [] when it has none yet; null when it cannot be asked. */
async function observedRecords(config: WebConfig, orderId: string): Promise<SagaInstanceView["steps"] | null> {
  try {
    const r = await getJson(`${config.observerUrl}/sagas/orders/instances/${encodeURIComponent(orderId)}`, (err) => new SagaError("DEPENDENCY_UNAVAILABLE", "the observer did not answer", { cause: err }));
    if (r.status === 404) return [];
    return r.status === 200 ? (r.body as SagaInstanceView).steps : null;
  } catch {
    return null;
  }
}

/** The order with its whole journey, or the order service's answer when it has no such order. */
export async function composeOrder(config: WebConfig, id: string): Promise<Upstream> {
  const order = await getJson(`${config.services.order}/orders/${encodeURIComponent(id)}`, (err) => unavailable("order", err));
  if (order.status !== 200) return order;
  const view = order.body as OrderView;
  const records = await observedRecords(config, view.orderId);
  const steps = journeySteps(view.orderId, records ?? [], config.kafka.topicPrefix, view.steps);
  const body: OrderView = { ...view, steps, ...(records === null && { journeyMissing: "the saga observer did not answer, so only dead letters are shown" }) };
  return { status: 200, body };
}

export async function handleOrderJourney(config: WebConfig, req: IncomingMessage, res: ServerResponse, url: URL, path: { id: string; trace: boolean }): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") throw new SagaError("METHOD_NOT_ALLOWED", `${req.method} is not allowed here`);
  const format = url.searchParams.get("format") ?? "json";
  if (path.trace && !(TRACE_FORMATS as readonly string[]).includes(format)) {
    throw new SagaError("VALIDATION_FAILED", `format must be one of ${TRACE_FORMATS.join(", ")}`, { details: [{ field: "format", message: `unknown format ${format.slice(0, 50)}` }] });
  }
  const answer = await composeOrder(config, path.id);
  if (answer.status !== 200 || !path.trace) return send(res, answer.status, answer.body);
  const trace = buildOrderTrace(answer.body as OrderView);
  if (format === "json") return send(res, 200, trace);
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(traceToMermaid(trace));
}
