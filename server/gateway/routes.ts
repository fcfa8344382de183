// The public HTTP API on the web origin: each /api path is answered by the service that owns
// the data (services never call each other; the gateway is the browser's only way in).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Holdings, ProductView, ServiceName, UserView } from "../../contracts";
import { checkConservation } from "../../contracts";
import { SagaError } from "../../services/kit/errors";
import { parseRequestTarget } from "../../services/kit/http/server";
import type { WebConfig } from "../config";
import { handleAdmin } from "./admin";
import { webHealth, type WebState } from "./health";
import { handleOrderJourney, orderJourneyPath } from "./order-journey";
import { handleSagas, isSagasPath } from "./sagas";
import { forward, readBody, send, sendError, unavailable } from "./forward";

export type { WebState };

const OWNER: { prefix: string; service: ServiceName; upstreamPrefix: string }[] = [
  { prefix: "/api/orders", service: "order", upstreamPrefix: "/orders" },
  { prefix: "/api/products", service: "stock", upstreamPrefix: "/products" },
  { prefix: "/api/users", service: "balance", upstreamPrefix: "/users" },
  { prefix: "/api/notifications", service: "notification", upstreamPrefix: "/notifications" },
];

async function upstreamJson<T>(config: WebConfig, service: ServiceName, path: string): Promise<T> {
  try {
    const r = await fetch(`${config.services[service]}${path}`, { signal: AbortSignal.timeout(5000) });
    if (!r.ok) throw new Error(`${service}${path} answered ${r.status}`);
    return (await r.json()) as T;
  } catch (err) {
    throw unavailable(service, err);
  }
}

/** Conservation checked live; it must hold whenever no order is in flight (saga.md). */
async function invariants(config: WebConfig) {
  const [products, users, holdings] = await Promise.all([
    upstreamJson<ProductView[]>(config, "stock", "/products"),
    upstreamJson<UserView[]>(config, "balance", "/users"),
    upstreamJson<Holdings>(config, "order", "/holdings"),
  ]);
  const inFlight = holdings.byStatus.PENDING ?? 0;
  return { ...checkConservation(products, users, holdings), inFlight, quiet: inFlight === 0, orders: holdings.byStatus };
}

/** Answers /api/* requests; returns false for any other path. Every error answers through the kit's table. */
export async function handleApi(config: WebConfig, req: IncomingMessage, res: ServerResponse, web?: WebState): Promise<boolean> {
  try {
    return await route(config, req, res, web);
  } catch (err) {
    sendError(res, err, req.url);
    return true;
  }
}

async function route(config: WebConfig, req: IncomingMessage, res: ServerResponse, web?: WebState): Promise<boolean> {
  const url = parseRequestTarget(req.url);
  if (!url.pathname.startsWith("/api/") && url.pathname !== "/api") return false;
  if (url.pathname.startsWith("/api/admin/")) return handleAdmin(config, req, res, url).then(() => true);
  if (isSagasPath(url.pathname)) return handleSagas(config.observerUrl, req, res, url).then(() => true);
  if (url.pathname === "/api/health") {
    send(res, 200, await webHealth(config, web));
    return true;
  }
  if (url.pathname === "/api/invariants") {
    send(res, 200, await invariants(config));
    return true;
  }
  const journey = orderJourneyPath(url.pathname);
  if (journey) return handleOrderJourney(config, req, res, url, journey).then(() => true);
  const owner = OWNER.find((o) => url.pathname === o.prefix || url.pathname.startsWith(`${o.prefix}/`));
  if (!owner) throw new SagaError("NOT_FOUND", `no API route ${url.pathname}`);
  const target = `${config.services[owner.service]}${owner.upstreamPrefix}${url.pathname.slice(owner.prefix.length)}${url.search}`;
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);
  // The client's own content type (the service answers 415 to what is not JSON), retry key and
  // W3C trace context (an order placed with a traceparent continues the caller's trace).
  const headers: Record<string, string> = {};
  for (const name of ["content-type", "idempotency-key", "traceparent", "tracestate"]) {
    const v = req.headers[name];
    if (typeof v === "string") headers[name] = v;
  }
  await forward(res, owner.service, target, { method, headers, body, timeoutMs: 10_000 });
  return true;
}
