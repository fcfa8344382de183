// The KAFKA_* settings refused at start: TLS files missing, not PEM, a key that is not the
// certificate's or that its password does not open; SASL half given; each named by its setting.
import assert from "node:assert/strict";
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, it } from "node:test";
import { kafkaConnectionSchema } from "./connection";

// A self-signed certificate and its key, made for this test only (not a secret of anything).
const CERT = `-----BEGIN CERTIFICATE-----
MIIBezCCASGgAwIBAgIUG98hF5A2Zmerg+zIH1DoFsuhSowwCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHZml4dHVyZTAgFw0yNjEyMDcyMjA4MzFaGA8yMTI2MTExMzIy
MDgzMVowEjEQMA4GA1UEAwwHZml4dHVyZTBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABAbnmjEMgh0jG7LL1/ZCjaR7RYNmYIRmqtrNYV2qvwEFKSa2mva0Tc+Yn2Ob
SJQYj98ehANvgzqCi4lrVmpk+eKjUzBRMB0GA1UdDgQWBBS8HutxUGZl8PmWlitv
kx5RYrtlPzAfBgNVHSMEGDAWgBS8HutxUGZl8PmWlitvkx5RYrtlPzAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDJTsJXBcRLPoEWcDTwUmZ5L/Gu
YjOsUK58jl/gcIEKfwIgEO/xGr/Ge8SxvrWykuLWGYexc/ZSPT7FMCiaaYwPkg8=
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgrx++JYc23uvfbNHM
di544kwbzZPem0C0msFYZEt1MlmhRANCAAQG55oxDIIdIxuyy9f2Qo2ke0WDZmCE
ZqrazWFdqr8BBSkmtpr2tE3PmJ9jm0iUGI/fHoQDb4M6gouJa1ZqZPni
-----END PRIVATE KEY-----
`;
const dir = mkdtempSync(join(tmpdir(), "kafka-settings-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const ca = file("ca.pem", CERT);
const cert = file("cert.pem", CERT);
const key = file("key.pem", KEY);
const encrypted = file(
  "key.enc.pem",
  createPrivateKey(KEY).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }),
);
const otherKey = file(
  "other.pem",
  generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }),
);
const der = file("ca.der", Buffer.from(CERT.split("\n").slice(1, -2).join(""), "base64"));

/** The issues of a refused parse, as "SETTING: message". */
function refused(env: Record<string, string>): string[] {
  const r = kafkaConnectionSchema.safeParse({ KAFKA_BROKERS: "b:9093", ...env });
  assert.equal(r.success, false, "refused");
  return r.error!.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
}

it("reads a CA file, a client certificate and an encrypted key; TLS is implied by the files", () => {
  const c = kafkaConnectionSchema.parse({
    KAFKA_BROKERS: "b:9093",
    KAFKA_SSL_CA_FILE: ca,
    KAFKA_SSL_CERT_FILE: cert,
    KAFKA_SSL_KEY_FILE: encrypted,
    KAFKA_SSL_KEY_PASSWORD: "pw",
    KAFKA_SSL_SERVERNAME: "kafka.internal",
  });
  assert.deepEqual(c.ssl, {
    ca: CERT,
    cert: CERT,
    key: c.ssl && typeof c.ssl === "object" ? c.ssl.key : "",
    passphrase: "pw",
    servername: "kafka.internal",
  });
  assert.match(String((c.ssl as { key: string }).key), /ENCRYPTED PRIVATE KEY/);
  assert.deepEqual(kafkaConnectionSchema.parse({ KAFKA_BROKERS: "b:1", KAFKA_SSL_CA_FILE: ca }).ssl, { ca: CERT });
});

