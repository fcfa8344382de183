// Notification service process: the only place that builds its real clients from configuration.
import { PrismaPg } from "@prisma/adapter-pg";
import { pathToFileURL } from "node:url";
import { loadServiceConfig, type ServiceConfig } from "../kit/config";
import { migrate, migrationsDir } from "../kit/db/migrate";
import { openDatabase } from "../kit/db/sql";
import { createKafka } from "../kit/kafka/client";
import { createLogger } from "../kit/log";
import { runMain, startService, type RunningService } from "../kit/runtime";
import type { ExternalPlatform } from "./application/ports";
import { notificationHandlers } from "./consumers/saga-consumer";
import { notificationRoutes } from "./controller/routes";
import { PrismaClient } from "./infra/generated/client";
import { loggingPlatform, prismaNotificationQueries, sqlNotificationUnitOfWork } from "./infra/notification-store";

export async function startNotificationService(config: ServiceConfig, opts: { platform?: ExternalPlatform } = {}): Promise<RunningService> {
  await migrate(config.databaseUrl, migrationsDir("notification"));
  const db = openDatabase(config.databaseUrl);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 5 }) });
  const log = createLogger("notification", config.logLevel);
  const queries = prismaNotificationQueries(prisma);
  const platform = opts.platform ?? loggingPlatform(log);
  return startService({
    config,
    kafka: createKafka({ clientId: `notification-${process.pid}`, brokers: config.kafka.brokers }),
    db,
    close: () => prisma.$disconnect(),
    uow: sqlNotificationUnitOfWork(db),
    log,
    consumers: (deps) => ({ "": notificationHandlers({ ...deps, platform, queries }) }),
    routes: (_deps, health) => notificationRoutes(queries, health),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain("notification", () => startNotificationService(loadServiceConfig("notification", process.env)));
}
