// The TLS files of KAFKA_SSL_*: read once at start and checked before any connection is tried:
// the CA and the client certificate are PEM certificates, the key is a PEM private key that the
// password (if any) opens and that belongs to the certificate.
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/** A configuration problem: the setting to look at and why. */
export type SettingIssue = { setting: string; message: string };

/** What kafkajs hands to Node's tls.connect (PEM text, not paths). */
export type KafkaTls = { ca?: string; cert?: string; key?: string; passphrase?: string; servername?: string };

export type TlsFileSettings = {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  keyPassword?: string;
  servername?: string;
};

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK =
  /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;
const NOT_PEM = "a .jks or .p12 keystore or a DER file must be converted to PEM first (docs/attach.md)";

function read(setting: string, path: string, issues: SettingIssue[]): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    issues.push({ setting, message: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
    return null;
  }
}

/** PEM certificates, each one parsed; null (and an issue) when there is none or one is broken. */
function certificates(setting: string, path: string, issues: SettingIssue[]): string | null {
  const text = read(setting, path, issues);
  if (text === null) return null;
  const blocks = text.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) {
    issues.push({ setting, message: `${path} is not PEM (no -----BEGIN CERTIFICATE----- block): ${NOT_PEM}` });
    return null;
  }
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (err) {
      issues.push({ setting, message: `certificate ${i + 1} of ${path} cannot be read: ${(err as Error).message}` });
      return null;
    }
  }
  return text;
}

function privateKey(
  path: string,
  password: string | undefined,
  issues: SettingIssue[],
): { pem: string; key: KeyObject } | null {
  const setting = "KAFKA_SSL_KEY_FILE";
  const text = read(setting, path, issues);
  if (text === null) return null;
  const block = KEY_BLOCK.exec(text)?.[0];
  if (!block) {
    issues.push({ setting, message: `${path} is not PEM (no -----BEGIN PRIVATE KEY----- block): ${NOT_PEM}` });
    return null;
  }
  const encrypted = block.includes("ENCRYPTED") || /Proc-Type: 4,ENCRYPTED/.test(block);
  if (encrypted && !password) {
    issues.push({ setting: "KAFKA_SSL_KEY_PASSWORD", message: `required: ${path} is encrypted` });
    return null;
  }
  try {
    return { pem: text, key: createPrivateKey({ key: block, passphrase: password }) };
  } catch (err) {
    issues.push(
      encrypted
        ? { setting: "KAFKA_SSL_KEY_PASSWORD", message: `does not open ${path}` }
        : { setting, message: `${path} cannot be read as a private key: ${(err as Error).message}` },
    );
    return null;
  }
}

export function readTlsFiles(s: TlsFileSettings, issues: SettingIssue[]): KafkaTls {
  const tls: KafkaTls = {};
  if (s.servername) tls.servername = s.servername;
  if (s.caFile) tls.ca = certificates("KAFKA_SSL_CA_FILE", s.caFile, issues) ?? undefined;
  if (Boolean(s.certFile) !== Boolean(s.keyFile)) {
    const [missing, present] = s.certFile
      ? ["KAFKA_SSL_KEY_FILE", "KAFKA_SSL_CERT_FILE"]
      : ["KAFKA_SSL_CERT_FILE", "KAFKA_SSL_KEY_FILE"];
    issues.push({ setting: missing, message: `required with ${present} (a client certificate needs its key)` });
  }
  if (s.keyPassword && !s.keyFile)
    issues.push({ setting: "KAFKA_SSL_KEY_PASSWORD", message: "set, but KAFKA_SSL_KEY_FILE is not" });
  if (s.certFile && s.keyFile) {
    const cert = certificates("KAFKA_SSL_CERT_FILE", s.certFile, issues);
    const key = privateKey(s.keyFile, s.keyPassword, issues);
    if (cert && key) {
      if (!new X509Certificate(cert.match(CERT_BLOCK)![0]).checkPrivateKey(key.key))
        issues.push({
          setting: "KAFKA_SSL_KEY_FILE",
          message: `${s.keyFile} is not the key of the certificate in KAFKA_SSL_CERT_FILE (${s.certFile})`,
        });
      Object.assign(tls, { cert, key: key.pem }, s.keyPassword && { passphrase: s.keyPassword });
    }
  }
  return tls;
}
