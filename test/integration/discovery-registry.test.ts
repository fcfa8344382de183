// Discovery on values in the schema-registry wire format (attach.md, "Values that are not plain
// JSON"): Avro payments and Protobuf orders, through a real registry (Apicurio,
// server/embedded/registry.ts) and a real broker. The sampler decodes them as the observer does,
// so the correlation and the step types are found in the decoded values.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, it } from "node:test";
import avro from "avsc";
import protobuf from "protobufjs";
import type { DiscoverAnswer } from "../../contracts/sagas";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { startRegistry, type EmbeddedRegistry } from "../../server/embedded/registry";
import { frame } from "../../services/observer/infra/registry-wire";
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

it("proposes a saga from Avro and Protobuf values, decoded through the registry", async () => {
  registry = await startRegistry({ dataDir });
  const e = (env = await startObserverEnv({ env: { SCHEMA_REGISTRY_URL: registry.url } }));
  await e.start();
  const [orders, payments] = [`${e.prefix}orders`, `${e.prefix}payments`];
  await createExampleTopics(e.kafka, [orders, payments], 2);
  const avroId = await register(registry.url, `${payments}-value`, { schema: JSON.stringify(PAYMENT) });
  const protoId = await register(registry.url, `${orders}-value`, { schemaType: "PROTOBUF", schema: PROTO });
  const payment = avro.Type.forSchema(PAYMENT as avro.Schema);
  const Order = protobuf.parse(PROTO).root.lookupType("shop.Order");
  const order = (id: string, status: string) =>
    Buffer.from(frame(protoId, Order.encode(Order.fromObject({ orderId: id, status, total: 100 })).finish(), [0]));
  const paid = (id: string, status: string) =>
    Buffer.from(frame(avroId, payment.toBuffer({ orderId: id, status, cents: 1250 })));
  for (let i = 0; i < 12; i++) {
    const id = `o-${i}`;
    const ok = i % 3 !== 0;
    await e.producer.send({ topic: orders, messages: [{ value: order(id, "PLACED") }] });
    await e.producer.send({ topic: payments, messages: [{ value: paid(id, ok ? "ACCEPT" : "REJECT") }] });
    await e.producer.send({ topic: orders, messages: [{ value: order(id, ok ? "SHIPPED" : "CANCELLED") }] });
  }
  const res = await fetch(`http://127.0.0.1:${e.observer().port}/sagas/discover`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ topics: [orders, payments], seconds: 0 }),
  });
  const answer = (await res.json()) as DiscoverAnswer;
  assert.equal(res.status, 200, JSON.stringify(answer));
  assert.ok(answer.definition, JSON.stringify(answer.evidence.problems));
  assert.deepEqual(answer.definition.correlation, { path: "orderId" });
  assert.equal(answer.evidence.instances, 12);
  const steps = answer.evidence.steps.map((s) => [s.topic, s.match, s.records]);
  assert.deepEqual(
    steps.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    [
      [orders, { path: "status", equals: "CANCELLED" }, 4],
      [orders, { path: "status", equals: "PLACED" }, 12],
      [orders, { path: "status", equals: "SHIPPED" }, 8],
      [payments, { path: "status", equals: "ACCEPT" }, 8],
      [payments, { path: "status", equals: "REJECT" }, 4],
    ],
  );
  assert.deepEqual(answer.evidence.problems, []);
});
