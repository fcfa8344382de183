// Embedded Kafka-protocol broker: librdkafka's mock cluster (build/mock-kafka, compiled from
// mock-kafka.c by scripts/build-broker.sh). It keeps nothing on disk. Topics are created here
// because the mock reports controller 0, which makes kafkajs' admin.createTopics fail.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";

export type EmbeddedBroker = {
  bootstrap: string;
  createTopics(names: string[], partitions: number): Promise<void>;
  stop(): Promise<void>;
};

export function brokerBinary(root = process.cwd()): string {
  const bin = join(root, "build", "mock-kafka");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build:broker\` (needs apt package librdkafka-dev)`);
  return bin;
}

export async function startEmbeddedBroker(opts: { topics: string[]; partitions: number; brokers?: number; root?: string }): Promise<EmbeddedBroker> {
  const child: ChildProcess = spawn(
    brokerBinary(opts.root),
    ["-b", String(opts.brokers ?? 1), "-p", String(opts.partitions), ...opts.topics.map((t) => `${t}:${opts.partitions}`)],
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

  return {
    bootstrap: bootstrap!,
    async createTopics(names, partitions) {
      for (const name of names) {
        const answered = new Promise<string>((r) => waiters.push(r));
        child.stdin!.write(`create ${name} ${partitions}\n`);
        const line = await answered;
        if (!line.startsWith("OK")) throw new Error(`could not create topic ${name}: ${line}`);
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.stdin!.end();
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Serves POST /topics {names, partitions} on loopback so other processes can create topics. */
export function serveBrokerControl(broker: EmbeddedBroker): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const { names, partitions } = JSON.parse(body || "{}") as { names?: string[]; partitions?: number };
      broker
        .createTopics(names ?? [], partitions ?? 8)
        .then(() => res.writeHead(204).end())
        .catch((err: Error) => res.writeHead(500).end(err.message));
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
export async function createTopicsVia(controlUrl: string, names: string[], partitions: number): Promise<void> {
  const r = await fetch(`${controlUrl}/topics`, { method: "POST", body: JSON.stringify({ names, partitions }) });
  if (!r.ok) throw new Error(`creating topics failed: ${await r.text()}`);
}