it("refuses TLS files that are missing or not PEM, naming the setting", () => {
  assert.match(
    refused({ KAFKA_SSL_CA_FILE: join(dir, "nope.pem") }).join(),
    /^KAFKA_SSL_CA_FILE: cannot read .*ENOENT/,
  );
  assert.match(refused({ KAFKA_SSL_CA_FILE: der }).join(), /^KAFKA_SSL_CA_FILE: .*ca\.der is not PEM/);
  assert.match(refused({ KAFKA_SSL_CA_FILE: key }).join(), /^KAFKA_SSL_CA_FILE: .* is not PEM/);
  const broken = file("broken.pem", CERT.replace("MIIBez", "MIIBe"));
  assert.match(refused({ KAFKA_SSL_CA_FILE: broken }).join(), /^KAFKA_SSL_CA_FILE: certificate 1 of .* cannot be read/);
  assert.match(
    refused({ KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: cert }).join(),
    /^KAFKA_SSL_KEY_FILE: .* is not PEM \(no -----BEGIN PRIVATE KEY/,
  );
});

it("refuses a client certificate without its key, a key that is not its own, or a password that does not open it", () => {
  assert.deepEqual(refused({ KAFKA_SSL_CERT_FILE: cert }), [
    "KAFKA_SSL_KEY_FILE: required with KAFKA_SSL_CERT_FILE (a client certificate needs its key)",
  ]);
  assert.match(refused({ KAFKA_SSL_KEY_FILE: key }).join(), /^KAFKA_SSL_CERT_FILE: required with KAFKA_SSL_KEY_FILE/);
  assert.match(
    refused({ KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: otherKey }).join(),
    /^KAFKA_SSL_KEY_FILE: .*other\.pem is not the key of the certificate/,
  );
  assert.match(
    refused({ KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: encrypted }).join(),
    /^KAFKA_SSL_KEY_PASSWORD: required: .* is encrypted/,
  );
  assert.match(
    refused({ KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: encrypted, KAFKA_SSL_KEY_PASSWORD: "no" }).join(),
    /^KAFKA_SSL_KEY_PASSWORD: does not open/,
  );
  assert.deepEqual(refused({ KAFKA_SSL_KEY_PASSWORD: "pw" }), [
    "KAFKA_SSL_KEY_PASSWORD: set, but KAFKA_SSL_KEY_FILE is not",
  ]);
  assert.deepEqual(refused({ KAFKA_SSL: "0", KAFKA_SSL_CA_FILE: ca }), [
    "KAFKA_SSL_CA_FILE: set, but KAFKA_SSL=0 turns TLS off",
  ]);
});

it("refuses SASL half given: a mechanism without its credentials, credentials without a mechanism", () => {
  assert.deepEqual(refused({ KAFKA_SASL_MECHANISM: "SCRAM-SHA-512", KAFKA_SASL_USERNAME: "u" }), [
    "KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=scram-sha-512",
  ]);
  assert.deepEqual(refused({ KAFKA_SASL_PASSWORD: "p" }), [
    "KAFKA_SASL_PASSWORD: set, but KAFKA_SASL_MECHANISM is not (SASL is off)",
  ]);
  assert.deepEqual(refused({ KAFKA_SASL_MECHANISM: "oauthbearer", KAFKA_SASL_OAUTH_TOKEN_URL: "ftp://x" }), [
    "KAFKA_SASL_OAUTH_CLIENT_ID: required with KAFKA_SASL_MECHANISM=oauthbearer",
    "KAFKA_SASL_OAUTH_CLIENT_SECRET: required with KAFKA_SASL_MECHANISM=oauthbearer",
    "KAFKA_SASL_OAUTH_TOKEN_URL: must be an http(s) URL",
  ]);
  assert.match(
    refused({
      KAFKA_SASL_MECHANISM: "plain",
      KAFKA_SASL_USERNAME: "u",
      KAFKA_SASL_PASSWORD: "p",
      KAFKA_SASL_OAUTH_SCOPE: "s",
    }).join(),
    /^KAFKA_SASL_OAUTH_SCOPE: set, but KAFKA_SASL_MECHANISM=plain does not use a token endpoint/,
  );
  assert.match(refused({ KAFKA_SASL_MECHANISM: "gssapi" }).join(), /^KAFKA_SASL_MECHANISM: must be one of plain/);
});

it("reads OAUTHBEARER's token endpoint settings", () => {
  const c = kafkaConnectionSchema.parse({
    KAFKA_BROKERS: "b:9093",
    KAFKA_SSL: "1",
    KAFKA_SASL_MECHANISM: "OAUTHBEARER",
    KAFKA_SASL_OAUTH_TOKEN_URL: "https://idp.example/token",
    KAFKA_SASL_OAUTH_CLIENT_ID: "sagascope",
    KAFKA_SASL_OAUTH_CLIENT_SECRET: "s3cret",
    KAFKA_SASL_OAUTH_SCOPE: "kafka",
  });
  assert.deepEqual(c, {
    brokers: ["b:9093"],
    ssl: true,
    sasl: {
      mechanism: "oauthbearer",
      oauth: { tokenUrl: "https://idp.example/token", clientId: "sagascope", clientSecret: "s3cret", scope: "kafka" },
    },
  });
});
