// Certificates for a local TLS broker (secured-broker.ts), made with the JDK's keytool: a CA, the
// broker's key and certificate (for 127.0.0.1 and localhost) in a PKCS12 keystore with a
// truststore of the CA, a client's certificate signed by the same CA, and a second CA that signed
// nothing (an "unknown CA"). The client's key leaves its PKCS12 store as PEM through openssl,
// since keytool cannot export a private key.
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type TestCertificates = {
  dir: string;
  /** The password of every PKCS12 store here. */
  storePassword: string;
  /** The broker's keystore and truststore (PKCS12). */
  brokerKeystore: string;
  truststore: string;
  /** PEM: the CA, the client's certificate and key, the same key encrypted with keyPassword, an unrelated CA. */
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  clientEncryptedKeyPem: string;
  keyPassword: string;
  otherCaPem: string;
  /** The broker's name for the client of clientCertPem (its certificate's subject). */
  clientPrincipal: string;
};

const keytool = () => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "keytool") : "keytool");
const EC = ["-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30"];

async function tool(cmd: string, args: string[]): Promise<string> {
  try {
    return (await run(cmd, args, { encoding: "utf8" })).stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string; stdout?: string };
    throw new Error(`${cmd} ${args[0]} failed: ${e.stderr || e.stdout || e.message}`, { cause: err });
  }
}

/** A self-signed CA in its own store, and its certificate as PEM. */
async function makeCa(dir: string, name: string, pw: string): Promise<{ store: string; pem: string }> {
  const store = join(dir, `${name}.p12`);
  const pem = join(dir, `${name}.pem`);
  const s = ["-keystore", store, "-storetype", "PKCS12", "-storepass", pw];
  await tool(keytool(), ["-genkeypair", "-alias", "ca", "-dname", `CN=SagaScope ${name}`, ...EC, "-ext", "bc:c", ...s]);
  await tool(keytool(), ["-exportcert", "-rfc", "-alias", "ca", "-file", pem, ...s]);
  return { store, pem };
}

/** A key pair in `name`.p12, its certificate signed by the CA (chain imported), and that certificate as PEM. */
async function makeSigned(
  dir: string,
  name: string,
  dname: string,
  ext: string[],
  ca: { store: string; pem: string },
  pw: string,
): Promise<{ store: string; certPem: string }> {
  const store = join(dir, `${name}.p12`);
  const certPem = join(dir, `${name}.crt`);
  const csr = join(dir, `${name}.csr`);
  const s = ["-keystore", store, "-storetype", "PKCS12", "-storepass", pw];
  await tool(keytool(), ["-genkeypair", "-alias", name, "-dname", dname, ...EC, ...s]);
  await tool(keytool(), ["-certreq", "-alias", name, "-file", csr, ...s]);
  await tool(keytool(), [
    ...["-gencert", "-alias", "ca", "-keystore", ca.store, "-storepass", pw, "-infile", csr, "-outfile", certPem],
    ...["-rfc", "-validity", "30", ...ext],
  ]);
  await tool(keytool(), ["-importcert", "-noprompt", "-alias", "ca", "-file", ca.pem, ...s]);
  await tool(keytool(), ["-importcert", "-alias", name, "-file", certPem, ...s]);
  return { store, certPem };
}

export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  mkdirSync(dir, { recursive: true });
  const pw = "sagascope-test";
  const keyPassword = "sagascope-key";
  const [ca, other] = await Promise.all([makeCa(dir, "test-ca", pw), makeCa(dir, "unknown-ca", pw)]);
  const truststore = join(dir, "truststore.p12");
  const [broker, client] = await Promise.all([
    makeSigned(
      dir,
      "broker",
      "CN=localhost",
      ["-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth,clientAuth"],
      ca,
      pw,
    ),
    makeSigned(dir, "client", "CN=sagascope-client", ["-ext", "EKU=clientAuth"], ca, pw),
    tool(keytool(), [
      ...["-importcert", "-noprompt", "-alias", "ca", "-file", ca.pem],
      ...["-keystore", truststore, "-storetype", "PKCS12", "-storepass", pw],
    ]),
  ]);
  const clientKeyPem = join(dir, "client.key");
  const clientEncryptedKeyPem = join(dir, "client.enc.key");
  const p12 = ["pkcs12", "-in", client.store, "-nocerts", "-passin", `pass:${pw}`];
  await tool("openssl", [...p12, "-nodes", "-out", `${clientKeyPem}.bag`]);
  await tool("openssl", ["pkey", "-in", `${clientKeyPem}.bag`, "-out", clientKeyPem]);
  await tool("openssl", [
    "pkey",
    "-in",
    clientKeyPem,
    "-aes256",
    "-passout",
    `pass:${keyPassword}`,
    "-out",
    clientEncryptedKeyPem,
  ]);
  return {
    dir,
    storePassword: pw,
    brokerKeystore: broker.store,
    truststore,
    caPem: ca.pem,
    clientCertPem: client.certPem,
    clientKeyPem,
    clientEncryptedKeyPem,
    keyPassword,
    otherCaPem: other.pem,
    clientPrincipal: "CN=sagascope-client",
  };
}
