// The schema registry's REST API, as much as decoding needs: a schema by id (GET /schemas/ids/:id)
// and the schemas it references (GET /subjects/:subject/versions/:version). Confluent's registry
// and Apicurio's Confluent-compatible API (…/apis/ccompat/v7) answer both alike.
//
// What the registry answers is final for a record: found, or not found (404 with a registry's
// error_code 404xx: such an id does not exist) or refused (another 4xx). A registry that does not
// answer (connection refused, no answer within the attempt's time, 5xx, 408, 429, and 401/403 or
// a 404 that is not a registry's too: credentials and URLs are fixed by deploying, not by skipping
// records) is asked again, after a jittered exponential backoff, until it answers
// or the caller's signal (or close()) aborts; then the promise rejects with the abort reason.
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../../kit/log";
import { backoffMs } from "../../kit/retry";

export type SchemaType = "AVRO" | "PROTOBUF" | "JSON";
export type SchemaReference = { name: string; subject: string; version: number };
export type RegisteredSchema = { schemaType: SchemaType; schema: string; references: SchemaReference[] };
export type Lookup<T> = { found: true; value: T } | { found: false; reason: string };

export type RegistryClientConfig = {
  /** The registry's base URL; several, comma-separated, are tried in turn. */
  url: string;
  /** `user:password`, sent as HTTP Basic authentication. */
  auth?: string;
  /** Each request's time limit (default 2 s). */
  attemptTimeoutMs?: number;
  /** The first wait between attempts and the longest (default 100 ms and 10 s), each jittered. */
  backoffMs?: { first: number; max: number };
  log?: Pick<Logger, "info" | "warn">;
  fetch?: typeof fetch;
};

export type RegistryClient = {
  request(path: string, signal?: AbortSignal): Promise<Lookup<RegisteredSchema>>;
  close(): void;
};

/** Retried: the registry did not answer as a registry does. */
class Unavailable extends Error {}

function registered(body: unknown): RegisteredSchema | null {
  const b = body as { schema?: unknown; schemaType?: unknown; references?: unknown } | null;
  if (!b || typeof b.schema !== "string") return null;
  const schemaType = b.schemaType === undefined || b.schemaType === null ? "AVRO" : b.schemaType;
  if (schemaType !== "AVRO" && schemaType !== "PROTOBUF" && schemaType !== "JSON") return null;
  const references = Array.isArray(b.references) ? (b.references as SchemaReference[]) : [];
  return { schemaType, schema: b.schema, references };
}

export function registryClient(cfg: RegistryClientConfig): RegistryClient {
  const bases: string[] = [];
  let auth = cfg.auth;
  for (const raw of cfg.url
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean)) {
    // fetch refuses credentials in a URL: they become the Basic credentials.
    const u = new URL(raw);
    if (u.username && !auth) auth = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
    u.username = u.password = "";
    bases.push(u.toString().replace(/\/+$/, ""));
  }
  if (bases.length === 0) throw new Error("no schema registry URL");
  const headers: Record<string, string> = { accept: "application/vnd.schemaregistry.v1+json, application/json" };
  if (auth) headers.authorization = `Basic ${Buffer.from(auth).toString("base64")}`;
  const timeoutMs = cfg.attemptTimeoutMs ?? 2000;
  const { first, max } = cfg.backoffMs ?? { first: 100, max: 10_000 };
  const doFetch = cfg.fetch ?? fetch;
  const closed = new AbortController();
  let failing = 0; // consecutive failed attempts, over every request

  async function attempt(base: string, path: string, signal: AbortSignal): Promise<Lookup<RegisteredSchema>> {
    // A timer of its own rather than AbortSignal.timeout's, which does not keep the process alive.
    const late = new AbortController();
    const timer = setTimeout(
      () => late.abort(new DOMException(`no answer in ${timeoutMs} ms`, "TimeoutError")),
      timeoutMs,
    );
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${base}${path}`, { headers, signal: AbortSignal.any([signal, late.signal]) });
      text = await res.text();
    } finally {
      clearTimeout(timer);
    }
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: judged by the status alone
    }
    if (res.ok) {
      const schema = registered(body);
      if (!schema) throw new Unavailable(`${res.status} with an answer that is not a schema`);
      return { found: true, value: schema };
    }
    const { message, error_code: code } = (body ?? {}) as { message?: unknown; error_code?: unknown };
    const said = typeof message === "string" ? `: ${message}` : "";
    if (res.status >= 500 || [401, 403, 408, 429].includes(res.status))
      throw new Unavailable(`HTTP ${res.status}${said}`);
    // A 404 that is not a registry's (no error_code 404xx): the URL names no registry API.
    if (res.status === 404 && !(typeof code === "number" && Math.floor(code / 100) === 404))
      throw new Unavailable("HTTP 404 without a registry's error: is the URL the registry API's base?");
    return { found: false, reason: `the registry answered ${res.status}${said}` };
  }

  async function request(path: string, signal?: AbortSignal): Promise<Lookup<RegisteredSchema>> {
    const stop = signal ? AbortSignal.any([signal, closed.signal]) : closed.signal;
    for (let n = 0; ; n++) {
      stop.throwIfAborted();
      const base = bases[n % bases.length];
      try {
        const answer = await attempt(base, path, stop);
        if (failing > 0) cfg.log?.info("schema registry answers again", { url: base, failedAttempts: failing });
        failing = 0;
        return answer;
      } catch (err) {
        stop.throwIfAborted();
        failing++;
        const why =
          err instanceof Unavailable
            ? err.message
            : (err as Error).name === "TimeoutError"
              ? (err as Error).message
              : String((err as Error).cause ?? (err as Error).message);
        const wait = backoffMs(n + 1, first, Math.random, max);
        // The first failure, then one line in ten: a registry away for long does not flood the log.
        if (failing % 10 === 1)
          cfg.log?.warn("schema registry unavailable; retrying (the records waiting for it stay unread)", {
            url: base,
            path,
            error: why,
            failedAttempts: failing,
            retryInMs: wait,
          });
        await sleep(wait, undefined, { signal: stop }).catch(() => stop.throwIfAborted());
      }
    }
  }

  return { request, close: () => closed.abort(new Error("schema registry client closed")) };
}
