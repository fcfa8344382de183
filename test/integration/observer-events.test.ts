// Finding a record by its event id (attach.md, `eventId`) on a real broker and PostgreSQL: any
// definition says where its event id is (here a JSON path), the observer keeps it in an indexed
// column and GET /sagas/:name/events/:eventId answers the earliest record of it, a re-published
// copy included.
import assert from "node:assert/strict";
import { Client } from "pg";
import { after, it } from "node:test";
import type { InstanceRecord } from "../../contracts/sagas";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv } from "./observer-env";

const definition = (p: string) =>
  JSON.stringify({
    name: "parcels",
    correlation: { path: "parcel" },
    eventId: { path: "meta.id" },
    steps: [
      { id: "sent", topic: `${p}parcel.events`, match: { path: "type", equals: "SENT" }, from: "depot" },
      { id: "delivered", topic: `${p}parcel.events`, from: "courier", ends: "COMPLETED" },
    ],
  });

let env: ObserverEnv | null = null;
after(async () => {
  await env?.stop();
});

it("finds a record by the event id its definition names, through an index, the first copy of a re-published event", async () => {
  const e = (env = await startObserverEnv({ saga: { name: "parcels", text: definition } }));
  const topic = `${e.prefix}parcel.events`;
  await createExampleTopics(e.kafka, [topic], 2);
  await e.start();
  const send = (value: object, at: number, headers: Record<string, string> = {}) =>
    e.producer.send({
      topic,
      messages: [{ key: "k", timestamp: String(Date.now() - 60_000 + at), value: JSON.stringify(value), headers }],
    });
  await send({ parcel: "p-1", type: "SENT", meta: { id: "ev-1" } }, 0, { "x-trace": "first" });
  await send({ parcel: "p-1", type: "SENT", meta: { id: "ev-1" } }, 50, { "x-trace": "again" });
  await send({ parcel: "p-1", type: "DELIVERED", meta: { id: 42 } }, 100);
  await send({ parcel: "p-2", type: "SENT" }, 150);
  await waitFor(async () => (await e.instance("p-2")) !== null, "the records stored");

  const found = await e.get<InstanceRecord>("/sagas/parcels/events/ev-1");
  assert.equal(found.status, 200);
  assert.equal(found.body.step, "sent");
  assert.equal(found.body.topic, topic);
  assert.equal(found.body.headers["x-trace"], "first", "the earliest copy");
  assert.deepEqual(found.body.value, { parcel: "p-1", type: "SENT", meta: { id: "ev-1" } });
  const numeric = await e.get<InstanceRecord>("/sagas/parcels/events/42");
  assert.equal(numeric.body.step, "delivered", "a number is read as its digits");
  assert.equal((await e.get("/sagas/parcels/events/ev-404")).status, 404);
  assert.equal((await e.get(`/sagas/parcels/events/${"x".repeat(201)}`)).status, 404);
  assert.equal((await e.get("/sagas/nope/events/ev-1")).status, 404);

  // Each saga's ids are its own: the lookup is by saga and id, served by the partial index.
  const url = Object.assign(new URL(process.env.TEST_DATABASE_URL ?? ""), {
    pathname: `/${e.prefix.slice(0, -1)}_observer`,
  });
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const stored = await db.query<{ event_id: string | null }>(
      "SELECT event_id FROM saga_records WHERE saga = 'parcels' ORDER BY at",
    );
    assert.deepEqual(
      stored.rows.map((r) => r.event_id),
      ["ev-1", "ev-1", "42", null],
    );
    await db.query("SET enable_seqscan = off");
    const plan = await db.query<{ "QUERY PLAN": string }>(
      "EXPLAIN SELECT * FROM saga_records WHERE saga = 'parcels' AND event_id = 'ev-1' ORDER BY at LIMIT 1",
    );
    assert.match(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"), /saga_records_event/);
  } finally {
    await db.end();
  }
});
