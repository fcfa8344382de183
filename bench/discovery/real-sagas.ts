// The real sagas of the accuracy set, run on the broker of KAFKA_BROKERS under a prefix each:
// the built-in saga in either mode (its four services and observer in this process, orders of
// every outcome), the bank example (its publisher) and the Java example (its jar). Each gives its
// topics and its true definition: sagas/orders.json, the examples' saga.yaml.
import { readFileSync } from "node:fs";
import type { Kafka } from "kafkajs";
import { parseDefinition, sagaTopics, SagaDefinition } from "../../contracts/sagas";
import { createExampleTopics, publishTransfers } from "../../examples/bank-transfer/publish";
import { runExample, sagaText } from "../../examples/kafka-streams-saga/run";
import { connectProducer } from "../../services/kit/kafka/client";
import { BUILT_IN_FILE, withTopicPrefix } from "../../services/observer/built-in/definition";
import { isSettled, startSagaEnv } from "../../test/integration/harness";

export type RealSaga = { name: string; truth: SagaDefinition; topics: string[]; stop(): Promise<void> };

function parsed(text: string): SagaDefinition {
  const p = parseDefinition(text);
  if (!p.ok) throw new Error(`a true definition does not parse: ${JSON.stringify(p.issues)}`);
  return p.definition;
}

export async function bankSaga(kafka: Kafka, prefix: string, transfers = 300): Promise<RealSaga> {
  const topics = { transfers: `${prefix}bank.transfers`, ledger: `${prefix}bank.ledger` };
  await createExampleTopics(kafka, Object.values(topics), 3);
  const producer = await connectProducer(kafka);
  await publishTransfers({ producer, topics, run: "acc", count: transfers, rate: 0 });
  await producer.disconnect();
  const text = readFileSync("examples/bank-transfer/saga.yaml", "utf8").replaceAll(
    /topic: bank\./g,
    `topic: ${prefix}bank.`,
  );
  return {
    name: "bank-transfer (example)",
    truth: parsed(text),
    topics: Object.values(topics),
    stop: async () => undefined,
  };
}

export async function javaSaga(prefix: string, orders = 100): Promise<RealSaga> {
  const { code, summary } = await runExample(
    { brokers: process.env.KAFKA_BROKERS!, count: orders, rate: 0, prefix },
    () => undefined,
  );
  if (code !== 0) throw new Error(`the Java example exited with ${code}: ${summary?.problem ?? ""}`);
  const truth = parsed(sagaText(prefix));
  return { name: "kafka-streams-orders (Java example)", truth, topics: sagaTopics(truth), stop: async () => undefined };
}

/** The built-in saga with `orders` orders placed in `mode`: completed, refused for stock, refused for money. */
export async function builtInSaga(
  mode: "choreography" | "orchestration",
  orders = 40,
): Promise<RealSaga & { prefix: string; kafka: Kafka }> {
  const env = await startSagaEnv({
    products: [
      { id: "kb", name: "Keyboard", price: 120, stock: 100_000 },
      { id: "gpu", name: "GPU", price: 900, stock: 1 },
    ],
    users: [
      { id: "rich", name: "Rich", balance: 10_000_000 },
      { id: "broke", name: "Broke", balance: 100 },
    ],
  });
  const placed: string[] = [];
  for (let i = 0; i < orders; i++) {
    const body =
      i % 5 === 0
        ? { userId: "broke", items: [{ productId: "kb", quantity: 1 }] }
        : i % 5 === 1
          ? { userId: "rich", items: [{ productId: "gpu", quantity: 5 }] }
          : { userId: "rich", items: [{ productId: "kb", quantity: 1 + (i % 3) }] };
    const r = await env.placeOrder({ ...body, mode });
    if (r.status !== 202) throw new Error(`an order was refused: ${JSON.stringify(r.body)}`);
    placed.push(String(r.body.orderId));
  }
  for (const id of placed) await env.waitForOrder(id, isSettled, "the order to settle");
  const file = SagaDefinition.parse(JSON.parse(readFileSync(BUILT_IN_FILE, "utf8")));
  const truth = withTopicPrefix(file, env.prefix);
  return {
    name: `orders (built-in, ${mode})`,
    truth,
    topics: sagaTopics(truth),
    prefix: env.prefix,
    kafka: env.kafka,
    stop: () => env.stop(),
  };
}
