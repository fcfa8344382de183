// npm run example:bank-transfer [-- --count 400 --rate 20]: publishes bank transfers to the
// broker of KAFKA_BROKERS (default: the run command's embedded one, 127.0.0.1:19092).
import { parseArgs } from "node:util";
import { createKafka, kafkaConnectionSchema } from "../../services/kit/kafka/client";
import { connectProducer, createExampleTopics, publishTransfers, startCreditReader } from "./publish";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "400" },
    rate: { type: "string", default: "20" },
    prefix: { type: "string", default: "" },
  },
});
const kafka = createKafka(
  kafkaConnectionSchema.parse({ ...process.env, KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? "127.0.0.1:19092" }),
  "bank-transfer-example",
);
const topics = { transfers: `${values.prefix}bank.transfers`, ledger: `${values.prefix}bank.ledger` };
await createExampleTopics(kafka, Object.values(topics));
const reader = await startCreditReader(kafka, topics.transfers, `${values.prefix}bank-credit`);
const producer = await connectProducer(kafka);
const run = Date.now().toString(36);
const count = Number(values.count);
console.log(
  `[bank-transfer] publishing ${count} transfers at ${values.rate}/s to ${Object.values(topics).join(", ")} (run ${run})`,
);
const sent = await publishTransfers({ producer, topics, run, count, rate: Number(values.rate) });
console.log(`[bank-transfer] published ${sent} records: see http://127.0.0.1:3000/sagas/bank-transfer`);
await producer.disconnect();
await reader.stop();
