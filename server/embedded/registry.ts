// A schema registry on this machine: Apicurio Registry (server/embedded/registry/pom.xml, fetched
// by scripts/build-registry.sh into build/registry), one JVM on a loopback port. Its
// Confluent-compatible API is `url` (what SCHEMA_REGISTRY_URL names). Schemas are kept in an H2
// database: in memory (gone at a stop), or in `dataDir` when one is given (kept across a stop and
// start, as a real registry keeps them). Used by the tests; stop() and start() take it away and
// bring it back on the same port.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export type EmbeddedRegistry = {
  /** The Confluent-compatible API: http://127.0.0.1:<port>/apis/ccompat/v7 */
  url: string;
  port: number;
  version: string;
  pid(): number | null;
  /** Starts it again (after stop()); resolves once it answers. */
  start(): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s); resolves once the JVM has exited. */
  stop(): Promise<void>;
};

export type RegistryOptions = {
  /** Default: a free loopback port. */
  port?: number;
  /** Keep the schemas in an H2 file here (and the JVM's log); default: in memory, log in build/registry. */
  dataDir?: string;
  root?: string;
  /** How long start() waits for an answer (default 90 s). */
  startTimeoutMs?: number;
  log?(msg: string): void;
};

// Small heap, serial GC, C1 only, a small connection pool: ~150-200 MB resident instead of ~290,
// and a faster start. Nothing here needs the registry to be fast.
const JVM_OPTIONS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx192m"];

const javaBin = () => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java");

function runnerJar(root: string): { jar: string; version: string } {
  const list = join(root, "build", "registry", "runner");
  if (!existsSync(list))
    throw new Error(
      `${list} is missing: run scripts/setup.sh (scripts/build-registry.sh fetches Apicurio Registry with Maven)`,
    );
  const name = readFileSync(list, "utf8").trim();
  return {
    jar: join(root, "build", "registry", "app", name),
    version: /^apicurio-registry-app-(.+)-runner\.jar$/.exec(name)?.[1] ?? "unknown",
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(1000) });
    await r.body?.cancel();
    return r.ok;
  } catch {
    return false;
  }
}

export async function startRegistry(opts: RegistryOptions = {}): Promise<EmbeddedRegistry> {
  const root = opts.root ?? process.cwd();
  const { jar, version } = runnerJar(root);
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : null;
  const logDir = dataDir ?? join(root, "build", "registry");
  mkdirSync(logDir, { recursive: true });
  const props = [
    "-Dquarkus.http.host=127.0.0.1",
    `-Dquarkus.http.port=${port}`,
    "-Dquarkus.datasource.jdbc.initial-size=1",
    "-Dquarkus.datasource.jdbc.min-size=1",
    "-Dquarkus.datasource.jdbc.max-size=8",
    ...(dataDir ? [`-Dquarkus.datasource.jdbc.url=jdbc:h2:file:${join(dataDir, "registry")}`] : []),
  ];
  let child: ChildProcess | null = null;
  // A test runner that ends without stop() must not leave the JVM behind.
  const orphan = () => child?.kill("SIGKILL");
  process.once("exit", orphan);

  const start = async (): Promise<void> => {
    if (child) return;
    const started = Date.now();
    const out = createWriteStream(join(logDir, `registry-${port}.log`), { flags: "a" });
    const jvm = spawn(javaBin(), [...JVM_OPTIONS, ...props, "-jar", jar], { stdio: ["ignore", "pipe", "pipe"] });
    child = jvm;
    const tail: string[] = [];
    for (const stream of [jvm.stdout!, jvm.stderr!]) {
      stream.on("data", (chunk: Buffer) => {
        out.write(chunk);
        tail.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        tail.splice(0, Math.max(0, tail.length - 20));
      });
    }
    let exited = false;
    jvm.once("exit", () => {
      exited = true;
      out.end();
      if (child === jvm) child = null;
    });
    const deadline = started + (opts.startTimeoutMs ?? 90_000);
    while (!(await answers(url))) {
      if (exited) throw new Error(`the schema registry exited before it answered:\n${tail.join("\n")}`);
      if (Date.now() > deadline) {
        jvm.kill("SIGKILL");
        throw new Error(
          `the schema registry did not answer at ${url} in ${opts.startTimeoutMs ?? 90_000} ms:\n${tail.join("\n")}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    opts.log?.(
      `Apicurio Registry ${version} at ${url} in ${Date.now() - started} ms (${dataDir ? `schemas in ${dataDir}` : "schemas in memory"})`,
    );
  };

  const stop = async (): Promise<void> => {
    const jvm = child;
    if (!jvm) return;
    const exited = new Promise((r) => jvm.once("exit", r));
    jvm.kill("SIGTERM");
    const force = setTimeout(() => jvm.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(force);
  };

  await start();
  return { url, port, version, pid: () => child?.pid ?? null, start, stop };
}
