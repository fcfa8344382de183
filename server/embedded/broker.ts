// The embedded Apache Kafka: one JVM per node (kafka-config.ts says how each is set up), run
// from the jars scripts/build-broker.sh fetched into build/kafka, with its data in a project
// folder that outlives a stop. Supervised: a node that dies without being asked is started again
// on its data, as server/embedded/up.ts does for the services.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { JVM_OPTIONS, newClusterId, nodeAddresses, serverProperties, toPropertiesFile } from "./kafka-config";

export type KafkaNode = {
  id: number;
  port: number;
  pid(): number | null;
  /** Starts the node on its data (the supervisor's restarts resume); resolves once it serves. */
  start(): Promise<void>;
  /** Stops the node and keeps it stopped: SIGTERM (graceful) or SIGKILL. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Sends a signal and leaves the rest to the supervisor (SIGKILL: restarted; SIGSTOP/SIGCONT: hung and resumed). */
  signal(sig: NodeJS.Signals): void;
  /** Resolves when the node serves again after a restart by the supervisor. */
  ready(): Promise<void>;
};

export type EmbeddedKafka = {
  bootstrap: string;
  version: string;
  dataDir: string;
  nodes: KafkaNode[];
  stop(): Promise<void>;
};

export type EmbeddedKafkaOptions = {
  dataDir: string;
  /** The first node's client port; node i uses port + 2i and port + 2i + 1. */
  port: number;
  nodes?: number;
  /** Delete the data first (a fresh cluster). */
  fresh?: boolean;
  root?: string;
  /** Settings over kafka-config.ts's (a secured broker's listeners: secured-broker.ts). */
  properties?: Record<string, string | number | boolean>;
  /** More arguments of the data folder's formatting (SCRAM users: --add-scram). */
  formatArgs?: string[];
  log(msg: string): void;
};

const READY_LINE = "Transition from STARTING to STARTED";

function classpath(root: string): { cp: string; version: string } {
  const dir = join(root, "build", "kafka");
  const list = join(dir, "classpath");
  if (!existsSync(list))
    throw new Error(`${list} is missing: run scripts/setup.sh (it fetches Apache Kafka with Maven)`);
  const jars = readFileSync(list, "utf8").split("\n").filter(Boolean);
  const version = jars.map((j) => /^kafka_2\.13-(.+)\.jar$/.exec(j)?.[1]).find(Boolean);
  if (!version) throw new Error(`${list} names no kafka_2.13 jar`);
  return { cp: jars.map((j) => join(dir, "libs", j)).join(":"), version };
}

const javaBin = () => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java");

/** A JVM of ours still holding a node's data (its runner was killed) would keep the lock: end it. */
function endOrphan(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
  if (pid > 0 && cmdline.includes("kafka.Kafka") && cmdline.includes(resolve(pidFile, "..", ".."))) {
    process.kill(pid, "SIGKILL");
    while (existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z "))
      spawnSync("sleep", ["0.1"]);
  }
  rmSync(pidFile, { force: true });
}

export async function startEmbeddedKafka(opts: EmbeddedKafkaOptions): Promise<EmbeddedKafka> {
  const root = opts.root ?? process.cwd();
  const dataDir = resolve(opts.dataDir);
  const { cp, version } = classpath(root);
  const addresses = nodeAddresses(opts.port, opts.nodes ?? 1);
  if (opts.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const idFile = join(dataDir, "cluster.id");
  if (!existsSync(idFile)) writeFileSync(idFile, newClusterId());
  const clusterId = readFileSync(idFile, "utf8").trim();
  const log4j = join(root, "server", "embedded", "kafka", "log4j2.properties");

  const nodes = addresses.map((addr): KafkaNode => {
    const dir = join(dataDir, `node-${addr.id}`);
    const logDir = join(dir, "data");
    const props = join(dir, "server.properties");
    const pidFile = join(dir, "pid");
    mkdirSync(logDir, { recursive: true });
    writeFileSync(props, toPropertiesFile({ ...serverProperties(addr, addresses, logDir), ...opts.properties }));
    let child: ChildProcess | null = null;
    let wanted = false;
    let restarts = 0;
    let readyNow: Promise<void> = Promise.resolve();

    const format = () => {
      if (existsSync(join(logDir, "meta.properties"))) return;
      const r = spawnSync(
        javaBin(),
        [
          `-Dlog4j2.configurationFile=${log4j}`,
          "-cp",
          cp,
          "kafka.tools.StorageTool",
          "format",
          "-t",
          clusterId,
          "-c",
          props,
          "-g",
          ...(opts.formatArgs ?? []),
        ],
        { encoding: "utf8" },
      );
      if (r.status !== 0) throw new Error(`formatting Kafka node ${addr.id} failed: ${r.stderr || r.stdout}`);
    };

    const launch = (): Promise<void> => {
      endOrphan(pidFile);
      const out = createWriteStream(join(dir, "server.log"), { flags: "a" });
      const jvm = spawn(
        javaBin(),
        [...JVM_OPTIONS, `-Dlog4j2.configurationFile=${log4j}`, "-cp", cp, "kafka.Kafka", props],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      child = jvm;
      writeFileSync(pidFile, String(jvm.pid));
      jvm.stderr!.pipe(out, { end: false });
      const lines = createInterface({ input: jvm.stdout! });
      const tail: string[] = [];
      readyNow = new Promise<void>((resolveReady, reject) => {
        lines.on("line", (line) => {
          out.write(`${line}\n`);
          tail.push(line);
          if (tail.length > 20) tail.shift();
          if (line.includes(READY_LINE)) resolveReady();
        });
        jvm.once("exit", (code, sig) =>
          reject(new Error(`Kafka node ${addr.id} exited (${sig ?? code}) before it served:\n${tail.join("\n")}`)),
        );
      });
      readyNow.catch(() => undefined);
      jvm.once("exit", (code, sig) => {
        out.end();
        if (child === jvm) child = null;
        rmSync(pidFile, { force: true });
        if (!wanted) return;
        const delay = Math.min(10_000, 250 * 2 ** restarts++);
        opts.log(`Kafka node ${addr.id} exited (${sig ?? code}); restarting in ${delay / 1000} s`);
        setTimeout(() => {
          if (wanted && !child)
            launch().then(
              () => (restarts = 0),
              (err: Error) => opts.log(err.message),
            );
        }, delay).unref();
      });
      return readyNow;
    };

    return {
      id: addr.id,
      port: addr.port,
      pid: () => child?.pid ?? null,
      async start() {
        wanted = true;
        if (child) return readyNow;
        try {
          format();
          await launch();
        } catch (err) {
          wanted = false; // a node that cannot start (a port taken, bad data) is not retried forever
          throw err;
        }
      },
      async stop(signal = "SIGTERM") {
        wanted = false;
        const jvm = child;
        if (!jvm) return;
        const exited = new Promise((r) => jvm.once("exit", r));
        jvm.kill("SIGCONT");
        jvm.kill(signal);
        const force = setTimeout(() => jvm.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(force);
      },
      signal: (sig) => void child?.kill(sig),
      ready: () => readyNow,
    };
  });

  await Promise.all(nodes.map((n) => n.start())).catch(async (err: unknown) => {
    // One node that cannot start (its port taken) must not leave the others running, unowned.
    await Promise.all(nodes.map((n) => n.stop()));
    throw err;
  });
  return {
    bootstrap: addresses.map((a) => `127.0.0.1:${a.port}`).join(","),
    version,
    dataDir,
    nodes,
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}
