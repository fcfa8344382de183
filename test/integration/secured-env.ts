// The pieces of the secured-cluster tests: a local broker with TLS, mutual-TLS and SASL_SSL
// listeners (server/embedded/secured-broker.ts), a token endpoint of the client-credentials grant
// that hands out unsecured JWS tokens (what the broker's OAUTHBEARER listener accepts), the
// settings of each way in, and observers in this process reading through them.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SECURED_USERS, type SecuredKafka } from "../../server/embedded/secured-broker";
import { ensureDatabase } from "../../server/embedded/postgres";
import { createMetricsRegistry } from "../../services/kit/metrics";
import { observerConfigSchema } from "../../services/observer/config";
import { startObserver, type RunningObserver } from "../../services/observer/main";
import { exampleDefinition } from "./observer-env";

export const OAUTH_CLIENT = { id: "sagascope-observer", secret: "token-secret" };

/** A token endpoint: POST, client id and secret in Basic, grant_type=client_credentials; an unsecured JWS for `sub`. */
export async function startTokenEndpoint(): Promise<{ url: string; requests: () => number; stop(): Promise<void> }> {
  let requests = 0;
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      requests++;
      const basic = `Basic ${Buffer.from(`${OAUTH_CLIENT.id}:${OAUTH_CLIENT.secret}`).toString("base64")}`;
      const grant = new URLSearchParams(body).get("grant_type");
      if (req.method !== "POST" || req.headers.authorization !== basic || grant !== "client_credentials") {
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid_client"}');
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const token = `${b64({ alg: "none" })}.${b64({ sub: OAUTH_CLIENT.id, iat: now, exp: now + 3600 })}.`;
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: 3600 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    requests: () => requests,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

/** The KAFKA_* settings of each way into the secured broker. */
export function securedSettings(k: SecuredKafka, tokenUrl: string) {
  const c = k.certificates;
  const sasl = (m: keyof typeof SECURED_USERS) => ({
    KAFKA_BROKERS: k.sasl,
    KAFKA_SSL_CA_FILE: c.caPem,
    KAFKA_SASL_MECHANISM: m.toUpperCase(),
    KAFKA_SASL_USERNAME: SECURED_USERS[m].username,
    KAFKA_SASL_PASSWORD: SECURED_USERS[m].password,
  });
  return {
    tls: { KAFKA_BROKERS: k.tls, KAFKA_SSL_CA_FILE: c.caPem },
    mtls: {
      KAFKA_BROKERS: k.mtls,
      KAFKA_SSL_CA_FILE: c.caPem,
      KAFKA_SSL_CERT_FILE: c.clientCertPem,
      KAFKA_SSL_KEY_FILE: c.clientEncryptedKeyPem,
      KAFKA_SSL_KEY_PASSWORD: c.keyPassword,
    },
    plain: sasl("plain"),
    scram256: sasl("scram-sha-256"),
    scram512: sasl("scram-sha-512"),
    oauth: {
      KAFKA_BROKERS: k.sasl,
      KAFKA_SSL_CA_FILE: c.caPem,
      KAFKA_SASL_MECHANISM: "OAUTHBEARER",
      KAFKA_SASL_OAUTH_TOKEN_URL: tokenUrl,
      KAFKA_SASL_OAUTH_CLIENT_ID: OAUTH_CLIENT.id,
      KAFKA_SASL_OAUTH_CLIENT_SECRET: OAUTH_CLIENT.secret,
    },
  } satisfies Record<string, Record<string, string>>;
}

export type SecuredObserver = {
  running: RunningObserver;
  get<T>(path: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
};

/** An observer of the bank-transfer example under `prefix`, with a group and a database of its own, through `settings`. */
export async function startSecuredObserver(prefix: string, settings: Record<string, string>): Promise<SecuredObserver> {
  const id = `s${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const dbUrl = Object.assign(new URL(process.env.TEST_DATABASE_URL ?? ""), { pathname: `/${id}_observer` }).toString();
  await ensureDatabase(dbUrl);
  const config = observerConfigSchema.parse({
    ...settings,
    TOPIC_PREFIX: prefix,
    GROUP_PREFIX: `${prefix}${id}.`,
    OBSERVER_DATABASE_URL: dbUrl,
    OBSERVER_PORT: "0",
    SAGA_DEFINITIONS: "bank.yaml",
    OBSERVER_BUILT_IN: "0",
    OBSERVER_CLUSTER_POLL_MS: "200",
    CONSUMER_RETRY_BASE_MS: "50",
    LOG_LEVEL: "error",
  });
  const definition = exampleDefinition(prefix, 60_000);
  const running = await startObserver(config, {
    readFile: (p) => (p === "bank.yaml" ? definition : readFileSync(p, "utf8")),
    metrics: createMetricsRegistry("observer"),
  });
  return {
    running,
    async get<T>(path: string) {
      const r = await fetch(`http://127.0.0.1:${running.port}${path}`);
      return { status: r.status, body: (await r.json()) as T };
    },
    stop: () => running.stop(),
  };
}
