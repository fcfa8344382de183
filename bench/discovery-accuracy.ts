// Discovery's accuracy and speed (issue 27, points 4 and performance), printed as the tables of
// docs/attach.md ("Proposing a definition") and docs/performance.md:
//   npm run bench:discovery
// The generated sagas are proposed in this process; the real ones (the built-in saga in both
// modes, the bank and Java examples) and the 5 topics x 5,000 records timing run on the broker
// that scripts/with-infra.ts starts, through the observer's own sampler and use case.
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import type { SagaDefinition } from "../contracts/sagas";
import { createLogger } from "../services/kit/log";
import { connectProducer, kafkaFromEnv } from "../services/kit/kafka/client";
import { deletePrefixedGroups, deletePrefixedTopics } from "../services/kit/kafka/topics";
import { discovery } from "../services/observer/application/discovery";
import { proposeDefinition } from "../services/observer/domain/discovery/propose";
import type { SampledRecord } from "../services/observer/domain/discovery/fields";
import { clusterTopics } from "../services/observer/infra/topic-list";
import { topicSampler, type Sample } from "../services/observer/infra/topic-sampler";
import { accuracy, type Accuracy } from "./discovery/accuracy";
import { generate } from "./discovery/generated-sagas";
import { generatedSet } from "./discovery/generated-set";
import { bankSaga, builtInSaga, javaSaga, type RealSaga } from "./discovery/real-sagas";

type Row = Accuracy & { saga: string; records: number; ms: number };
const log = createLogger("bench", "error");

function row(
  saga: string,
  truth: SagaDefinition,
  proposed: SagaDefinition | null,
  records: SampledRecord[],
  ms: number,
): Row {
  return { saga, records: records.length, ms, ...accuracy(truth, proposed, records) };
}

/** Discovery as the observer runs it, keeping the sample to measure the proposal on. */
function discoverer(kafka: Kafka) {
  const topics = clusterTopics(kafka);
  const sampler = topicSampler({ kafka, groupPrefix: "sagascope.bench.", registry: null, log });
  let last: Sample = { records: [], unreadable: {}, cut: false };
  const d = discovery({ topics: (o) => topics.list(o), sample: async (r) => (last = await sampler.sample(r)) });
  return {
    async discover(body: Record<string, unknown>) {
      const started = Date.now();
      const answer = await d.discover(body);
      return { answer, sample: last, ms: Date.now() - started };
    },
    close: () => topics.close(),
  };
}

async function real(kafka: Kafka, make: () => Promise<RealSaga>): Promise<Row> {
  const saga = await make();
  try {
    const present = new Set(
      (await clusterTopics(kafka).list({ fresh: true })).filter((t) => t.records > 0).map((t) => t.name),
    );
    const d = discoverer(kafka);
    const { answer, sample, ms } = await d.discover({
      topics: saga.topics.filter((t) => present.has(t)),
      seconds: 0,
      maxRecords: 50_000,
    });
    await d.close();
    if (process.env.BENCH_VERBOSE) console.error(answer.yaml, answer.evidence.problems);
    return row(saga.name, saga.truth, answer.definition, sample.records, ms);
  } finally {
    await saga.stop();
  }
}

/** 5 topics x 5,000 records, one record of each instance on each topic; the whole discovery timed. */
async function speed(kafka: Kafka, prefix: string): Promise<{ ms: number; records: number; right: boolean }> {
  const topics = [1, 2, 3, 4, 5].map((n) => `${prefix}speed-${n}`);
  const saga = generate({
    name: "speed",
    topics,
    correlation: { path: "orderId" },
    type: { source: "path", name: "type" },
    instances: 5000,
    paths: [{ weight: 1, events: topics.map((t) => ({ topic: t, type: t.split(".").pop()! })) }],
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
  await admin.disconnect();
  const producer = await connectProducer(kafka);
  for (let i = 0; i < saga.records.length; i += 1000)
    await producer.sendBatch({
      topicMessages: saga.records.slice(i, i + 1000).map((r) => ({
        topic: r.topic,
        messages: [{ value: JSON.stringify(r.value), headers: r.headers }],
      })),
    });
  await producer.disconnect();
  const d = discoverer(kafka);
  const { answer, sample, ms } = await d.discover({ topics });
  await d.close();
  const a = accuracy(saga.truth, answer.definition, sample.records);
  return { ms, records: sample.records.length, right: a.correlationRight && a.precision === 1 && a.recall === 1 };
}

const pct = (x: number) => x.toFixed(2);

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const s of generatedSet()) {
    const started = Date.now();
    const p = proposeDefinition({
      topics: s.topics,
      missing: [],
      records: s.records,
      unreadable: {},
      groups: s.groups,
    });
    rows.push(row(`${s.name} (generated)`, s.truth, p.definition, s.records, Date.now() - started));
  }
  let timing: Awaited<ReturnType<typeof speed>> | null = null;
  if (process.env.KAFKA_BROKERS) {
    const kafka = kafkaFromEnv(process.env, "bench-discovery", { quiet: true });
    const prefix = `d${randomUUID().slice(0, 8)}.`;
    try {
      rows.push(await real(kafka, () => builtInSaga("choreography")));
      rows.push(await real(kafka, () => builtInSaga("orchestration")));
      rows.push(await real(kafka, () => bankSaga(kafka, prefix)));
      rows.push(await real(kafka, () => javaSaga(prefix)));
      timing = await speed(kafka, prefix);
    } finally {
      await deletePrefixedGroups(kafka, prefix).catch(() => undefined);
      await deletePrefixedTopics(kafka, prefix).catch(() => undefined);
    }
  } else
    console.error(
      "KAFKA_BROKERS is not set: the real sagas and the timing are left out (npm run bench:discovery runs them)",
    );
  console.log(`date: ${new Date().toISOString()}  machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}`);
  console.log(
    "| saga | correlation (true → proposed) | right | true steps | proposed | precision | recall | records | ms |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of rows)
    console.log(
      `| ${r.saga} | \`${r.truthCorrelation}\` → \`${r.proposedCorrelation}\` | ${r.correlationRight ? "yes" : "**no**"} | ${r.trueSteps} | ${r.proposedSteps} | ${pct(r.precision)} | ${pct(r.recall)} | ${r.records} | ${r.ms} |`,
    );
  const aim = rows.every((r) => r.correlationRight && r.precision >= 0.95 && r.recall >= 0.95);
  console.log(`\naim (correlation right on every saga, precision and recall >= 0.95): ${aim ? "met" : "NOT met"}`);
  if (timing)
    console.log(
      `5 topics x 5,000 records: ${timing.records} records read and proposed in ${timing.ms} ms (proposal ${timing.right ? "exact" : "not exact"})`,
    );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
