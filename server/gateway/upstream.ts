// The gateway's one way to call a service or the observer: the URL of an owner's path, one time
// limit per call (the route's, else the default), the whole answer read within it, and any
// failure to get one answered as DEPENDENCY_UNAVAILABLE (502) through the kit's error table,
// the network error kept as its cause for the log.
import type { ServerResponse } from "node:http";
import type { ServiceName } from "../../contracts";
import { SagaError } from "../../services/kit/errors";
import type { WebConfig } from "../config";

/** Who answers behind the gateway: a saga service, or the saga observer. */
export type Owner = ServiceName | "observer";

/**
 * Longer than a service takes to give up on its own database (a 5 s connect timeout,
 * services/kit/db/sql.ts), so that a service's own answer, its 503 included, reaches the client
 * rather than a 502. Routes that must answer sooner set their own `timeoutMs` in the table.
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

export type UpstreamRequest = { method?: string; headers?: Record<string, string>; body?: Buffer };

/** A whole answer: whatever its status, with its body read. */
export type UpstreamAnswer = {
  status: number;
  ok: boolean;
  headers: Headers;
  body: Buffer;
  /** The body as JSON; DEPENDENCY_UNAVAILABLE when it is not JSON. */
  json<T = unknown>(): T;
};

export type Upstream = {
  timeoutMs: number;
  /** One request to `path` (query included) of the owner; throws DEPENDENCY_UNAVAILABLE without a whole answer in time. */
  call(owner: Owner, path: string, init?: UpstreamRequest): Promise<UpstreamAnswer>;
  /** A GET that must answer 2xx JSON; any other answer is DEPENDENCY_UNAVAILABLE too. */
  read<T>(owner: Owner, path: string): Promise<T>;
};

/** The owner did not answer (refused, reset, timed out, not what was asked): 502, the cause logged, never shown. */
export function unavailable(owner: Owner, cause: unknown): SagaError {
  return new SagaError(
    "DEPENDENCY_UNAVAILABLE",
    owner === "observer" ? "the observer did not answer" : `the ${owner} service did not answer`,
    { cause },
  );
}

export function createUpstream(config: WebConfig, timeoutMs = DEFAULT_TIMEOUT_MS): Upstream {
  const base = (owner: Owner) => (owner === "observer" ? config.observerUrl : config.services[owner]);

  async function call(owner: Owner, path: string, init: UpstreamRequest = {}): Promise<UpstreamAnswer> {
    let r: Response;
    let body: Buffer;
    try {
      r = await fetch(`${base(owner)}${path}`, {
        method: init.method ?? "GET",
        headers: init.headers,
        body: init.body && new Uint8Array(init.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = Buffer.from(await r.arrayBuffer());
    } catch (err) {
      throw unavailable(owner, err);
    }
    const json = <T>(): T => {
      try {
        return JSON.parse(body.toString("utf8")) as T;
      } catch (err) {
        throw unavailable(owner, err);
      }
    };
    return { status: r.status, ok: r.ok, headers: r.headers, body, json };
  }

  async function read<T>(owner: Owner, path: string): Promise<T> {
    const answer = await call(owner, path);
    if (!answer.ok) throw unavailable(owner, new Error(`${owner}${path} answered ${answer.status}`));
    return answer.json<T>();
  }

  return { timeoutMs, call, read };
}

/** Copies an upstream answer to the client: its status, body, content type and Retry-After (the order service shedding load). */
export function relay(res: ServerResponse, answer: UpstreamAnswer): void {
  const retryAfter = answer.headers.get("retry-after");
  res.writeHead(answer.status, {
    "content-type": answer.headers.get("content-type") ?? "application/json",
    "cache-control": "no-store",
    ...(retryAfter && { "retry-after": retryAfter }),
  });
  res.end(answer.body);
}
