// What a Kafka client's failure means for the one who configured it: the broker refused the
// credentials, its certificate is signed by a CA this client does not trust, it refused this
// client's certificate, or a topic or group is not authorized; each with the setting to look at.
// Anything else (the broker is down, a timeout) is not explained here: null.
import type { KafkaConnection } from "./connection";

export type KafkaFailure = {
  kind: "credentials" | "tls" | "authorization";
  /** The settings to look at. */
  settings: string[];
  /** One line for a log, /api/health or a page. */
  message: string;
  /** The topic or group refused, for an authorization failure. */
  resource?: string;
};

// Node's certificate verification codes (tls.connect): the broker's chain is not trusted.
const UNTRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
]);
// OpenSSL's alerts sent by a broker that refuses this client's certificate (or its absence).
const CLIENT_CERT_REFUSED =
  /ERR_SSL_(TLSV1_ALERT_UNKNOWN_CA|SSLV3_ALERT_BAD_CERTIFICATE|TLSV13_ALERT_CERTIFICATE_REQUIRED|SSLV3_ALERT_CERTIFICATE_UNKNOWN|TLSV1_ALERT_ACCESS_DENIED|SSLV3_ALERT_HANDSHAKE_FAILURE)/;
/**
 * A connection failure that trying again cannot mend within this process: the broker's certificate
 * is not trusted, is for another name or not valid now, or the broker refused this client's
 * certificate or does not speak TLS. kafkajs would retry it with the whole backoff (about 30 s).
 */
export function isPermanentTlsFailure(code: unknown, message = ""): boolean {
  if (typeof code !== "string") return false;
  return (
    UNTRUSTED.has(code) ||
    ["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID", "ERR_TLS_CERT_ALTNAME_INVALID", "ERR_SSL_WRONG_VERSION_NUMBER"].includes(
      code,
    ) ||
    CLIENT_CERT_REFUSED.test(code) ||
    CLIENT_CERT_REFUSED.test(message)
  );
}

const AUTHORIZATION = /^(TOPIC|GROUP|CLUSTER|TRANSACTIONAL_ID)_AUTHORIZATION_FAILED$/;

function field(e: unknown, key: string): unknown {
  return typeof e === "object" && e !== null ? (e as Record<string, unknown>)[key] : undefined;
}

/** The error and what it wraps (kafkajs's cause and originalError, AggregateError members), outermost first. */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue = [err];
  while (queue.length > 0 && out.length < 10) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    queue.push(field(e, "cause"), field(e, "originalError"));
    const members = field(e, "errors");
    if (Array.isArray(members)) queue.push(...members.slice(0, 3));
  }
  return out;
}

const saslSettings = (conn?: KafkaConnection): string[] =>
  conn?.sasl?.mechanism === "oauthbearer"
    ? ["KAFKA_SASL_OAUTH_TOKEN_URL", "KAFKA_SASL_OAUTH_CLIENT_ID", "KAFKA_SASL_OAUTH_CLIENT_SECRET"]
    : ["KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"];

function explainOne(e: unknown, conn?: KafkaConnection, resource?: string): KafkaFailure | null {
  const name = String(field(e, "name") ?? "");
  const code = String(field(e, "code") ?? "");
  const type = String(field(e, "type") ?? "");
  const text = e instanceof Error ? e.message : String(e);
  if (name === "KafkaJSSASLAuthenticationError" || type === "SASL_AUTHENTICATION_FAILED") {
    const settings = saslSettings(conn);
    return {
      kind: "credentials",
      settings,
      message: `the broker refused the credentials (${text}): check ${settings.join(", ")}`,
    };
  }
  if (name === "SagaError" && /KAFKA_SASL_OAUTH_/.test(text))
    return { kind: "credentials", settings: saslSettings(conn), message: text };
  if (type === "UNSUPPORTED_SASL_MECHANISM" || type === "ILLEGAL_SASL_STATE")
    return {
      kind: "credentials",
      settings: ["KAFKA_SASL_MECHANISM"],
      message: `the broker does not take this SASL mechanism on this listener (${type}): check KAFKA_SASL_MECHANISM and KAFKA_BROKERS`,
    };
  if (UNTRUSTED.has(code))
    return {
      kind: "tls",
      settings: ["KAFKA_SSL_CA_FILE"],
      message: `the broker's certificate is not signed by a CA this client trusts (${code}): set KAFKA_SSL_CA_FILE to the CA that signed it`,
    };
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID")
    return {
      kind: "tls",
      settings: ["KAFKA_SSL_CA_FILE"],
      message: `the broker's certificate is not valid now (${code})`,
    };
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID")
    return {
      kind: "tls",
      settings: ["KAFKA_BROKERS", "KAFKA_SSL_SERVERNAME"],
      message: `the broker's certificate does not name the host connected to (${text}): use a host name of its certificate in KAFKA_BROKERS, or set KAFKA_SSL_SERVERNAME`,
    };
  if (CLIENT_CERT_REFUSED.test(code) || CLIENT_CERT_REFUSED.test(text))
    return {
      kind: "tls",
      settings: ["KAFKA_SSL_CERT_FILE", "KAFKA_SSL_KEY_FILE"],
      message: `the broker refused this client's certificate (${code || text}): check KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE`,
    };
  if (
    code === "ERR_SSL_WRONG_VERSION_NUMBER" ||
    /wrong version number|disconnected before secure TLS connection was established/i.test(text)
  )
    return {
      kind: "tls",
      settings: ["KAFKA_SSL", "KAFKA_BROKERS"],
      message: "the broker does not speak TLS on this port: check KAFKA_BROKERS (a TLS listener) or turn KAFKA_SSL off",
    };
  if (AUTHORIZATION.test(type)) {
    const what = type.split("_")[0]!.toLowerCase();
    const on = resource ? ` ${what} ${resource}` : ` ${what}`;
    return {
      kind: "authorization",
      settings: conn?.sasl ? ["KAFKA_SASL_USERNAME"] : conn?.ssl ? ["KAFKA_SSL_CERT_FILE"] : [],
      message: `not authorized on${on} (${type}): the cluster's ACLs must let this client's user read it`,
      ...(resource && { resource }),
    };
  }
  return null;
}

/** The first explainable failure in the error's chain, or null. */
export function explainKafkaFailure(err: unknown, conn?: KafkaConnection, resource?: string): KafkaFailure | null {
  for (const e of chain(err)) {
    const found = explainOne(e, conn, resource);
    if (found) return found;
  }
  return null;
}
