// The dashboard alone under a given saga load: the web server (Next.js + Socket.IO bridge) runs
// without the services, and saga records of RATE orders/s (80 % happy, 10 % out of stock, 10 %
// over balance; 5-6 records each) are published straight to the topics. Chromium on /saga
// measures broker timestamp -> DOM and the JS heap. This separates what the dashboard can show
// from what the saga itself can process on the same machine (see docs/performance.md).
// Run: RATE=200 DURATION_S=300 npm run bench:feed
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { HAPPY, NO_BALANCE, OUT_OF_STOCK, sagaEvents } from "../shared/fixtures";
import { physicalTopic, type AnyEnvelope } from "../contracts";
import { createSagaTopics, deleteTestResources, testKafka } from "../test/kafka";
import { launchBrowser, reportMap, sampleMap } from "./ui-common";

const rate = Number(process.env.RATE ?? 200);
const durationS = Number(process.env.DURATION_S ?? 120);
const heapEveryS = Number(process.env.HEAP_EVERY_S ?? 10);
const port = 3200;
const base = `http://127.0.0.1:${port}`;
const brokers = process.env.KAFKA_BROKERS!;
// Its own topics, made by the provisioner and deleted at the end.
const prefix = `feed${randomUUID().slice(0, 8)}.`;

/** One order's records with fresh ids and times, as the services would have written them. */
function orderRecords(n: number): { key: string; value: string }[] {
  const path = n % 10 === 0 ? NO_BALANCE : n % 10 === 5 ? OUT_OF_STOCK : HAPPY;
  const orderId = randomUUID();
  const ids = new Map<string, string>();
  return sagaEvents(path, { orderId, startMs: Date.now() }).map((ev) => {
    ids.set(ev.eventId, randomUUID());
    const env = {
      ...ev.envelope,
      eventId: ids.get(ev.eventId)!,
      causationId: ev.causationId ? ids.get(ev.causationId)! : null,
    } as AnyEnvelope;
    return { key: orderId, value: JSON.stringify(env) };
  });
}

async function main() {
  const kafka = testKafka("bench-feed");
  await createSagaTopics(prefix, { kafka });
  const web = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      KAFKA_BROKERS: brokers,
      TOPIC_PREFIX: prefix,
      GROUP_PREFIX: prefix,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    for (
      let i = 0;
      !(await fetch(`${base}/saga`)
        .then((r) => r.ok)
        .catch(() => false));
      i++
    ) {
      if (i > 600) throw new Error("the web server did not start");
      await new Promise((r) => setTimeout(r, 200));
    }
    const producer = kafka.producer();
    await producer.connect();
    const { browser, page, cdp } = await launchBrowser();
    await page.goto(`${base}/saga?metrics=1`);
    await page.getByText("Live feed: connected").waitFor({ timeout: 60_000 });
    await page.evaluate(() => window.__sagaMetrics?.drain());

    console.log(`publishing ${rate} orders/s of saga records for ${durationS} s …`);
    const sampler = sampleMap(page, cdp, heapEveryS);
    // PAGE_PROFILE=file.cpuprofile records the tab's main thread for the whole run.
    if (process.env.PAGE_PROFILE) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.start");
    }
    const t0 = Date.now();
    let orders = 0;
    let records = 0;
    while (Date.now() - t0 < durationS * 1000) {
      const due = Math.floor(((Date.now() - t0) / 1000) * rate);
      const byTopic = new Map<string, { key: string; value: string }[]>();
      for (; orders < due; orders++) {
        for (const m of orderRecords(orders)) {
          const topic = physicalTopic((JSON.parse(m.value) as AnyEnvelope).type, prefix);
          byTopic.set(topic, [...(byTopic.get(topic) ?? []), m]);
          records++;
        }
      }
      if (byTopic.size)
        await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 3000));
    if (process.env.PAGE_PROFILE) {
      const { profile } = (await cdp.send("Profiler.stop")) as { profile: unknown };
      writeFileSync(process.env.PAGE_PROFILE, JSON.stringify(profile));
    }
    const samples = await sampler.stop();
    const stats = await page.getByRole("region", { name: "Saga statistics" }).innerText();
    await browser.close();
    await producer.disconnect();

    console.log(
      `\n== live map, ${orders} orders (${records} records) in ${durationS} s: ${(orders / durationS).toFixed(1)} orders/s, ${(records / durationS).toFixed(0)} records/s ==`,
    );
    reportMap(samples, durationS);
    console.log(`stats strip at the end: ${stats.replace(/\s*\n\s*/g, " | ")}`);
  } finally {
    const exited = new Promise((r) => web.once("exit", r));
    web.kill("SIGTERM");
    await exited;
    await deleteTestResources(prefix, kafka);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
