// Configuration shared by every service process, parsed once at start and passed down.
import { z } from "zod";
import type { ServiceName } from "../../contracts";
import { DEFAULT_DB_TIMEOUTS as DB } from "./db/sql";
import { browserPolicyShape, toBrowserSettings } from "./http/browser-guard";
import { kafkaConnectionShape, toKafkaConnection } from "./kafka/client";
import { DEFAULT_LINGER_MS } from "./kafka/pipeline";

export const DEFAULT_SERVICE_PORTS: Record<ServiceName, number> = {
  order: 4101,
  stock: 4102,
  balance: 4103,
  notification: 4104,
};

/** Unset or empty (the OpenTelemetry convention for "not set"). */
const optional = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (v === "" ? undefined : v), t.optional());

/** Reads <SERVICE>_DATABASE_URL and <SERVICE>_PORT, plus the shared variables. */
export function serviceConfigSchema(service: ServiceName) {
  return z
    .object({
      ...kafkaConnectionShape,
      ...browserPolicyShape,
      TOPIC_PREFIX: z.string().default(""),
      GROUP_PREFIX: z.string().default("sagascope."),
      DATABASE_URL: z.string().url(),
      PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_SERVICE_PORTS[service]),
      HOST: z.string().default("127.0.0.1"),
      CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
      CONSUMER_RETRY_BASE_MS: z.coerce.number().int().min(1).default(200),
      PARTITIONS_CONSUMED_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(24),
      CONSUMER_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(DEFAULT_LINGER_MS),
      OUTBOX_POLL_MS: optional(z.coerce.number().int().min(5)),
      OUTBOX_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(0),
      SAGA_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
      ADMISSION_TARGET_MS: optional(z.coerce.number().int().min(0).max(60_000)),
      ADMISSION_MIN_IN_FLIGHT: z.coerce.number().int().min(1).default(100),
      ADMISSION_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(20_000),
      ADMISSION_OUTAGE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
      ADMIN_TOKEN: z.string().min(16, "ADMIN_TOKEN must be at least 16 characters").optional(),
      LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
      DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(DB.connectTimeoutMs),
      DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DB.statementTimeoutMs),
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce
        .number()
        .int()
        .min(1_000)
        .max(3_600_000)
        .default(DB.idleInTransactionTimeoutMs),
      OTEL_EXPORTER_OTLP_ENDPOINT: optional(z.string().url()),
      OTEL_SERVICE_NAME: optional(z.string()),
      OTEL_BSP_SCHEDULE_DELAY: optional(z.coerce.number().int().min(1).max(600_000)),
    })
    .transform((e, ctx) => ({
      service,
      kafka: { ...toKafkaConnection(e, ctx), topicPrefix: e.TOPIC_PREFIX, groupPrefix: e.GROUP_PREFIX },
      databaseUrl: e.DATABASE_URL,
      http: { host: e.HOST, port: e.PORT },
      /** Host names and browser origins this port answers besides its own loopback ones. */
      browser: toBrowserSettings(e),
      consumer: {
        maxAttempts: e.CONSUMER_MAX_ATTEMPTS,
        retryBaseMs: e.CONSUMER_RETRY_BASE_MS,
        partitionsConsumedConcurrently: e.PARTITIONS_CONSUMED_CONCURRENTLY,
        lingerMs: e.CONSUMER_LINGER_MS,
      },
      outboxPollMs: e.OUTBOX_POLL_MS ?? 2000,
      outboxLingerMs: e.OUTBOX_LINGER_MS,
      /** A PENDING order older than this is cancelled with reason TIMEOUT (order service). */
      sagaTimeoutMs: e.SAGA_TIMEOUT_MS,
      /**
       * Order service: POST /orders answers 503 + Retry-After past this many sagas in flight (domain/admission.ts); target 0: off.
       * 1 s: a saga under load takes about 0.7-0.8 s whatever the sagas in flight (batching), so a lower target
       * keeps cutting the limit, the batches shrink, CPU per saga rises and throughput halves (docs/performance.md).
       */
      admission: {
        targetLatencyMs: e.ADMISSION_TARGET_MS ?? 1000,
        minInFlight: e.ADMISSION_MIN_IN_FLIGHT,
        maxInFlight: e.ADMISSION_MAX_IN_FLIGHT,
        outageAllowanceMs: e.ADMISSION_OUTAGE_MS,
      },
      /** When set, /admin/* needs `Authorization: Bearer <ADMIN_TOKEN>`; unset, only loopback callers. */
      adminToken: e.ADMIN_TOKEN,
      logLevel: e.LOG_LEVEL,
      db: {
        connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
        idleInTransactionTimeoutMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
      /** OpenTelemetry traces over OTLP/HTTP; null (no provider at all) without an endpoint. */
      tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
        ? {
            tracesUrl: `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`,
            serviceName: e.OTEL_SERVICE_NAME ?? service,
            exportDelayMs: e.OTEL_BSP_SCHEDULE_DELAY ?? 5000,
          }
        : null,
    }));
}

export type ServiceConfig = z.output<ReturnType<typeof serviceConfigSchema>>;

/** Parses the environment, or exits the process with every bad variable named. */
export function loadServiceConfig(service: ServiceName, env: NodeJS.ProcessEnv): ServiceConfig {
  const upper = service.toUpperCase();
  const scoped = { ...env, DATABASE_URL: env[`${upper}_DATABASE_URL`], PORT: env[`${upper}_PORT`] };
  const parsed = serviceConfigSchema(service).safeParse(scoped);
  if (parsed.success) return parsed.data;
  const name = (k: string) => (k === "DATABASE_URL" || k === "PORT" ? `${upper}_${k}` : k);
  const lines = parsed.error.issues.map((i) => `  ${name(String(i.path[0] ?? ""))}: ${i.message}`);
  throw new Error(`invalid configuration for the ${service} service:\n${lines.join("\n")}`);
}
