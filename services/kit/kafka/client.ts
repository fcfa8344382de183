// Builds kafkajs clients. Only main.ts files (and test harnesses) call this.
import { Kafka, logLevel, type Producer } from "kafkajs";

export function createKafka(opts: { clientId: string; brokers: string[] }): Kafka {
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.ERROR,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5000 },
  });
}

export async function connectProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ allowAutoTopicCreation: true, retry: { retries: 5 } });
  await producer.connect();
  return producer;
}
