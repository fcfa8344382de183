// One error type for every service and the web origin. The table below is the only place that
// decides what an error code means for HTTP and for a consumer (retry in place, or dead-letter).
import type { ErrorBody } from "../../contracts";

// `retriable`: trying again can succeed. `deadLetter`: what a consumer does once retries are
// spent: "at-once" (poison: retrying cannot help), "after-retries" (a bug or a flaky external
// party: park it in saga-dlq after CONSUMER_MAX_ATTEMPTS), "never" (our own infrastructure is
// down: keep retrying, holding the partition, so an outage never dead-letters good events).
export const ERROR_TABLE = {
  VALIDATION_FAILED: { http: 400, retriable: false, deadLetter: "at-once" },
  PAYLOAD_TOO_LARGE: { http: 413, retriable: false, deadLetter: "at-once" },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, retriable: false, deadLetter: "at-once" },
  METHOD_NOT_ALLOWED: { http: 405, retriable: false, deadLetter: "at-once" },
  // Who may call (http/admin-guard.ts, http/browser-guard.ts); only ever answered over HTTP.
  UNAUTHORIZED: { http: 401, retriable: false, deadLetter: "at-once" },
  FORBIDDEN: { http: 403, retriable: false, deadLetter: "at-once" },
  ADMIN_DISABLED: { http: 403, retriable: false, deadLetter: "at-once" },
  CROSS_ORIGIN: { http: 403, retriable: false, deadLetter: "at-once" },
  HOST_NOT_ALLOWED: { http: 421, retriable: false, deadLetter: "at-once" },
  INVALID_EVENT: { http: 400, retriable: false, deadLetter: "at-once" },
  NOT_FOUND: { http: 404, retriable: false, deadLetter: "at-once" },
  CONFLICT: { http: 409, retriable: false, deadLetter: "at-once" },
  DB_CONSTRAINT: { http: 409, retriable: false, deadLetter: "at-once" },
  DB_UNAVAILABLE: { http: 503, retriable: true, deadLetter: "never" },
  DB_CONFLICT: { http: 503, retriable: true, deadLetter: "never" },
  KAFKA_UNAVAILABLE: { http: 503, retriable: true, deadLetter: "never" },
  /** More orders in flight than the saga finishes in its target latency: refused, with Retry-After. */
  OVERLOADED: { http: 503, retriable: true, deadLetter: "never" },
  // An external party (the mail platform) that is down: its work waits for it, never lost.
  DEPENDENCY_UNAVAILABLE: { http: 502, retriable: true, deadLetter: "never" },
  INTERNAL: { http: 500, retriable: true, deadLetter: "after-retries" },
  /** A failure injected by an operator (PUT /api/admin/faults): behaves as an unexpected error. */
  INJECTED_FAULT: { http: 500, retriable: true, deadLetter: "after-retries" },
} as const satisfies Record<
  string,
  { http: number; retriable: boolean; deadLetter: "at-once" | "after-retries" | "never" }
>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class SagaError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: unknown;
  /** Sent as Retry-After by the HTTP servers. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { cause?: unknown; details?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "SagaError";
    this.code = code;
    this.retriable = ERROR_TABLE[code].retriable;
    this.details = opts.details;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }

  get deadLetter(): "at-once" | "after-retries" | "never" {
    return ERROR_TABLE[this.code].deadLetter;
  }
}

// What a 5xx answer says: never the underlying error's text (a database message, a host name);
// that goes to the log with its cause.
const PUBLIC_5XX: Record<number, string> = {
  502: "a service this one depends on is unavailable; try again later",
  503: "the service is temporarily unavailable; try again later",
};
const PUBLIC_BY_CODE: Partial<Record<ErrorCode, string>> = {
  OVERLOADED: "too many orders in flight; try again after Retry-After seconds",
};

export function errorBody(err: SagaError): ErrorBody {
  const message =
    err.httpStatus >= 500 ? (PUBLIC_BY_CODE[err.code] ?? PUBLIC_5XX[err.httpStatus] ?? "internal error") : err.message;
  const body: ErrorBody = { error: err.code, message };
  if ((err.code === "VALIDATION_FAILED" || err.code === "PAYLOAD_TOO_LARGE") && Array.isArray(err.details))
    body.fields = err.details;
  return body;
}

// Outages are recognised by error class, so that only what is certainly poison is dead-lettered:
// - SQLSTATE classes 08 (connection), 53 (insufficient resources), 57 (operator intervention:
//   shutdown, statement timeout), 58 (system error) and 25006 (read-only after a failover): the
//   database is unavailable; class 40 and 55P03: a conflict worth retrying.
// - classes 22 (data exception) and 23 (integrity): this message can never be stored.
// - Node's network errors (refused, reset, DNS, EPIPE, timeouts) and kafkajs' errors: an outage.
// - anything else (a bug, an unknown SQLSTATE): INTERNAL, retried then dead-lettered.
const UNAVAILABLE_SQLSTATE = /^(08|53|57|58)...$|^25006$/;
const CONFLICT_SQLSTATE = /^40...$|^55P03$/;
const POISON_SQLSTATE = /^(22|23)...$/;
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENETRESET",
  "ESOCKETTIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);
// Prisma codes for "cannot reach / timed out / transaction conflict".
const RETRIABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"]);
// node-postgres reports a dropped or stalled connection with a message and no code.
const PG_CONNECTION_MESSAGE =
  /connection terminated|terminating connection|not queryable|timeout exceeded when trying to connect|query read timeout|connection timeout/i;

function field(err: unknown, key: string): unknown {
  return typeof err === "object" && err !== null ? (err as Record<string, unknown>)[key] : undefined;
}

/** The error and what it wraps (cause, AggregateError members), outermost first. */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue = [err];
  while (queue.length > 0 && out.length < 8) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    queue.push(field(e, "cause"), field(field(e, "meta"), "driverAdapterError"));
    const members = field(e, "errors");
    if (Array.isArray(members)) queue.push(...members.slice(0, 3));
  }
  return out;
}

type Kind = "DB_UNAVAILABLE" | "DB_CONFLICT" | "DB_CONSTRAINT" | "KAFKA_UNAVAILABLE";

function classifyOne(e: unknown): Kind | null {
  const code = field(e, "code");
  const name = field(e, "name");
  if (typeof code === "string") {
    if (RETRIABLE_PRISMA.has(code)) return "DB_UNAVAILABLE";
    if (NETWORK_CODES.has(code)) return "DB_UNAVAILABLE";
    if (/^[0-9A-Z]{5}$/.test(code)) {
      if (UNAVAILABLE_SQLSTATE.test(code)) return "DB_UNAVAILABLE";
      if (CONFLICT_SQLSTATE.test(code)) return "DB_CONFLICT";
      if (POISON_SQLSTATE.test(code)) return "DB_CONSTRAINT";
    }
  }
  if (typeof name === "string" && name.startsWith("KafkaJS")) return "KAFKA_UNAVAILABLE";
  const message = e instanceof Error ? e.message : "";
  if (PG_CONNECTION_MESSAGE.test(message)) return "DB_UNAVAILABLE";
  return null;
}

/** Classifies anything thrown into a SagaError, keeping the original as `cause`. */
export function toSagaError(err: unknown): SagaError {
  if (err instanceof SagaError) return err;
  const message = err instanceof Error ? err.message : String(err);
  for (const e of chain(err)) {
    if (e instanceof SagaError) return e;
    const kind = classifyOne(e);
    if (kind) return new SagaError(kind, message, { cause: err });
  }
  return new SagaError("INTERNAL", message, { cause: err });
}
