// /api/sagas/* (attach.md, HTTP API) is the observer's (services/observer): forwarded to its
// /sagas/*, read-only.
import type { IncomingMessage, ServerResponse } from "node:http";
import { SagaError } from "../../services/kit/errors";
import { send } from "./forward";

export const isSagasPath = (pathname: string): boolean => pathname === "/api/sagas" || pathname.startsWith("/api/sagas/");

export async function handleSagas(observerUrl: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(res, 405, { error: "METHOD_NOT_ALLOWED", message: `${req.method} is not allowed here` });
    return;
  }
  const target = `${observerUrl}/sagas${url.pathname.slice("/api/sagas".length)}${url.search}`;
  let upstream: Response;
  let body: Buffer;
  try {
    upstream = await fetch(target, { signal: AbortSignal.timeout(10_000) });
    body = Buffer.from(await upstream.arrayBuffer());
  } catch (err) {
    const e = new SagaError("DEPENDENCY_UNAVAILABLE", "the observer did not answer", { cause: err });
    send(res, e.httpStatus, { error: e.code, message: e.message });
    return;
  }
  res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json", "cache-control": "no-store" });
  res.end(body);
}
