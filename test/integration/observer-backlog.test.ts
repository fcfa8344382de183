// Backfill you can watch: a saga added beside a topic that already holds many records shows, in
// its API, the records still to read, the rate and the time left, down to 0 once caught up.
import assert from "node:assert/strict";
import { after, it } from "node:test";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv } from "./observer-env";

let env: ObserverEnv | null = null;
after(async () => {
  await env?.stop();
});

// Enough that reading them takes seconds even on a quiet machine: a backlog read in less than
// one look of the lag (OBSERVER_CLUSTER_POLL_MS, 200 ms here) and one offset commit (1 s) is never seen.
const RECORDS = 200_000;

it("shows records still to read, the rate and the time left while it reads a topic's past, and 0 once caught up", async () => {
  const e = (env = await startObserverEnv({
    saga: {
      name: "backfill",
      text: (p) =>
        JSON.stringify({
          name: "backfill",
          correlation: { key: true },
          steps: [{ id: "seen", topic: `${p}past`, from: "a" }],
        }),
    },
  }));
  const topic = `${e.prefix}past`;
  await createExampleTopics(e.kafka, [topic], 4);
  for (let i = 0; i < RECORDS; i += 10_000)
    await e.producer.send({
      topic,
      messages: Array.from({ length: 10_000 }, (_, j) => ({ key: `id-${(i + j) % 5000}`, value: `{"n":${i + j}}` })),
    });
  await e.start();

  const seen: NonNullable<Awaited<ReturnType<typeof e.detail>>["backlog"]>[] = [];
  const last = await waitFor(
    async () => {
      const d = await e.detail();
      if (d.backlog) seen.push(d.backlog);
      return d.records.total >= RECORDS && d.backlog?.remaining === 0 ? d.backlog : null;
    },
    "caught up",
    120_000,
  );
  const behind = seen.filter((b) => b.remaining !== null && b.remaining > 0);
  assert.ok(behind.length > 0, `the backlog was seen while reading (${seen.length} looks)`);
  assert.ok(
    behind.every((b) => b.remaining! <= RECORDS),
    "never more to read than the topic holds",
  );
  assert.ok(
    behind.some((b) => b.readPerSecond > 0 && b.etaSeconds !== null && b.etaSeconds > 0),
    `a rate and a time left while reading: ${JSON.stringify(behind.slice(0, 5))}`,
  );
  assert.deepEqual({ remaining: last.remaining, etaSeconds: last.etaSeconds }, { remaining: 0, etaSeconds: 0 });
});
