// What the gateway's routes share: JSON answers, errors through the kit's error table, bounded
// request bodies, and forwarding one request to the service that owns it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServiceName } from "../../contracts";
import { errorBody, SagaError, toSagaError } from "../../services/kit/errors";
import { createLogger } from "../../services/kit/log";

const log = createLogger("web");

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
    if (size > MAX_BODY) throw new SagaError("PAYLOAD_TOO_LARGE", "request body is larger than 1 MiB", { details: [{ field: "(body)", message: "too large" }] });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A service that did not answer (refused, reset, timed out): 502 through the table, its text logged. */
export const unavailable = (service: ServiceName, cause: unknown) => new SagaError("DEPENDENCY_UNAVAILABLE", `the ${service} service did not answer`, { cause });

/** Sends one request upstream and copies its answer back. */
export async function forward(
  res: ServerResponse,
  service: ServiceName,
  target: string,
  init: { method: string; headers: Record<string, string>; body?: Buffer; timeoutMs: number },
): Promise<void> {
  let upstream: Response;
  let body: Buffer;
  try {
    upstream = await fetch(target, {
      method: init.method,
      headers: init.headers,
      body: init.body && new Uint8Array(init.body),
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    body = Buffer.from(await upstream.arrayBuffer());
  } catch (err) {
    throw unavailable(service, err);
  }
  const retryAfter = upstream.headers.get("retry-after"); // the order service shedding load
  res.writeHead(upstream.status, {
    "content-type": upstream.headers.get("content-type") ?? "application/json",
    "cache-control": "no-store",
    ...(retryAfter && { "retry-after": retryAfter }),
  });
  res.end(body);
}
