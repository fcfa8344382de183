// GET /api/orders/:id and /api/orders/:id/trace: the order (its state, items and dead letters)
// from the order service, its journey from the saga observer's records of the built-in saga
// (contracts/order-journey.ts). The order service keeps only orders; every saga's timeline is
// the observer's. With the observer away the order still answers, its journey marked as missing.
import {
  buildOrderTrace,
  journeySteps,
  TRACE_FORMATS,
  traceToMermaid,
  withDuplicateRecords,
  type OrderJourneyView,
  type OrderView,
} from "../../contracts";
import type { SagaInstanceView } from "../../contracts/sagas";
import { SagaError } from "../../services/kit/errors";
import type { WebConfig } from "../config";
import { builtInInstancePath } from "./built-in-saga";
import { send, type ApiContext } from "./forward";
import type { Upstream } from "./upstream";

type Answer = { status: number; body: unknown };

/** The observer's records of one order, [] when it has none yet; null when it cannot be asked. */
async function observedRecords(upstream: Upstream, orderId: string): Promise<SagaInstanceView["steps"] | null> {
  try {
    const r = await upstream.call("observer", builtInInstancePath(orderId));
    if (r.status === 404) return [];
    return r.status === 200 ? r.json<SagaInstanceView>().steps : null;
  } catch {
    return null;
  }
}

/** The order with its whole journey, or the order service's answer when it has no such order. */
export async function composeOrder(config: WebConfig, upstream: Upstream, id: string): Promise<Answer> {
  const r = await upstream.call("order", `/orders/${encodeURIComponent(id)}`);
  const order = { status: r.status, body: r.json() };
  if (order.status !== 200) return order;
  const view = order.body as OrderView;
  const records = await observedRecords(upstream, view.orderId);
  const { steps, duplicates } = journeySteps(view.orderId, records ?? [], config.kafka.topicPrefix, view.steps);
  const body: OrderJourneyView = {
    ...view,
    steps,
    duplicateRecords: duplicates,
    ...(records === null && { journeyMissing: "the saga observer did not answer, so only dead letters are shown" }),
  };
  return { status: 200, body };
}

/** GET /api/orders/:id */
export async function orderJourney(ctx: ApiContext): Promise<void> {
  const answer = await composeOrder(ctx.config, ctx.upstream, ctx.params.id);
  send(ctx.res, answer.status, answer.body);
}

/** GET /api/orders/:id/trace[?format=json|mermaid] */
export async function orderTrace(ctx: ApiContext): Promise<void> {
  const format = ctx.url.searchParams.get("format") ?? "json";
  if (!(TRACE_FORMATS as readonly string[]).includes(format)) {
    throw new SagaError("VALIDATION_FAILED", `format must be one of ${TRACE_FORMATS.join(", ")}`, {
      details: [{ field: "format", message: `unknown format ${format.slice(0, 50)}` }],
    });
  }
  const answer = await composeOrder(ctx.config, ctx.upstream, ctx.params.id);
  if (answer.status !== 200) return send(ctx.res, answer.status, answer.body);
  // The trace counts the duplicates as the journey page does.
  const trace = buildOrderTrace(withDuplicateRecords(answer.body as OrderJourneyView));
  if (format === "json") return send(ctx.res, 200, trace);
  ctx.res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  ctx.res.end(traceToMermaid(trace));
}
