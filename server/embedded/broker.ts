// Embedded Kafka-protocol broker: librdkafka's mock cluster (build/mock-kafka, compiled from
// mock-kafka.c by scripts/build-broker.sh). It keeps nothing on disk. Topics are created here
// because the mock reports controller 0, which makes kafkajs' admin.createTopics fail.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
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
