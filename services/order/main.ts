// Order service process: the only place that builds its real clients from configuration.
import { PrismaPg } from "@prisma/adapter-pg";
import { pathToFileURL } from "node:url";
import { loadServiceConfig, type ServiceConfig } from "../kit/config";
import { migrate, migrationsDir } from "../kit/db/migrate";
import { openDatabase } from "../kit/db/sql";
import { createKafka } from "../kit/kafka/client";
import { createLogger } from "../kit/log";
import { runMain, startService, type RunningService } from "../kit/runtime";
import { orderRoutes } from "./controller/routes";
import { orderHandlers } from "./consumers/saga-consumer";
import { timelineProjection } from "./consumers/timeline-consumer";
import { PrismaClient } from "./infra/generated/client";
import { prismaOrderQueries } from "./infra/order-queries";
import { sqlOrderUnitOfWork } from "./infra/order-store";
import { sqlTimelineWriter } from "./infra/timeline-store";

export async function startOrderService(config: ServiceConfig): Promise<RunningService> {
  await migrate(config.databaseUrl, migrationsDir("order"));
  const db = openDatabase(config.databaseUrl);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 5 }) });
  const queries = prismaOrderQueries(prisma);
  return startService({
    config,
    kafka: createKafka({ clientId: `order-${process.pid}`, brokers: config.kafka.brokers }),
    db,
    close: () => prisma.$disconnect(),
    uow: sqlOrderUnitOfWork(db),
    log: createLogger("order", config.logLevel),
    consumers: (deps) => ({ "": orderHandlers(deps) }),
    projections: { timeline: timelineProjection(sqlTimelineWriter(db)) },
    routes: (deps, health) => orderRoutes(deps, queries, health),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain("order", () => startOrderService(loadServiceConfig("order", process.env)));
}
