// The embedded infrastructure for one machine: a Kafka-protocol broker and a PostgreSQL server
// with one database per service. Whatever the environment already names (KAFKA_BROKERS,
// <SERVICE>_DATABASE_URL) is used as it is and not started.
import { SERVICES, TOPIC_PARTITIONS, topicsByPartitions, type ServiceName } from "../../contracts";
import { startEmbeddedBroker, type EmbeddedBroker } from "./broker";
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from "./postgres";

export type InfraOptions = {
  env: Record<string, string | undefined>;
  dataDir: string;
  pgPort: number;
  /** Drop the embedded databases first: the embedded broker starts empty, so old orders would dangle. */
  fresh: boolean;
  durable: boolean;
  log(msg: string): void;
};

export type Infra = {
  brokers: string;
  brokerEmbedded: boolean;
  /** What services need to reach the broker: KAFKA_BROKERS, and on the embedded broker the group
   *  leader's SyncGroup wait (services/kit/kafka/assigner.ts explains why). */
  kafkaEnv: Record<string, string>;
  databaseUrls: Record<ServiceName, string>;
  postgres: EmbeddedPostgres | null;
  broker: EmbeddedBroker | null;
  stop(): Promise<void>;
};

export async function startInfra(opts: InfraOptions): Promise<Infra> {
  const prefix = opts.env.TOPIC_PREFIX ?? "";
  let broker: EmbeddedBroker | null = null;
  let brokers = opts.env.KAFKA_BROKERS ?? "";
  if (!brokers) {
    broker = await startEmbeddedBroker({ topics: topicsByPartitions(prefix), partitions: TOPIC_PARTITIONS });
    brokers = broker.bootstrap;
    opts.log(`embedded Kafka-protocol broker (librdkafka mock cluster, in memory, nothing kept on disk) at ${brokers}`);
  }

  let postgres: EmbeddedPostgres | null = null;
  const databaseUrls = {} as Record<ServiceName, string>;
  for (const service of SERVICES) {
    const given = opts.env[`${service.toUpperCase()}_DATABASE_URL`];
    if (given) {
      databaseUrls[service] = given;
      continue;
    }
    postgres ??= await startEmbeddedPostgres({ dataDir: opts.dataDir, port: opts.pgPort, durable: opts.durable });
    const url = postgres.url(`saga_${service}`);
    if (opts.fresh) await dropDatabase(url);
    await ensureDatabase(url);
    databaseUrls[service] = url;
  }
  if (postgres) opts.log(`embedded PostgreSQL at 127.0.0.1:${postgres.port} (data in ${postgres.dataDir})`);

  return {
    brokers,
    brokerEmbedded: broker !== null,
    kafkaEnv: { KAFKA_BROKERS: brokers, ...(broker ? { KAFKA_SYNC_GRACE_MS: opts.env.KAFKA_SYNC_GRACE_MS ?? "1500" } : {}) },
    databaseUrls,
    postgres,
    broker,
    async stop() {
      await broker?.stop();
      postgres?.stop();
    },
  };
}
