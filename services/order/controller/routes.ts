// HTTP controller of the order service (reached through the web gateway's /api/orders).
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from "@opentelemetry/semantic-conventions";
import { ListOrdersQuery, fieldErrors, isUuid } from "../../../contracts";
import type { HandlerDeps } from "../../kit/application/inbox";
import { SagaError } from "../../kit/errors";
import { healthRoute } from "../../kit/http/health";
import type { Route } from "../../kit/http/server";
import { ATTR_ORDER_ID, SpanKind, traced } from "../../kit/telemetry/tracing";
import type { OrderAdmission } from "../application/admission";
import type { OrderQueries, OrderTx } from "../application/ports";
import { orderPlacer } from "../application/place-order";
import type { SagaStarts } from "../application/place-order";

export function orderRoutes(
  deps: HandlerDeps<OrderTx>,
  queries: OrderQueries,
  health: () => Promise<unknown>,
  sagas?: SagaStarts,
  admission?: OrderAdmission,
): Route[] {
  const placeOrder = orderPlacer(deps, sagas, admission);
  return [
    healthRoute(health),
    {
      method: "POST",
      path: "/orders",
      // The root of the order's trace, or a child of the caller's traceparent.
      handle: (req) =>
        traced(
          deps.tracing,
          {
            name: "POST /orders",
            kind: SpanKind.SERVER,
            parent: req.header("traceparent"),
            attributes: { [ATTR_HTTP_REQUEST_METHOD]: "POST", [ATTR_HTTP_ROUTE]: "/orders" },
          },
          async (span) => {
            const body = await placeOrder(
              await req.json(),
              req.header("idempotency-key"),
              span && deps.tracing?.traceparent(span),
            );
            span?.setAttributes({ [ATTR_ORDER_ID]: body.orderId, [ATTR_HTTP_RESPONSE_STATUS_CODE]: 202 });
            return { status: 202, body };
          },
        ),
    },
    {
      method: "GET",
      path: "/orders",
      handle: async (req) => {
        const parsed = ListOrdersQuery.safeParse(Object.fromEntries(req.query));
        if (!parsed.success)
          throw new SagaError("VALIDATION_FAILED", "bad query", { details: fieldErrors(parsed.error) });
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
    { method: "GET", path: "/holdings", handle: async () => ({ status: 200, body: await queries.holdings() }) },
  ];
}
