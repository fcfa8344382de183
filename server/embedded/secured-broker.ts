// A local Apache Kafka with secured listeners, to attach SagaScope to as to a production cluster
// (README, "Your cluster") and for the tests: one KRaft node, in a folder of its own, with
//   INTERNAL  PLAINTEXT  the operator's door (topics, ACLs), a super user
//   MTLS      SSL        a client certificate signed by the test CA is required
//   TLS       SSL        server certificate only
//   SASL      SASL_SSL   PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER (unsecured JWS tokens)
// Certificates come from certificates.ts; the ACL authorizer lets everyone use what no ACL names.
//   npx tsx server/embedded/secured-broker.ts [--dir .data/secured-kafka]   (prints the settings)
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { startEmbeddedKafka, type EmbeddedKafka } from "./broker";
import { makeTestCertificates, type TestCertificates } from "./certificates";

/** The SASL users of the SASL listener: name and password. */
export const SECURED_USERS = {
  plain: { username: "sagascope-plain", password: "plain-secret" },
  "scram-sha-256": { username: "sagascope-scram256", password: "scram256-secret" },
  "scram-sha-512": { username: "sagascope-scram512", password: "scram512-secret" },
} as const;

export type SecuredKafka = {
  /** PLAINTEXT, no authentication, a super user: for the operator's work (topics, ACLs). */
  internal: string;
  mtls: string;
  tls: string;
  sasl: string;
  certificates: TestCertificates;
  broker: EmbeddedKafka;
  stop(): Promise<void>;
};

/** A port nobody listens on now (0: any). */
export async function freePort(wanted = 0): Promise<number | null> {
  return new Promise((resolvePort) => {
    const s = createServer();
    s.once("error", () => resolvePort(null));
    s.listen(wanted, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}

/** A free port whose next one is free too (a node's client and controller ports). */
async function freePair(): Promise<number> {
  for (;;) {
    const port = (await freePort())!;
    if (port < 65535 && (await freePort(port + 1)) !== null) return port;
  }
}

const jaas = (module: string, options = "") => `${module} required${options};`;

export function securedListenerProperties(
  ports: { mtls: number; tls: number; sasl: number },
  certs: TestCertificates,
  base: { port: number; controllerPort: number },
): Record<string, string> {
  const at = (name: string, port: number) => `${name}://127.0.0.1:${port}`;
  const sasl = "listener.name.sasl";
  const users = Object.values(SECURED_USERS).filter((u) => u.username.endsWith("plain"));
  return {
    listeners: [
      at("INTERNAL", base.port),
      at("CONTROLLER", base.controllerPort),
      at("MTLS", ports.mtls),
      at("TLS", ports.tls),
      at("SASL", ports.sasl),
    ].join(","),
    "advertised.listeners": [
      at("INTERNAL", base.port),
      at("MTLS", ports.mtls),
      at("TLS", ports.tls),
      at("SASL", ports.sasl),
    ].join(","),
    "listener.security.protocol.map": "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,MTLS:SSL,TLS:SSL,SASL:SASL_SSL",
    "inter.broker.listener.name": "INTERNAL",
    "ssl.keystore.type": "PKCS12",
    "ssl.keystore.location": certs.brokerKeystore,
    "ssl.keystore.password": certs.storePassword,
    "ssl.key.password": certs.storePassword,
    "ssl.truststore.type": "PKCS12",
    "ssl.truststore.location": certs.truststore,
    "ssl.truststore.password": certs.storePassword,
    "listener.name.mtls.ssl.client.auth": "required",
    [`${sasl}.sasl.enabled.mechanisms`]: "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER",
    [`${sasl}.plain.sasl.jaas.config`]: jaas(
      "org.apache.kafka.common.security.plain.PlainLoginModule",
      users.map((u) => ` user_${u.username}="${u.password}"`).join(""),
    ),
    [`${sasl}.scram-sha-256.sasl.jaas.config`]: jaas("org.apache.kafka.common.security.scram.ScramLoginModule"),
    [`${sasl}.scram-sha-512.sasl.jaas.config`]: jaas("org.apache.kafka.common.security.scram.ScramLoginModule"),
    [`${sasl}.oauthbearer.sasl.jaas.config`]: jaas(
      "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule",
      ' unsecuredLoginStringClaim_sub="broker"',
    ),
    [`${sasl}.oauthbearer.sasl.server.callback.handler.class`]:
      "org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler",
    "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    // The INTERNAL and CONTROLLER listeners' principal: the broker itself and the operator.
    "super.users": "User:ANONYMOUS",
    "allow.everyone.if.no.acl.found": "true",
  };
}

export async function startSecuredKafka(opts: { dir: string; log(msg: string): void }): Promise<SecuredKafka> {
  const dir = resolve(opts.dir);
  const certificates = await makeTestCertificates(join(dir, "certificates"));
  // Two consecutive free ports for the node (clients, controller), then one per secured listener.
  const port = await freePair();
  const [mtls, tls, sasl] = [(await freePort())!, (await freePort())!, (await freePort())!];
  const scram = (mechanism: "SCRAM-SHA-256" | "SCRAM-SHA-512") => {
    const u = SECURED_USERS[mechanism.toLowerCase() as "scram-sha-256" | "scram-sha-512"];
    return ["--add-scram", `${mechanism}=[name=${u.username},password=${u.password}]`];
  };
  const broker = await startEmbeddedKafka({
    dataDir: join(dir, "kafka"),
    port,
    fresh: true,
    log: opts.log,
    properties: securedListenerProperties({ mtls, tls, sasl }, certificates, { port, controllerPort: port + 1 }),
    formatArgs: [...scram("SCRAM-SHA-256"), ...scram("SCRAM-SHA-512")],
  });
  const on = (p: number) => `127.0.0.1:${p}`;
  return {
    internal: broker.bootstrap,
    mtls: on(mtls),
    tls: on(tls),
    sasl: on(sasl),
    certificates,
    broker,
    stop: () => broker.stop(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { dir: { type: "string", default: ".data/secured-kafka" } } });
  const k = await startSecuredKafka({ dir: values.dir!, log: console.log });
  const c = k.certificates;
  const u = SECURED_USERS;
  console.log(`secured Kafka ${k.broker.version} is up; settings for each listener:
  plaintext (operator)  KAFKA_BROKERS=${k.internal}
  TLS                   KAFKA_BROKERS=${k.tls} KAFKA_SSL_CA_FILE=${c.caPem}
  mutual TLS            KAFKA_BROKERS=${k.mtls} KAFKA_SSL_CA_FILE=${c.caPem} KAFKA_SSL_CERT_FILE=${c.clientCertPem} KAFKA_SSL_KEY_FILE=${c.clientKeyPem}
  SASL PLAIN            KAFKA_BROKERS=${k.sasl} KAFKA_SSL_CA_FILE=${c.caPem} KAFKA_SASL_MECHANISM=PLAIN KAFKA_SASL_USERNAME=${u.plain.username} KAFKA_SASL_PASSWORD=${u.plain.password}
  SCRAM-SHA-512         KAFKA_BROKERS=${k.sasl} KAFKA_SSL_CA_FILE=${c.caPem} KAFKA_SASL_MECHANISM=SCRAM-SHA-512 KAFKA_SASL_USERNAME=${u["scram-sha-512"].username} KAFKA_SASL_PASSWORD=${u["scram-sha-512"].password}
Ctrl-C stops it.`);
  const stop = () => void k.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
