// Builds a service's real clients from its configuration, after migrating its database. Only a
// service's main.ts calls this: it is the composition root that the rest of the code is handed.
import { PrismaPg } from "@prisma/adapter-pg";
import type { Kafka } from "kafkajs";
import type { ServiceConfig } from "./config";
import { migrate, migrationsDir } from "./db/migrate";
import { openDatabase, poolConfig, type Database } from "./db/sql";
import { createKafka } from "./kafka/client";
import { createLogger, type Logger } from "./log";
import { createMetricsRegistry, type MetricsRegistry } from "./metrics";

export type ServiceClients<P> = { db: Database; prisma: P; kafka: Kafka; log: Logger; metrics: MetricsRegistry };

export async function openServiceClients<P>(
  config: ServiceConfig,
  prismaClient: (adapter: PrismaPg) => P,
): Promise<ServiceClients<P>> {
  await migrate(config.databaseUrl, migrationsDir(config.service));
  return {
    db: openDatabase(config.databaseUrl, 20, config.db),
    prisma: prismaClient(new PrismaPg(poolConfig(config.databaseUrl, 5, config.db))),
    kafka: createKafka(config.kafka, `${config.service}-${process.pid}`),
    log: createLogger(config.service, config.logLevel),
    metrics: createMetricsRegistry(config.service),
  };
}
