// npm run topics -- --brokers host:9092[,host:9092] [--prefix P] [--partitions N]
//   [--replication-factor N] [--min-insync-replicas N] [--dry-run]
// Creates the contract's topics (contracts/topics.ts) on a Kafka cluster, the same way the
// embedded broker, the tests and the bench get theirs; existing topics are kept and reported.
// TLS and SASL come from the environment, as for every client: KAFKA_SSL, KAFKA_SSL_*_FILE,
// KAFKA_SASL_MECHANISM with its credentials (docs/attach.md, "Your cluster's security settings").
import { parseArgs } from "node:util";
import { z } from "zod";
import { createKafka, kafkaConnectionSchema } from "../services/kit/kafka/client";
import { explainKafkaFailure } from "../services/kit/kafka/failure";
import { provisionTopics } from "../services/kit/kafka/topics";

const { values } = parseArgs({
  options: {
    brokers: { type: "string" },
    prefix: { type: "string", default: "" },
    partitions: { type: "string" },
    "replication-factor": { type: "string" },
    "min-insync-replicas": { type: "string" },
    "dry-run": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(
    "usage: npm run topics -- --brokers host:port[,host:port] [--prefix P] [--partitions N] [--replication-factor N] [--min-insync-replicas N] [--dry-run]",
  );
  process.exit(0);
}
const count = z.coerce.number().int().min(1).max(1000).optional();
try {
  const connection = kafkaConnectionSchema.parse({
    ...process.env,
    KAFKA_BROKERS: values.brokers ?? process.env.KAFKA_BROKERS,
  });
  const report = await provisionTopics(createKafka(connection, "sagascope-topics"), {
    prefix: values.prefix,
    partitions: count.parse(values.partitions),
    replicationFactor: count.parse(values["replication-factor"]),
    minInsyncReplicas: count.parse(values["min-insync-replicas"]),
    dryRun: values["dry-run"],
  });
  const verb = values["dry-run"] ? "would create" : "created";
  console.log(
    `${verb} ${report.created.length} topics (replication factor ${report.replicationFactor})${report.created.length ? `: ${report.created.join(", ")}` : ""}`,
  );
  console.log(`already there: ${report.existing.length}`);
  for (const m of report.mismatched)
    console.log(
      `warning: ${m.name} has ${m.partitions} partitions, ${m.wanted} wanted (add them with kafka-topics.sh --alter; keys move between partitions)`,
    );
  process.exit(report.mismatched.length > 0 ? 3 : 0);
} catch (err) {
  const explained = explainKafkaFailure(err);
  console.error(
    `topics: ${err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : (explained?.message ?? (err as Error).message)}`,
  );
  process.exit(2);
}
