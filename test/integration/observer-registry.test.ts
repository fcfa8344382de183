// The observer watching a saga whose values are Avro and Protobuf in the schema-registry wire
// format, through a real registry (Apicurio, server/embedded/registry.ts) and a real broker:
// decoded records are instances, steps and JSON values like JSON ones; a value the registry
// cannot decode is counted as notDecodable and kept as text; with the registry stopped the saga's
// feed waits (nothing lost, nothing counted undecodable) and reads on once it answers again.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, it } from "node:test";
import avro from "avsc";
import protobuf from "protobufjs";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { startRegistry, type EmbeddedRegistry } from "../../server/embedded/registry";
import { frame } from "../../services/observer/infra/registry-wire";
import { waitFor } from "./harness";
import { startObserverEnv, type ObserverEnv } from "./observer-env";
import { PAYMENT, PROTO, register } from "./registry-schemas";

let registry: EmbeddedRegistry | null = null;
let env: ObserverEnv | null = null;
const dataDir = join(process.cwd(), ".data", `test-registry-${randomUUID().slice(0, 8)}`);
after(async () => {
  await env?.stop();
  await registry?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const definition = (p: string) =>
  JSON.stringify({
    name: "encoded",
    correlation: { path: "orderId" },
    format: "avro",
    topics: { [`${p}orders`]: { format: "protobuf" } },
    steps: [
      { id: "order-placed", topic: `${p}orders`, match: { path: "status", equals: "PLACED" }, from: "shop" },
      {
        id: "paid",
        topic: `${p}payments`,
        match: { path: "status", equals: "ACCEPT" },
        from: "pay",
        ends: "COMPLETED",
      },
      {
        id: "refused",
        topic: `${p}payments`,
        match: { path: "status", equals: "REJECT" },
        from: "pay",
        kind: "failure",
        ends: "FAILED",
      },
    ],
  });

it("watches Avro and Protobuf values like JSON ones, counts what it cannot decode, and waits for a registry that does not answer", async () => {
  // Schemas in an H2 file, kept across the registry's stop and start, as a real one keeps them.
  registry = await startRegistry({ dataDir });
  const e = (env = await startObserverEnv({
    saga: { name: "encoded", text: definition },
    env: { SCHEMA_REGISTRY_URL: registry.url },
  }));
  const [orders, payments] = [`${e.prefix}orders`, `${e.prefix}payments`];
  await createExampleTopics(e.kafka, [orders, payments], 2);
  const avroId = await register(registry.url, `${payments}-value`, { schema: JSON.stringify(PAYMENT) });
  const protoId = await register(registry.url, `${orders}-value`, { schemaType: "PROTOBUF", schema: PROTO });
  const payment = avro.Type.forSchema(PAYMENT as avro.Schema);
  const Order = protobuf.parse(PROTO).root.lookupType("shop.Order");
  const paid = (id: string, status: string) => frame(avroId, payment.toBuffer({ orderId: id, status, cents: 1250 }));
  const placed = (id: string) =>
    frame(
      protoId,
      Order.encode(Order.fromObject({ orderId: id, status: "PLACED", total: "9007199254740993" })).finish(),
      [0],
    );
  const send = (topic: string, value: Uint8Array) =>
    e.producer.send({ topic, messages: [{ value: Buffer.from(value) }] });
  await e.start();

  await send(orders, placed("o-1"));
  await send(payments, paid("o-1", "ACCEPT"));
  await send(orders, placed("o-2"));
  await send(payments, paid("o-2", "REJECT"));
  await send(payments, frame(avroId + 1000, new Uint8Array([1, 2, 3]))); // a schema id the registry does not have
  await send(payments, new TextEncoder().encode('{"orderId":"o-3","status":"ACCEPT"}')); // plain JSON on an Avro topic
  const d = await waitFor(async () => ((await e.detail()).records.total >= 6 ? e.detail() : null), "six records read");
  assert.deepEqual([d.records.notDecodable, d.records.notJson], [2, 0]);
  assert.deepEqual(d.uncorrelated, { [payments]: 2 });
  assert.deepEqual([d.counts.COMPLETED, d.counts.FAILED], [1, 1]);
  const one = (await e.instance("o-1"))!;
  assert.deepEqual(
    one.steps.map((s) => s.step),
    ["order-placed", "paid"],
  );
  assert.deepEqual(one.steps[1]!.value, { orderId: "o-1", status: "ACCEPT", cents: 1250 });
  assert.deepEqual(
    one.steps[0]!.value,
    { orderId: "o-1", status: "PLACED", total: "9007199254740993" },
    "an int64 past 2^53 as its digits",
  );

  // The registry goes away: a record of a schema not yet cached waits (kafkajs fetches in rounds,
  // so the saga's reader waits with it), nothing is counted undecodable, the API answers, and
  // once the registry is back the waiting record and those after it are read.
  const v2 = { ...PAYMENT, fields: [...PAYMENT.fields, { name: "note", type: "string", default: "" }] };
  const v2Id = await register(registry.url, `${payments}-value`, { schema: JSON.stringify(v2) });
  await registry.stop();
  const total = (await e.detail()).records.total;
  await send(orders, placed("o-4"));
  await send(
    payments,
    frame(
      v2Id,
      avro.Type.forSchema(v2 as avro.Schema).toBuffer({ orderId: "o-4", status: "ACCEPT", cents: 5, note: "late" }),
    ),
  );
  const down = await e.detail();
  assert.equal(down.records.notDecodable, 2, "a registry that does not answer makes nothing undecodable");
  assert.ok(down.records.total <= total + 1, "the payment waiting on the registry is not stored");
  await registry.start();
  const late = await waitFor(
    async () => {
      const v = await e.instance("o-4");
      return v?.status === "COMPLETED" ? v : null;
    },
    "the payment that waited on the registry, read once it is back",
    60_000,
  );
  assert.deepEqual(
    late.steps.map((s) => [s.step, s.value]),
    [
      ["order-placed", { orderId: "o-4", status: "PLACED", total: "9007199254740993" }],
      ["paid", { orderId: "o-4", status: "ACCEPT", cents: 5, note: "late" }],
    ],
  );
  assert.equal((await e.detail()).records.notDecodable, 2);
});
