// One error type for every service. The table below is the only place that decides what an
// error code means for HTTP and for a consumer (retry in place, or dead-letter).

export const ERROR_TABLE = {
  VALIDATION_FAILED: { http: 400, retriable: false },
  INVALID_EVENT: { http: 400, retriable: false },
  NOT_FOUND: { http: 404, retriable: false },
  CONFLICT: { http: 409, retriable: false },
  DB_CONSTRAINT: { http: 409, retriable: false },
  DB_UNAVAILABLE: { http: 503, retriable: true },
  DB_CONFLICT: { http: 503, retriable: true },
  KAFKA_UNAVAILABLE: { http: 503, retriable: true },
  DEPENDENCY_UNAVAILABLE: { http: 502, retriable: true },
  INTERNAL: { http: 500, retriable: true },
} as const satisfies Record<string, { http: number; retriable: boolean }>;

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
