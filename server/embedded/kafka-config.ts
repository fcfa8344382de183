// The embedded Apache Kafka broker's settings (KRaft, combined broker and controller per node):
// one node for the run command and the tests, three for the fault suite's broker faults.
// Pure: server/embedded/broker.ts writes these to each node's server.properties.
import { randomBytes } from "node:crypto";

export type KafkaNodeAddress = { id: number; port: number; controllerPort: number };

/** Node i of n listens on base + 2i (clients) and base + 2i + 1 (the controller quorum). */
export function nodeAddresses(basePort: number, nodes: number): KafkaNodeAddress[] {
  return Array.from({ length: nodes }, (_, i) => ({
    id: i + 1,
    port: basePort + 2 * i,
    controllerPort: basePort + 2 * i + 1,
  }));
}

/** 16 random bytes, URL-safe base64 without padding, never starting with "-" (StorageTool's rule). */
export function newClusterId(random: (n: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

export function serverProperties(
  node: KafkaNodeAddress,
  all: KafkaNodeAddress[],
  logDir: string,
): Record<string, string | number | boolean> {
  const n = all.length;
  const replicas = Math.min(3, n);
  const minInsync = replicas >= 3 ? 2 : 1;
  return {
    "process.roles": "broker,controller",
    "node.id": node.id,
    "controller.quorum.voters": all.map((a) => `${a.id}@127.0.0.1:${a.controllerPort}`).join(","),
    // 127.0.0.1, not localhost: Node may resolve localhost to ::1.
    listeners: `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    "advertised.listeners": `PLAINTEXT://127.0.0.1:${node.port}`,
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "log.dirs": logDir,
    // Topics are code (services/kit/kafka/topics.ts): a typo in a topic name must not make one.
    "auto.create.topics.enable": false,
    "default.replication.factor": replicas,
    "min.insync.replicas": minInsync,
    "offsets.topic.replication.factor": replicas,
    "offsets.topic.num.partitions": 10,
    "transaction.state.log.replication.factor": replicas,
    "transaction.state.log.min.isr": minInsync,
    "transaction.state.log.num.partitions": 4,
    "unclean.leader.election.enable": false,
    // A new group starts at once instead of waiting 3 s for more members.
    "group.initial.rebalance.delay.ms": 0,
    // Failover in seconds on three nodes: a broker missing heartbeats for 3 s is fenced. One node
    // has nobody to fail over to, and on two loaded cores (a bench beside Chromium) its own
    // controller timed its heartbeats out and fenced it: Kafka's defaults (2 s, 9 s) there.
    "broker.heartbeat.interval.ms": n > 1 ? 500 : 2000,
    "broker.session.timeout.ms": n > 1 ? 3000 : 9000,
    // One node has nobody to hand leadership to: stopping it need not ask. Three nodes move it first.
    "controlled.shutdown.enable": n > 1,
    // Two cores: small thread pools; the log cleaner's 128 MiB default buffer would sit on the heap.
    "num.network.threads": 2,
    "num.io.threads": 4,
    "background.threads": 2,
    "num.replica.fetchers": 1,
    "num.recovery.threads.per.data.dir": 1,
    "log.cleaner.dedupe.buffer.size": 4 * 1024 * 1024,
  };
}

export function toPropertiesFile(props: Record<string, string | number | boolean>): string {
  return `${Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")}\n`;
}

/** A small heap and the serial collector: two cores are shared with PostgreSQL and the services. */
export const JVM_OPTIONS = [
  "-Xms256m",
  "-Xmx512m",
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-XX:+ExitOnOutOfMemoryError",
  "-Djava.awt.headless=true",
];
