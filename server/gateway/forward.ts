// What the gateway's routes share: JSON answers, bounded request bodies, and forwarding one
// request to the service that owns it.
import type { IncomingMessage, ServerResponse } from "node:http";

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export const MAX_BODY = 1 << 20;

/** The request body, or null when it is larger than MAX_BODY. */
export async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendTooLarge(res: ServerResponse): void {
  res.setHeader("connection", "close"); // the rest of the body is not read
  send(res, 413, { error: "VALIDATION_FAILED", message: "request body is larger than 1 MiB", fields: [{ field: "(body)", message: "too large" }] });
}

/** Sends one request upstream and copies its answer back. */
export async function forward(
  res: ServerResponse,
  target: string,
  init: { method: string; headers: Record<string, string>; body?: Buffer; timeoutMs: number },
): Promise<void> {
  const upstream = await fetch(target, {
    method: init.method,
    headers: init.headers,
    body: init.body && new Uint8Array(init.body),
    signal: AbortSignal.timeout(init.timeoutMs),
  });
  res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json", "cache-control": "no-store" });
  res.end(Buffer.from(await upstream.arrayBuffer()));
}
