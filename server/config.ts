// Web server configuration, parsed once at start.
import { hostname } from "node:os";
import { z } from "zod";
import { DEFAULT_SERVICE_PORTS } from "../services/kit/config";
import { DEFAULT_OBSERVER_PORT } from "../services/observer/config";
import { browserPolicyShape, toBrowserSettings } from "../services/kit/http/browser-guard";
import { kafkaConnectionShape, toKafkaConnection } from "../services/kit/kafka/client";

const url = (port: number) => z.string().url().default(`http://127.0.0.1:${port}`);

export const webConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    ...kafkaConnectionShape,
    ...browserPolicyShape,
    BRIDGE_GROUP_ID: z.string().min(1).optional(),
    KAFKA_EMBEDDED: z.enum(["0", "1"]).default("0"),
    TOPIC_PREFIX: z.string().default(""),
    GROUP_PREFIX: z.string().default("sagascope."),
    ORDER_URL: url(DEFAULT_SERVICE_PORTS.order),
    STOCK_URL: url(DEFAULT_SERVICE_PORTS.stock),
    BALANCE_URL: url(DEFAULT_SERVICE_PORTS.balance),
    NOTIFICATION_URL: url(DEFAULT_SERVICE_PORTS.notification),
    OBSERVER_URL: url(DEFAULT_OBSERVER_PORT),
    NEXT_DEV: z.enum(["0", "1"]).default("0"),
    /** off: the run command starts none of the four saga services (attach.md). */
    SAGASCOPE_DEMO: z.enum(["on", "off"]).default("on"),
    ADMIN_TOKEN: z.string().min(16, "ADMIN_TOKEN must be at least 16 characters").optional(),
    BRIDGE_FLUSH_MS: z.coerce.number().int().min(10).max(1000).default(150),
  })
  .transform((e, ctx) => ({
    http: { host: e.HOST, port: e.PORT },
    /** Host names and browser origins the web origin answers besides its own loopback ones. */
    browser: toBrowserSettings(e),
    kafka: {
      ...toKafkaConnection(e, ctx),
      embedded: e.KAFKA_EMBEDDED === "1",
      topicPrefix: e.TOPIC_PREFIX,
      groupPrefix: e.GROUP_PREFIX,
      /** Every web process reads the whole live feed, so each has a group of its own. */
      bridgeGroupId: e.BRIDGE_GROUP_ID ?? `${e.GROUP_PREFIX}bridge.${hostname()}.${process.pid}`,
    },
    services: { order: e.ORDER_URL, stock: e.STOCK_URL, balance: e.BALANCE_URL, notification: e.NOTIFICATION_URL },
    /** The saga observer (services/observer), answering /api/sagas. */
    observerUrl: e.OBSERVER_URL,
    nextDev: e.NEXT_DEV === "1",
    /** false: /api/health does not wait for the four saga services. */
    demo: e.SAGASCOPE_DEMO !== "off",
    bridgeFlushMs: e.BRIDGE_FLUSH_MS,
    /** Unset: the operator API answers loopback callers in the embedded mode only. */
    adminToken: e.ADMIN_TOKEN,
  }));

export type WebConfig = z.output<typeof webConfigSchema>;

export function loadWebConfig(env: NodeJS.ProcessEnv): WebConfig {
  const parsed = webConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(
    `invalid web configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
  );
}
