// Kafka failures said with the setting to look at: kafkajs's errors as they arrive (wrapped in
// retries, with Node's TLS codes inside), and nothing said of an ordinary outage.
import assert from "node:assert/strict";
import { it } from "node:test";
import { explainKafkaFailure } from "./failure";

const kafkajs = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });
const retried = (cause: Error) => Object.assign(kafkajs("KafkaJSNumberOfRetriesExceeded", cause.message), { cause });

it("names the SASL settings when the broker refuses the credentials", () => {
  const err = kafkajs("KafkaJSSASLAuthenticationError", "SASL SCRAM SHA512 authentication failed: invalid credentials");
  const f = explainKafkaFailure(err, {
    brokers: ["b:1"],
    sasl: { mechanism: "scram-sha-512", username: "u", password: "p" },
  });
  assert.equal(f?.kind, "credentials");
  assert.match(
    f!.message,
    /refused the credentials .*check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD/,
  );
  const oauth = explainKafkaFailure(err, {
    brokers: ["b:1"],
    sasl: { mechanism: "oauthbearer", oauth: { tokenUrl: "http://t", clientId: "c", clientSecret: "s" } },
  });
  assert.deepEqual(oauth?.settings, [
    "KAFKA_SASL_OAUTH_TOKEN_URL",
    "KAFKA_SASL_OAUTH_CLIENT_ID",
    "KAFKA_SASL_OAUTH_CLIENT_SECRET",
  ]);
});

it("names KAFKA_SSL_CA_FILE for a broker certificate of an unknown CA, the client files when the broker refuses them", () => {
  for (const code of ["SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "DEPTH_ZERO_SELF_SIGNED_CERT"]) {
    const f = explainKafkaFailure(retried(kafkajs("KafkaJSConnectionError", "Connection error: x", { code })));
    assert.deepEqual([f?.kind, f?.settings], ["tls", ["KAFKA_SSL_CA_FILE"]], code);
  }
  const refused = kafkajs("KafkaJSConnectionError", "Connection error: sslv3 alert bad certificate", {
    code: "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
  });
  assert.deepEqual(explainKafkaFailure(retried(refused))?.settings, ["KAFKA_SSL_CERT_FILE", "KAFKA_SSL_KEY_FILE"]);
  const plaintext = kafkajs(
    "KafkaJSConnectionError",
    "Connection error: Client network socket disconnected before secure TLS connection was established",
    { code: "ECONNRESET" },
  );
  assert.deepEqual(explainKafkaFailure(plaintext)?.settings, ["KAFKA_SSL", "KAFKA_BROKERS"]);
});

it("says which topic is not authorized, and nothing of an outage", () => {
  const denied = kafkajs("KafkaJSProtocolError", "Not authorized to access topics", {
    type: "TOPIC_AUTHORIZATION_FAILED",
  });
  const f = explainKafkaFailure(denied, { brokers: ["b:1"], ssl: true }, "bank.ledger");
  assert.equal(f?.resource, "bank.ledger");
  assert.match(f!.message, /not authorized on topic bank\.ledger \(TOPIC_AUTHORIZATION_FAILED\)/);
  assert.equal(
    explainKafkaFailure(retried(kafkajs("KafkaJSConnectionError", "connect ECONNREFUSED", { code: "ECONNREFUSED" }))),
    null,
  );
});
