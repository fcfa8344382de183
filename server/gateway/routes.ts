// The public HTTP API on the web origin (docs/http-api.md) as one table: each /api path is
// answered by the service that owns the data, the observer, or the gateway itself from what they
// answer (services never call each other; the gateway is the browser's only way in). Rows are
// matched as the kit's server matches its routes: 404 for no path, 405 for a path's other methods.
import { METHODS, type IncomingMessage, type ServerResponse } from "node:http";
import type { Holdings, ProductView, UserView } from "../../contracts";
import { checkConservation } from "../../contracts";
import { DEFINITIONS_PATH } from "../../contracts/sagas";
import { SagaError, toSagaError } from "../../services/kit/errors";
import { findRoute, parseRequestTarget } from "../../services/kit/http/server";
import type { WebConfig } from "../config";
import { ADMIN_PREFIX, allFaults, checkOperator, duplicate, operator } from "./admin";
import { forwardTo, send, sendError, type ApiContext, type ApiRoute, type WebState } from "./forward";
import { PROBE_TIMEOUT_MS, webHealth } from "./health";
import { orderJourney, orderTrace } from "./order-journey";
import { createUpstream } from "./upstream";

export type { WebState };

/** Discovery reads for at most its `seconds` (30) and a grace to join and read (topic-sampler.ts). */
const DISCOVER_TIMEOUT_MS = 50_000;

type Row = Omit<ApiRoute, "method">;
const each = (methods: readonly string[], row: Row): ApiRoute[] => methods.map((method) => ({ method, ...row }));
const READ = ["GET", "HEAD"];
// Health and the invariants read the same whatever the method, as they did before this table.
const ANY = METHODS;

/** Conservation checked live; it must hold whenever no order is in flight (docs/contract.md). */
async function invariants({ upstream, res }: ApiContext): Promise<void> {
  const [products, users, holdings] = await Promise.all([
    upstream.read<ProductView[]>("stock", "/products"),
    upstream.read<UserView[]>("balance", "/users"),
    upstream.read<Holdings>("order", "/holdings"),
  ]);
  const inFlight = holdings.byStatus.PENDING ?? 0;
  send(res, 200, {
    ...checkConservation(products, users, holdings),
    inFlight,
    quiet: inFlight === 0,
    orders: holdings.byStatus,
  });
}

export const API_ROUTES: readonly ApiRoute[] = [
  ...each(ANY, { path: "/api/health", timeoutMs: PROBE_TIMEOUT_MS, handle: webHealth }),
  ...each(ANY, { path: "/api/invariants", handle: invariants }),
  { method: "GET", path: "/api/orders", handle: forwardTo("order", "/orders") },
  { method: "POST", path: "/api/orders", handle: forwardTo("order", "/orders") },
  ...each(READ, { path: "/api/orders/:id", handle: orderJourney }),
  ...each(READ, { path: "/api/orders/:id/trace", handle: orderTrace }),
  { method: "GET", path: "/api/products", handle: forwardTo("stock", "/products") },
  { method: "GET", path: "/api/users", handle: forwardTo("balance", "/users") },
  { method: "GET", path: "/api/notifications", handle: forwardTo("notification", "/notifications") },
  // The definition files, and saving one from /sagas/new (attach.md, "Definitions without a restart").
  ...each(READ, {
    path: `/api/sagas/${DEFINITIONS_PATH}`,
    handle: forwardTo("observer", `/sagas/${DEFINITIONS_PATH}`),
  }),
  {
    method: "POST",
    path: `/api/sagas/${DEFINITIONS_PATH}`,
    handle: forwardTo("observer", `/sagas/${DEFINITIONS_PATH}`),
  },
  // Every watched saga's API is the observer's, read-only (docs/attach.md).
  {
    method: "POST",
    path: "/api/sagas/discover",
    timeoutMs: DISCOVER_TIMEOUT_MS,
    handle: forwardTo("observer", "/sagas/discover"),
  },
  ...each(READ, { path: "/api/kafka/topics", handle: forwardTo("observer", "/kafka/topics") }),
  ...each(READ, { path: "/api/sagas/*", handle: forwardTo("observer", "/sagas/*") }),
  // A business id across every saga, the built-in one included (attach.md, "Finding a business id").
  ...each(READ, { path: "/api/search", handle: forwardTo("observer", "/search") }),
  { method: "GET", path: "/api/admin/faults", timeoutMs: PROBE_TIMEOUT_MS, handle: allFaults },
  { method: "PUT", path: "/api/admin/faults/:service", handle: operator(":service", "/admin/faults") },
  { method: "DELETE", path: "/api/admin/faults/:service", handle: operator(":service", "/admin/faults") },
  { method: "POST", path: "/api/admin/services/:service/crash", handle: operator(":service", "/admin/crash") },
  { method: "GET", path: "/api/admin/dlq", handle: operator("order", "/admin/dlq") },
  { method: "POST", path: "/api/admin/dlq/:id/republish", handle: operator("order", "/admin/dlq/:id/republish") },
  { method: "POST", path: "/api/admin/events/:eventId/duplicate", handle: duplicate },
  { method: "POST", path: "/api/admin/poison", handle: operator("order", "/admin/poison") },
];

/** The row for a request; under /api/admin/ a method the path does not take is 404, as the operator API documents. */
export function findApiRoute(
  method: string | undefined,
  pathname: string,
): { route: ApiRoute; params: Record<string, string> } {
  try {
    return findRoute(API_ROUTES, method, pathname);
  } catch (err) {
    if (pathname.startsWith(ADMIN_PREFIX) && toSagaError(err).code === "METHOD_NOT_ALLOWED")
      throw new SagaError("NOT_FOUND", `no operator route ${method} ${pathname}`);
    throw err;
  }
}

/** Answers /api/* requests; returns false for any other path. Every error answers through the kit's table. */
export async function handleApi(
  config: WebConfig,
  req: IncomingMessage,
  res: ServerResponse,
  web?: WebState,
): Promise<boolean> {
  try {
    const url = parseRequestTarget(req.url);
    if (url.pathname !== "/api" && !url.pathname.startsWith("/api/")) return false;
    if (url.pathname.startsWith(ADMIN_PREFIX)) checkOperator(config, req);
    const { route, params } = findApiRoute(req.method, url.pathname);
    await route.handle({ config, req, res, url, params, upstream: createUpstream(config, route.timeoutMs), web });
  } catch (err) {
    sendError(res, err, req.url);
  }
  return true;
}
