// The observer's configuration, parsed once at start (the services' pattern, kit/config.ts).
import { z } from "zod";
import { browserPolicyShape, toBrowserSettings } from "../kit/http/browser-guard";
import { kafkaConnectionShape, toKafkaConnection } from "../kit/kafka/client";
import { definitionPaths } from "./application/definitions";
import { DEFAULT_LINGER_MS } from "../kit/kafka/pipeline";

export const DEFAULT_OBSERVER_PORT = 4105;

// Loose: the extensions (main.ts) read their own settings from the same environment.
export const observerConfigSchema = z
  .looseObject({
    ...kafkaConnectionShape,
    ...browserPolicyShape,
    TOPIC_PREFIX: z.string().default(""),
    GROUP_PREFIX: z.string().default("sagascope."),
    OBSERVER_DATABASE_URL: z.string().url(),
    OBSERVER_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_OBSERVER_PORT),
    HOST: z.string().default("127.0.0.1"),
    /** Comma-separated definition files and directories (attach.md), looked at every second. */
    SAGA_DEFINITIONS: z.string().default(""),
    /** How often the cluster is asked which topics exist and which groups read them. */
    OBSERVER_CLUSTER_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    /** How often instances past their saga's retention are deleted. */
    OBSERVER_RETENTION_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
    /** A record value above this is counted and kept without its value. */
    OBSERVER_MAX_VALUE_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(10 * 1024 * 1024)
      .default(64 * 1024),
    PARTITIONS_CONSUMED_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(8),
    CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    CONSUMER_RETRY_BASE_MS: z.coerce.number().int().min(1).default(200),
    CONSUMER_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(DEFAULT_LINGER_MS),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** The schema registry of avro, protobuf and jsonschema values (attach.md): comma-separated http(s) URLs, tried in turn. */
    SCHEMA_REGISTRY_URL: z
      .string()
      .default("")
      .refine(
        (v) =>
          v
            .split(",")
            .map((u) => u.trim())
            .filter(Boolean)
            .every((u) => URL.canParse(u) && ["http:", "https:"].includes(new URL(u).protocol)),
        "must be http(s) URLs, comma-separated",
      ),
    /** `user:password` for the registry's Basic authentication. */
    SCHEMA_REGISTRY_AUTH: z
      .string()
      .default("")
      .refine((v) => v === "" || v.includes(":"), "must be user:password"),
  })
  .transform((e, ctx) => ({
    kafka: { ...toKafkaConnection(e, ctx), topicPrefix: e.TOPIC_PREFIX, groupPrefix: e.GROUP_PREFIX },
    databaseUrl: e.OBSERVER_DATABASE_URL,
    http: { host: e.HOST, port: e.OBSERVER_PORT },
    /** Host names the observer answers besides loopback (the web reaches it by its compose name). */
    browser: toBrowserSettings(e),
    /** Files and directories, as named. */
    definitionFiles: definitionPaths(e.SAGA_DEFINITIONS),
    /** Every variable as given, for the extensions' own settings. */
    settings: e as Readonly<Record<string, unknown>>,
    clusterPollMs: e.OBSERVER_CLUSTER_POLL_MS,
    retentionSweepMs: e.OBSERVER_RETENTION_SWEEP_MS,
    limits: { maxValueBytes: e.OBSERVER_MAX_VALUE_BYTES, maxIdLength: 200 },
    consumer: {
      partitionsConsumedConcurrently: e.PARTITIONS_CONSUMED_CONCURRENTLY,
      maxAttempts: e.CONSUMER_MAX_ATTEMPTS,
      retryBaseMs: e.CONSUMER_RETRY_BASE_MS,
      lingerMs: e.CONSUMER_LINGER_MS,
    },
    logLevel: e.LOG_LEVEL,
    registry: e.SCHEMA_REGISTRY_URL.trim()
      ? { url: e.SCHEMA_REGISTRY_URL.trim(), auth: e.SCHEMA_REGISTRY_AUTH || undefined }
      : null,
  }));

export type ObserverConfig = z.output<typeof observerConfigSchema>;

export function loadObserverConfig(env: NodeJS.ProcessEnv): ObserverConfig {
  const parsed = observerConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(
    `invalid configuration for the observer:\n${parsed.error.issues.map((i) => `  ${String(i.path[0] ?? "")}: ${i.message}`).join("\n")}`,
  );
}

/** The observer's group for one saga: its own, and its id always contains `sagascope` (attach.md). */
export function observerGroupId(groupPrefix: string, saga: string): string {
  return `${groupPrefix.includes("sagascope") ? groupPrefix : `${groupPrefix}sagascope.`}observer.${saga}`;
}
