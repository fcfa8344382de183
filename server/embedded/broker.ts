// Embedded Kafka-protocol broker: librdkafka's mock cluster (build/mock-kafka, compiled from
// mock-kafka.c by scripts/build-broker.sh). It keeps nothing on disk. Topics are created here
// because the mock reports controller 0, which makes kafkajs' admin.createTopics fail.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { topicsByPartitions } from "../../contracts";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";

export type EmbeddedBroker = {
  bootstrap: string;
  /** The broker's process id (the benchmark reads its CPU time). */
  pid: number;
  createTopics(names: string[], partitions: number): Promise<void>;
  /** Takes a broker of the mock cluster down (it refuses connections) or brings it back (fault tests). */
  setBroker(id: number, state: "down" | "up"): Promise<void>;
  stop(): Promise<void>;
};

export function brokerBinary(root = process.cwd()): string {
  const bin = join(root, "build", "mock-kafka");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build:broker\` (needs apt package librdkafka-dev)`);
  return bin;
}

/** `topics`: names by partition count (contracts' topicsByPartitions); a topic created later gets `partitions`. */
export async function startEmbeddedBroker(opts: { topics: Map<number, string[]>; partitions: number; brokers?: number; root?: string }): Promise<EmbeddedBroker> {
  const child: ChildProcess = spawn(
    brokerBinary(opts.root),
    ["-b", String(opts.brokers ?? 1), "-p", String(opts.partitions), ...[...opts.topics].flatMap(([n, names]) => names.map((t) => `${t}:${n}`))],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout! });
  const waiters: ((line: string) => void)[] = [];
  let bootstrap: string | null = null;
  const ready = new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`embedded broker exited with ${code} before it was ready`)));
    lines.on("line", (line) => {
      if (line.startsWith("BOOTSTRAP ")) {
        bootstrap = line.slice("BOOTSTRAP ".length).trim();
        resolve(bootstrap);
      } else if (line.startsWith("ERR")) {
        process.stderr.write(`embedded broker: ${line}\n`);
      }
      waiters.shift()?.(line);
    });
  });
  await ready;

  const command = async (cmd: string): Promise<void> => {
    const answered = new Promise<string>((r) => waiters.push(r));
    child.stdin!.write(`${cmd}\n`);
    const line = await answered;
    if (!line.startsWith("OK")) throw new Error(`${cmd}: ${line}`);
  };
  return {
    bootstrap: bootstrap!,
    pid: child.pid!,
    async createTopics(names, partitions) {
      for (const name of names) await command(`create ${name} ${partitions}`);
    },
    setBroker: (id, state) => command(`${state} ${id}`),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.stdin!.end();
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Serves, on loopback, what other processes of a test run need from the infrastructure:
 *   POST /topics {names, partitions}    create topics
 *   POST /brokers/:id/down | /up        take a broker down and back (fault tests)
 *   POST /postgres/restart              restart the embedded PostgreSQL (fault tests)
 */
export function serveBrokerControl(broker: EmbeddedBroker, postgres?: { restart(): void }): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const fail = (err: Error) => res.writeHead(500).end(err.message);
      const brokerOp = /^\/brokers\/(\d+)\/(down|up)$/.exec(req.url ?? "");
      if (brokerOp) {
        broker.setBroker(Number(brokerOp[1]), brokerOp[2] as "down" | "up").then(() => res.writeHead(204).end(), fail);
      } else if (req.url === "/postgres/restart" && postgres) {
        try {
          postgres.restart();
          res.writeHead(204).end();
        } catch (err) {
          fail(err as Error);
        }
      } else if (req.url === "/topics") {
        let parsed: { names?: string[]; partitions?: number };
        try {
          parsed = JSON.parse(body || "{}");
        } catch {
          return res.writeHead(400).end("body is not JSON");
        }
        broker.createTopics(parsed.names ?? [], parsed.partitions ?? 8).then(() => res.writeHead(204).end(), fail);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

/** Creates topics on the embedded broker of scripts/with-infra.ts (BROKER_CONTROL_URL). */
/** Creates every saga topic under `prefix`, each with its partitions at `base` (topicPartitions). */
export async function createSagaTopicsVia(controlUrl: string, prefix: string, base?: number): Promise<void> {
  for (const [partitions, names] of topicsByPartitions(prefix, base)) await createTopicsVia(controlUrl, names, partitions);
}

export async function createTopicsVia(controlUrl: string, names: string[], partitions: number): Promise<void> {
  const r = await fetch(`${controlUrl}/topics`, { method: "POST", body: JSON.stringify({ names, partitions }) });
  if (!r.ok) throw new Error(`creating topics failed: ${await r.text()}`);
}
