// Stock service process: the only place that builds its real clients from configuration.
import { PrismaPg } from "@prisma/adapter-pg";
import { pathToFileURL } from "node:url";
import { loadServiceConfig, type ServiceConfig } from "../kit/config";
import { migrate, migrationsDir } from "../kit/db/migrate";
import { openDatabase } from "../kit/db/sql";
import { createKafka } from "../kit/kafka/client";
import { createLogger } from "../kit/log";
import { runMain, startService, type RunningService } from "../kit/runtime";
import { stockHandlers } from "./consumers/saga-consumer";
import { stockRoutes } from "./controller/routes";
import { PrismaClient } from "./infra/generated/client";
import { seedProducts } from "./infra/seed";
import { prismaStockQueries, sqlStockUnitOfWork } from "./infra/stock-store";

export async function startStockService(config: ServiceConfig, opts: { products?: Parameters<typeof seedProducts>[1] } = {}): Promise<RunningService> {
  await migrate(config.databaseUrl, migrationsDir("stock"));
  const db = openDatabase(config.databaseUrl);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 5 }) });
  await seedProducts(prisma, opts.products);
  const queries = prismaStockQueries(prisma);
  return startService({
    config,
    kafka: createKafka({ clientId: `stock-${process.pid}`, brokers: config.kafka.brokers }),
    db,
    close: () => prisma.$disconnect(),
    uow: sqlStockUnitOfWork(db),
    log: createLogger("stock", config.logLevel),
    consumers: (deps) => ({ "": stockHandlers(deps) }),
    routes: (_deps, health) => stockRoutes(queries, health),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain("stock", () => startStockService(loadServiceConfig("stock", process.env)));
}
