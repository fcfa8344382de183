// HTTP controller of the order service (reached through the web gateway's /api/orders).
import { buildOrderTrace, ListOrdersQuery, fieldErrors, isUuid, TRACE_FORMATS, traceToMermaid } from "../../../contracts";
import type { HandlerDeps } from "../../kit/application/inbox";
import { SagaError } from "../../kit/errors";
import type { Route } from "../../kit/http/server";
import type { OrderQueries, OrderTx } from "../application/ports";
import { orderPlacer } from "../application/place-order";
import type { SagaRecorder } from "../application/saga-observer";

export function orderRoutes(deps: HandlerDeps<OrderTx>, queries: OrderQueries, health: () => Promise<unknown>, sagas?: Pick<SagaRecorder, "started">): Route[] {
  const placeOrder = orderPlacer(deps, sagas);
  return [
    { method: "GET", path: "/health", handle: async () => ({ status: 200, body: await health() }) },
    {
      method: "POST",
      path: "/orders",
      handle: async (req) => ({ status: 202, body: await placeOrder(await req.json(), req.header("idempotency-key")) }),
    },
    {
      method: "GET",
      path: "/orders",
      handle: async (req) => {
        const parsed = ListOrdersQuery.safeParse(Object.fromEntries(req.query));
        if (!parsed.success) throw new SagaError("VALIDATION_FAILED", "bad query", { details: fieldErrors(parsed.error) });
        return { status: 200, body: await queries.list(parsed.data) };
      },
    },
    {
      method: "GET",
      path: "/orders/:id",
      handle: async (req) => {
        if (!isUuid(req.params.id)) throw new SagaError("NOT_FOUND", "no such order");
        const order = await queries.get(req.params.id.toLowerCase());
        if (!order) throw new SagaError("NOT_FOUND", `order ${req.params.id} not found`);
        return { status: 200, body: order };
      },
    },
    {
      // The journey as JSON, or ?format=mermaid as a sequence diagram (contracts/trace*.ts).
      method: "GET",
      path: "/orders/:id/trace",
      handle: async (req) => {
        const format = req.query.get("format") ?? "json";
        if (!(TRACE_FORMATS as readonly string[]).includes(format)) {
          throw new SagaError("VALIDATION_FAILED", `format must be one of ${TRACE_FORMATS.join(", ")}`, { details: [{ field: "format", message: `unknown format ${format.slice(0, 50)}` }] });
        }
        const order = isUuid(req.params.id) ? await queries.get(req.params.id.toLowerCase()) : null;
        if (!order) throw new SagaError("NOT_FOUND", `order ${req.params.id} not found`);
        const trace = buildOrderTrace(order);
        return format === "mermaid" ? { status: 200, body: traceToMermaid(trace), contentType: "text/plain; charset=utf-8" } : { status: 200, body: trace };
      },
    { method: "GET", path: "/holdings", handle: async () => ({ status: 200, body: await queries.holdings() }) },
  ];
}
