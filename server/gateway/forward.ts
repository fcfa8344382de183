// What the gateway's routes share: the shape of a route in the table, JSON answers, errors
// through the kit's error table, bounded request bodies, and forwarding one request to the
// service or observer that owns it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorBody, SagaError, toSagaError } from "../../services/kit/errors";
import { createLogger } from "../../services/kit/log";
import type { WebConfig } from "../config";
import { relay, type Owner, type Upstream } from "./upstream";

const log = createLogger("web");

/** What the web process adds to /api/health beside the services: its live feed. */
export type WebState = { liveFeed(): "connecting" | "up" | "down" };

export type ApiContext = {
  config: WebConfig;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The route's ":name" params, decoded; "*" the rest of the path as sent. */
  params: Record<string, string>;
  /** Calls upstream within the route's time limit. */
  upstream: Upstream;
  web?: WebState;
};

/** One row of the gateway's table (routes.ts), matched as the kit's server matches its routes. */
export type ApiRoute = {
  method: string;
  path: string;
  /** The time limit of each upstream call the route makes; the default's when left out (upstream.ts). */
  timeoutMs?: number;
  handle(ctx: ApiContext): Promise<void>;
};

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** Answers anything thrown with its code's status; a 5xx is logged with its cause, never shown. */
export function sendError(res: ServerResponse, err: unknown, url?: string): void {
  const e = toSagaError(err);
  if (e.httpStatus >= 500) log.error("request failed", { url, err: e, cause: e.cause });
  if (res.headersSent) {
    res.end();
    return;
  }
  if (e.code === "PAYLOAD_TOO_LARGE") res.setHeader("connection", "close"); // the rest of the body is not read
  send(res, e.httpStatus, errorBody(e));
}

export const MAX_BODY = 1 << 20;

/** The request body; a PAYLOAD_TOO_LARGE SagaError when it is larger than MAX_BODY. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY)
      throw new SagaError("PAYLOAD_TOO_LARGE", "request body is larger than 1 MiB", {
        details: [{ field: "(body)", message: "too large" }],
      });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The owner's path for a route's: ":name" segments filled from its params, a last "*" with the rest of the client's path. */
export function upstreamPath(template: string, params: Record<string, string>): string {
  const filled = template.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ""));
  return filled.endsWith("/*") ? `${filled.slice(0, -2)}${params["*"] ?? ""}` : filled;
}

// The client's content type (a service answers 415 to what is not JSON), retry key and W3C trace
// context (an order placed with a traceparent continues the caller's trace).
const PASSED_HEADERS = ["content-type", "idempotency-key", "traceparent", "tracestate"];

/** Sends the client's request to the owner's path, with its query, and copies the answer back. */
export async function forward(
  ctx: ApiContext,
  owner: Owner,
  path: string,
  extra: { headers?: Record<string, string>; body?: Buffer } = {},
): Promise<void> {
  // A HEAD is asked as a GET (the services' tables answer GET), and Node sends the client no body.
  const method = ctx.req.method === "HEAD" ? "GET" : (ctx.req.method ?? "GET");
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const v = ctx.req.headers[name];
    if (typeof v === "string") headers[name] = v;
  }
  const body = extra.body ?? (method === "GET" || method === "DELETE" ? undefined : await readBody(ctx.req));
  const answer = await ctx.upstream.call(owner, `${path}${ctx.url.search}`, {
    method,
    headers: { ...headers, ...extra.headers },
    body,
  });
  relay(ctx.res, answer);
}

/** A route handled by its owner at `path` (see upstreamPath). */
export const forwardTo =
  (owner: Owner, path: string) =>
  (ctx: ApiContext): Promise<void> =>
    forward(ctx, owner, upstreamPath(path, ctx.params));
