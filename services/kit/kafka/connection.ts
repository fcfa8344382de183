// The Kafka connection every client is built from, parsed once at start: brokers, TLS (a CA, a
// client certificate and key) and SASL (PLAIN, SCRAM, OAUTHBEARER from a token endpoint). The
// files are read here, once; a setting half given or a file that is not PEM is refused, named.
import { z } from "zod";
import { SagaError } from "../errors";
import { readTlsFiles, type KafkaTls, type SettingIssue } from "./tls-files";

export type { KafkaTls, SettingIssue } from "./tls-files";

export type KafkaOAuth = { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
export type KafkaSasl =
  | { mechanism: "plain" | "scram-sha-256" | "scram-sha-512"; username: string; password: string }
  | { mechanism: "oauthbearer"; oauth: KafkaOAuth };

export type KafkaConnection = {
  brokers: string[];
  /** true: TLS with the system's CAs; an object: with its CA, client certificate or server name. */
  ssl?: boolean | KafkaTls;
  sasl?: KafkaSasl;
};

const brokerList = z
  .string()
  .min(1, "KAFKA_BROKERS is required (host:port[,host:port])")
  .transform((s) =>
    s
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
  );
/** Unset or empty is not given. */
const given = () => z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512", "oauthbearer"] as const;

/** The KAFKA_* settings (docs/attach.md, "Your cluster"). */
export const kafkaConnectionShape = {
  KAFKA_BROKERS: brokerList,
  KAFKA_SSL: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["0", "1"]).optional()),
  KAFKA_SSL_CA_FILE: given(),
  KAFKA_SSL_CERT_FILE: given(),
  KAFKA_SSL_KEY_FILE: given(),
  KAFKA_SSL_KEY_PASSWORD: given(),
  KAFKA_SSL_SERVERNAME: given(),
  // PLAIN or SCRAM-SHA-512 as Kafka's own clients write them, or lower case.
  KAFKA_SASL_MECHANISM: z.preprocess(
    (v) => (v === "" ? undefined : typeof v === "string" ? v.toLowerCase() : v),
    z.enum(MECHANISMS, `must be one of ${MECHANISMS.join(", ")}`).optional(),
  ),
  KAFKA_SASL_USERNAME: given(),
  KAFKA_SASL_PASSWORD: given(),
  KAFKA_SASL_OAUTH_TOKEN_URL: given(),
  KAFKA_SASL_OAUTH_CLIENT_ID: given(),
  KAFKA_SASL_OAUTH_CLIENT_SECRET: given(),
  KAFKA_SASL_OAUTH_SCOPE: given(),
};
type ConnectionVars = z.output<z.ZodObject<typeof kafkaConnectionShape>>;

function saslOf(e: ConnectionVars, issues: SettingIssue[]): KafkaSasl | undefined {
  const need = (setting: keyof ConnectionVars, why: string) => {
    if (!e[setting]) issues.push({ setting, message: `required ${why}` });
  };
  const unused = (settings: (keyof ConnectionVars)[], why: string) => {
    for (const s of settings) if (e[s]) issues.push({ setting: s, message: `set, but ${why}` });
  };
  const passwordSettings = ["KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"] as const;
  const oauthSettings = [
    "KAFKA_SASL_OAUTH_TOKEN_URL",
    "KAFKA_SASL_OAUTH_CLIENT_ID",
    "KAFKA_SASL_OAUTH_CLIENT_SECRET",
    "KAFKA_SASL_OAUTH_SCOPE",
  ] as const;
  const m = e.KAFKA_SASL_MECHANISM;
  if (!m) {
    unused([...passwordSettings, ...oauthSettings], "KAFKA_SASL_MECHANISM is not (SASL is off)");
    return undefined;
  }
  if (m === "oauthbearer") {
    for (const s of oauthSettings.slice(0, 3)) need(s, "with KAFKA_SASL_MECHANISM=oauthbearer");
    unused([...passwordSettings], "KAFKA_SASL_MECHANISM=oauthbearer takes its token from KAFKA_SASL_OAUTH_TOKEN_URL");
    const url = e.KAFKA_SASL_OAUTH_TOKEN_URL;
    if (url && !(URL.canParse(url) && ["http:", "https:"].includes(new URL(url).protocol)))
      issues.push({ setting: "KAFKA_SASL_OAUTH_TOKEN_URL", message: "must be an http(s) URL" });
    return {
      mechanism: m,
      oauth: {
        tokenUrl: url ?? "",
        clientId: e.KAFKA_SASL_OAUTH_CLIENT_ID ?? "",
        clientSecret: e.KAFKA_SASL_OAUTH_CLIENT_SECRET ?? "",
        ...(e.KAFKA_SASL_OAUTH_SCOPE && { scope: e.KAFKA_SASL_OAUTH_SCOPE }),
      },
    };
  }
  for (const s of passwordSettings) need(s, `with KAFKA_SASL_MECHANISM=${m}`);
  unused([...oauthSettings], `KAFKA_SASL_MECHANISM=${m} does not use a token endpoint`);
  return { mechanism: m, username: e.KAFKA_SASL_USERNAME ?? "", password: e.KAFKA_SASL_PASSWORD ?? "" };
}

function sslOf(e: ConnectionVars, issues: SettingIssue[]): boolean | KafkaTls {
  const files = ["KAFKA_SSL_CA_FILE", "KAFKA_SSL_CERT_FILE", "KAFKA_SSL_KEY_FILE", "KAFKA_SSL_SERVERNAME"] as const;
  const named = files.filter((s) => e[s]);
  if (e.KAFKA_SSL === "0") {
    for (const s of named) issues.push({ setting: s, message: "set, but KAFKA_SSL=0 turns TLS off" });
    return false;
  }
  if (named.length === 0) {
    if (e.KAFKA_SSL_KEY_PASSWORD)
      issues.push({ setting: "KAFKA_SSL_KEY_PASSWORD", message: "set, but KAFKA_SSL_KEY_FILE is not" });
    return e.KAFKA_SSL === "1";
  }
  return readTlsFiles(
    {
      caFile: e.KAFKA_SSL_CA_FILE,
      certFile: e.KAFKA_SSL_CERT_FILE,
      keyFile: e.KAFKA_SSL_KEY_FILE,
      keyPassword: e.KAFKA_SSL_KEY_PASSWORD,
      servername: e.KAFKA_SSL_SERVERNAME,
    },
    issues,
  );
}

/**
 * The connection of parsed KAFKA_* settings. With `ctx` (inside a zod transform) each problem is a
 * configuration issue on its setting; without, they are thrown together as one SagaError.
 */
export function toKafkaConnection(e: ConnectionVars, ctx?: Pick<z.core.$RefinementCtx, "addIssue">): KafkaConnection {
  const issues: SettingIssue[] = [];
  const sasl = saslOf(e, issues);
  const ssl = sslOf(e, issues);
  if (issues.length > 0) {
    if (!ctx)
      throw new SagaError("VALIDATION_FAILED", issues.map((i) => `${i.setting}: ${i.message}`).join("; "), {
        details: issues,
      });
    for (const i of issues) ctx.addIssue({ code: "custom", path: [i.setting], message: i.message, input: e });
  }
  return { brokers: e.KAFKA_BROKERS, ssl, ...(sasl && { sasl }) };
}

export const kafkaConnectionSchema = z.object(kafkaConnectionShape).transform((e, ctx) => toKafkaConnection(e, ctx));
