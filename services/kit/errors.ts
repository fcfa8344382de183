// One error type for every service. The table below is the only place that decides what an
// error code means for HTTP and for a consumer (retry in place, or dead-letter).

// `retriable`: trying again can succeed. `deadLetter`: what a consumer does once retries are
// spent: "at-once" (poison: retrying cannot help), "after-retries" (a bug or a flaky external
// party: park it in saga-dlq after CONSUMER_MAX_ATTEMPTS), "never" (our own infrastructure is
// down: keep retrying, holding the partition, so an outage never dead-letters good events).
export const ERROR_TABLE = {
  VALIDATION_FAILED: { http: 400, retriable: false, deadLetter: "at-once" },
  INVALID_EVENT: { http: 400, retriable: false, deadLetter: "at-once" },
  NOT_FOUND: { http: 404, retriable: false, deadLetter: "at-once" },
  CONFLICT: { http: 409, retriable: false, deadLetter: "at-once" },
  DB_CONSTRAINT: { http: 409, retriable: false, deadLetter: "at-once" },
  DB_UNAVAILABLE: { http: 503, retriable: true, deadLetter: "never" },
  DB_CONFLICT: { http: 503, retriable: true, deadLetter: "never" },
  KAFKA_UNAVAILABLE: { http: 503, retriable: true, deadLetter: "never" },
  DEPENDENCY_UNAVAILABLE: { http: 502, retriable: true, deadLetter: "after-retries" },
  INTERNAL: { http: 500, retriable: true, deadLetter: "after-retries" },
} as const satisfies Record<string, { http: number; retriable: boolean; deadLetter: "at-once" | "after-retries" | "never" }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class SagaError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, opts: { cause?: unknown; details?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "SagaError";
    this.code = code;
    this.retriable = ERROR_TABLE[code].retriable;
    this.details = opts.details;
  }

  get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }

  get deadLetter(): "at-once" | "after-retries" | "never" {
    return ERROR_TABLE[this.code].deadLetter;
  }
}

// PostgreSQL SQLSTATEs: serialization failure, deadlock, and the connection classes 08/57P.
const RETRIABLE_SQLSTATE = /^(40001|40P01|08...|57P0[1-3]|53300)$/;
// Prisma codes for "cannot reach / timed out / transaction conflict".
const RETRIABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"]);

function field(err: unknown, key: string): unknown {
  return typeof err === "object" && err !== null ? (err as Record<string, unknown>)[key] : undefined;
}

/** Classifies anything thrown into a SagaError, keeping the original as `cause`. */
export function toSagaError(err: unknown): SagaError {
  if (err instanceof SagaError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = field(err, "code");
  const sqlState = field(field(err, "cause"), "code") ?? field(field(err, "meta"), "code") ?? code;
  if (typeof code === "string" && RETRIABLE_PRISMA.has(code)) return new SagaError("DB_UNAVAILABLE", message, { cause: err });
  if (typeof sqlState === "string" && /^23...$/.test(sqlState)) return new SagaError("DB_CONSTRAINT", message, { cause: err });
  if (typeof sqlState === "string" && RETRIABLE_SQLSTATE.test(sqlState)) {
    const kind = sqlState.startsWith("40") ? "DB_CONFLICT" : "DB_UNAVAILABLE";
    return new SagaError(kind, message, { cause: err });
  }
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || /connect|terminat|timeout/i.test(message)) {
    return new SagaError("DB_UNAVAILABLE", message, { cause: err });
  }
  const name = field(err, "name");
  if (typeof name === "string" && name.startsWith("Kafka")) return new SagaError("KAFKA_UNAVAILABLE", message, { cause: err });
  return new SagaError("INTERNAL", message, { cause: err });
}
