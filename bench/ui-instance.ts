// Watched-saga journey page benchmark (issue 17): how long Chromium takes from navigation to a
// 200-record instance's page drawn whole (its heading "Records (200)" and its last record), on
// the app of `npm run bench:ui-instance` (with-infra --app: the app watches the bank-transfer
// example). The instance is published to the app's cluster first; each render is a fresh
// navigation. Usage: npm run bench:ui-instance   (env: E2E_BASE_URL, RECORDS=200, TIMES=10)
import type { HealthView } from "../contracts/api";
import type { SagaDetail, SagaInstanceView } from "../contracts/sagas";
import { createExampleTopics } from "../examples/bank-transfer/publish";
import { connectProducer, createKafka, kafkaConnectionSchema } from "../services/kit/kafka/client";
import { percentile } from "../shared/sagaStats";
import { publishBigInstance } from "./observer/load";
import { fmt, launchBrowser } from "./ui-common";

const base = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";
const records = Number(process.env.RECORDS ?? 200);
const times = Number(process.env.TIMES ?? 10);
const SAGA = "bank-transfer";

const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const r = await fetch(`${base}${path}`);
  return { status: r.status, body: (await r.json()) as T };
};

async function publishInstance(): Promise<string> {
  const health = (await get<HealthView>("/api/health")).body;
  const saga = await get<SagaDetail>(`/api/sagas/${SAGA}`);
  if (saga.status !== 200) throw new Error(`the app does not watch ${SAGA} (SAGA_DEFINITIONS)`);
  const topicOf = (step: string) => saga.body.steps.find((s) => s.id === step)!.topic;
  const topics = { transfers: topicOf("transfer-requested"), ledger: topicOf("credit-applied") };
  const kafka = createKafka(
    kafkaConnectionSchema.parse({ KAFKA_BROKERS: health.kafka.brokers.join(",") }),
    "bench-ui-instance",
  );
  await createExampleTopics(kafka, Object.values(topics));
  const producer = await connectProducer(kafka);
  try {
    return await publishBigInstance(producer, topics, `ui${Date.now().toString(36)}`, records);
  } finally {
    await producer.disconnect();
  }
}

async function main(): Promise<void> {
  const id = await publishInstance();
  const path = `/api/sagas/${SAGA}/instances/${encodeURIComponent(id)}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await get<SagaInstanceView>(path);
    if (r.status === 200 && r.body.steps.length === records) break;
    if (Date.now() > deadline)
      throw new Error(`the observer did not store the ${records} records of ${id} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { browser, page } = await launchBrowser();
  const ms: number[] = [];
  try {
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      await page.goto(`${base}/sagas/${SAGA}/instances/${encodeURIComponent(id)}`, { waitUntil: "commit" });
      await page.getByRole("heading", { name: `Records (${records})` }).waitFor({ timeout: 30_000 });
      await page.getByRole("group", { name: new RegExp(`^Record ${records}: `) }).waitFor({ timeout: 30_000 });
      ms.push(performance.now() - t0);
    }
  } finally {
    await browser.close();
  }
  console.log(`\n== watched-saga journey page, one instance of ${records} records (${SAGA}) ==`);
  console.log(`navigation -> page drawn whole: ${ms.map((t) => `${t.toFixed(0)} ms`).join(", ")}`);
  console.log(`median ${fmt(percentile(ms, 50))}, worst ${fmt(Math.max(...ms))}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
