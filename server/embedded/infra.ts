// The embedded infrastructure for one machine: Apache Kafka and a PostgreSQL server with one
// database per service, both keeping their data in project folders across a stop. Whatever the
// environment already names (KAFKA_BROKERS, <SERVICE>_DATABASE_URL) is used as it is and not started.
import { SERVICES, type ServiceName } from "../../contracts";
import { createKafka, kafkaConnectionSchema } from "../../services/kit/kafka/client";
import { provisionTopics } from "../../services/kit/kafka/topics";
import { startEmbeddedKafka, type EmbeddedKafka } from "./broker";
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from "./postgres";

export type InfraOptions = {
  env: Record<string, string | undefined>;
  dataDir: string;
  pgPort: number;
  kafkaDir: string;
  kafkaPort: number;
  /** Start from nothing: the embedded broker's data and the embedded databases are deleted first. */
  fresh: boolean;
  /** PostgreSQL commits durably (fsync, synchronous_commit); off only for throwaway test data. */
  durable: boolean;
  /** Create (embedded) or check (given cluster) the contract's topics under TOPIC_PREFIX; tests make their own. */
  provision?: boolean;
  log(msg: string): void;
};

export type Infra = {
  brokers: string;
  brokerEmbedded: boolean;
  /** What services need to reach the broker. */
  kafkaEnv: Record<string, string>;
  databaseUrls: Record<ServiceName, string>;
  /** The saga observer's own database (services/observer). */
  observerDatabaseUrl: string;
  postgres: EmbeddedPostgres | null;
  broker: EmbeddedKafka | null;
  stop(): Promise<void>;
};

export async function startInfra(opts: InfraOptions): Promise<Infra> {
  const prefix = opts.env.TOPIC_PREFIX ?? "";
  let broker: EmbeddedKafka | null = null;
  let brokers = opts.env.KAFKA_BROKERS ?? "";
  if (!brokers) {
    const started = Date.now();
    broker = await startEmbeddedKafka({
      dataDir: opts.kafkaDir,
      port: opts.kafkaPort,
      fresh: opts.fresh,
      log: opts.log,
    });
    brokers = broker.bootstrap;
    opts.log(
      `Apache Kafka ${broker.version} (KRaft, 1 node) at ${brokers} in ${Date.now() - started} ms (data in ${broker.dataDir})`,
    );
  }
  // Topics as code: created on the embedded broker; on a given cluster only checked (its operators
  // create them with `npm run topics`, which may need rights the services do not have).
  if (opts.provision !== false) {
    const kafka = createKafka(
      kafkaConnectionSchema.parse({ ...opts.env, KAFKA_BROKERS: brokers }),
      "sagascope-provision",
    );
    const report = await provisionTopics(kafka, { prefix, dryRun: !broker });
    if (report.created.length > 0 && broker)
      opts.log(`created ${report.created.length} topics (replication ${report.replicationFactor})`);
    if (report.created.length > 0 && !broker)
      opts.log(
        `warning: ${report.created.length} topics are missing on ${brokers} (${report.created.join(", ")}): run \`npm run topics -- --brokers ${brokers}\``,
      );
    for (const m of report.mismatched)
      opts.log(`warning: topic ${m.name} has ${m.partitions} partitions, ${m.wanted} wanted`);
  }

  let postgres: EmbeddedPostgres | null = null;
  const databaseUrls = {} as Record<ServiceName, string>;
  const database = async (owner: string): Promise<string> => {
    const given = opts.env[`${owner.toUpperCase()}_DATABASE_URL`];
    if (given) return given;
    postgres ??= await startEmbeddedPostgres({ dataDir: opts.dataDir, port: opts.pgPort, durable: opts.durable });
    const url = postgres.url(`saga_${owner}`);
    if (opts.fresh) await dropDatabase(url);
    await ensureDatabase(url);
    return url;
  };
  for (const service of SERVICES) databaseUrls[service] = await database(service);
  const observerDatabaseUrl = await database("observer");
  // Assigned inside `database`, which TypeScript does not follow.
  const started = postgres as EmbeddedPostgres | null;
  if (started)
    opts.log(
      `embedded PostgreSQL at 127.0.0.1:${started.port} (data in ${started.dataDir}, ${opts.durable ? "durable commits" : "no fsync"})`,
    );

  return {
    brokers,
    brokerEmbedded: broker !== null,
    kafkaEnv: { KAFKA_BROKERS: brokers },
    databaseUrls,
    observerDatabaseUrl,
    postgres,
    broker,
    async stop() {
      await broker?.stop();
      postgres?.stop();
    },
  };
}
