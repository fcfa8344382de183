// A tiny JSON HTTP server for the service controllers: exact and ":param" routes, JSON bodies,
// and SagaError -> status mapping through the error table. Every request passes the browser
// guard first (browser-guard.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { errorBody, SagaError, toSagaError } from "../errors";
import type { Logger } from "../log";
import { browserRequest, checkBrowserRequest, policyOf, type BrowserSettings } from "./browser-guard";

export type HttpRequest = {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; throws a 400 SagaError when it is not JSON. */
  json(): Promise<unknown>;
  /** A request header (the first value when repeated), lower-case name. */
  header(name: string): string | undefined;
  /** The peer's address (for the operator routes' loopback rule). */
  remoteAddress: string | undefined;
};
/**
 * A JSON answer; with `contentType`, a string body is sent as it is (the Prometheus text of /metrics).
 * With `stream`, the head is sent with `contentType` and the response is handed over (the observer's /feed).
 */
export type HttpResponse = {
  status: number;
  body: unknown;
  contentType?: string;
  retryAfterSeconds?: number;
  stream?: (res: ServerResponse) => void;
};
export type Route = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  handle(req: HttpRequest): Promise<HttpResponse>;
};

const MAX_BODY = 1 << 20;
/**
 * After a body over MAX_BODY is refused, up to this much more is read and thrown away, so the
 * client, still sending, reads the 413 instead of a reset connection; a larger upload is cut off.
 */
const DISCARD_AFTER_REFUSAL = 16 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let refused = false;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      else if (!refused) {
        refused = true;
        chunks.length = 0;
        reject(
          new SagaError("PAYLOAD_TOO_LARGE", "request body is larger than 1 MiB", {
            details: [{ field: "(body)", message: "too large" }],
          }),
        );
      } else if (size > MAX_BODY + DISCARD_AFTER_REFUSAL) req.destroy();
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** ":name" segments are decoded params; a last segment "*" matches the rest of the path, kept as sent in params["*"] ("" or "/…"). */
function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split("/");
  const b = path.split("/");
  const rest = a[a.length - 1] === "*";
  if (rest) a.pop();
  if (rest ? b.length < a.length : a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(":")) params[a[i].slice(1)] = decode(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  if (rest)
    params["*"] = b
      .slice(a.length)
      .map((s) => `/${s}`)
      .join("");
  return params;
}

/** The first route whose path matches and whose method is the request's; 405 when only other methods match the path, 404 when no route does. */
export function findRoute<R extends { method: string; path: string }>(
  routes: readonly R[],
  method: string | undefined,
  pathname: string,
): { route: R; params: Record<string, string> } {
  const candidates = routes.map((route) => ({ route, params: match(route.path, pathname) })).filter((c) => c.params);
  const found = candidates.find((c) => c.route.method === method);
  if (!found) {
    throw candidates.length
      ? new SagaError("METHOD_NOT_ALLOWED", `${method} is not allowed here`)
      : new SagaError("NOT_FOUND", `no route for ${pathname}`);
  }
  return { route: found.route, params: found.params! };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SagaError("VALIDATION_FAILED", "the path is not valid percent-encoding", {
      details: [{ field: "(path)", message: "bad percent-encoding" }],
    });
  }
}

/** The request target as a URL: a path (never "//host" or a whole URL), validly percent-encoded; 400 otherwise. */
export function parseRequestTarget(target: string | undefined): URL {
  const bad = () =>
    new SagaError("VALIDATION_FAILED", "the request target is not a valid path", {
      details: [{ field: "(path)", message: "not a valid path" }],
    });
  if (!target?.startsWith("/") || target.startsWith("//")) throw bad();
  let url: URL;
  try {
    url = new URL(target, "http://localhost");
    decodeURIComponent(url.pathname);
  } catch {
    throw bad();
  }
  return url;
}

/** application/json, or a structured +json type, with or without parameters. */
export function isJsonContentType(header: string | undefined): boolean {
  const type = (header ?? "").split(";")[0].trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

/** `browser`: what the deployment allows beside loopback (none when left out). */
export function startHttpServer(opts: {
  host: string;
  port: number;
  routes: Route[];
  log: Logger;
  browser?: BrowserSettings;
}): Promise<Server> {
  const server = createServer(async (req, res) => {
    let out: HttpResponse;
    let path = "(unparsed)";
    try {
      const refused = checkBrowserRequest(browserRequest(req), policy());
      if (refused) throw refused;
      const url = parseRequestTarget(req.url);
      path = url.pathname;
      const found = findRoute(opts.routes, req.method, url.pathname);
      out = await found.route.handle({
        params: found.params,
        query: url.searchParams,
        header: (name) => {
          const v = req.headers[name.toLowerCase()];
          return Array.isArray(v) ? v[0] : v;
        },
        remoteAddress: req.socket.remoteAddress,
        async json() {
          if (!isJsonContentType(req.headers["content-type"])) {
            throw new SagaError("UNSUPPORTED_MEDIA_TYPE", "the request body must be application/json");
          }
          const text = await readBody(req);
          try {
            return JSON.parse(text);
          } catch {
            throw new SagaError("VALIDATION_FAILED", "request body is not valid JSON", {
              details: [{ field: "(body)", message: "malformed JSON" }],
            });
          }
        },
      });
    } catch (err) {
      const e = toSagaError(err);
      // Shedding load is the server working as meant: counted in /metrics, not logged per request.
      if (e.httpStatus >= 500 && e.code !== "OVERLOADED")
        opts.log.error("request failed", { path, err: e, cause: e.cause });
      out = { status: e.httpStatus, body: errorBody(e), retryAfterSeconds: e.retryAfterSeconds };
    }
    if (out.stream) {
      res.writeHead(out.status, {
        "content-type": out.contentType ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      return out.stream(res);
    }
    const raw = out.contentType !== undefined && typeof out.body === "string";
    const payload = raw
      ? (out.body as string)
      : JSON.stringify(out.body, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    res.writeHead(out.status, {
      "content-type": raw ? out.contentType! : "application/json; charset=utf-8",
      "cache-control": "no-store",
      // The rest of a refused body is not read: this connection serves no other request.
      ...(out.status === 413 && { connection: "close" }),
      ...(out.retryAfterSeconds !== undefined && { "retry-after": String(out.retryAfterSeconds) }),
    });
    res.end(payload);
  });
  const policy = policyOf(server, opts.browser ?? { origins: [], hosts: [] });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}
