// Balance service process: the only place that builds its real clients from configuration.
import { PrismaPg } from "@prisma/adapter-pg";
import { pathToFileURL } from "node:url";
import { loadServiceConfig, type ServiceConfig } from "../kit/config";
import { migrate, migrationsDir } from "../kit/db/migrate";
import { openDatabase } from "../kit/db/sql";
import { createKafka } from "../kit/kafka/client";
import { createLogger } from "../kit/log";
import { runMain, startService, type RunningService } from "../kit/runtime";
import { balanceHandlers } from "./consumers/saga-consumer";
import { balanceRoutes } from "./controller/routes";
import { PrismaClient } from "./infra/generated/client";
import { seedUsers } from "./infra/seed";
import { prismaBalanceQueries, sqlBalanceUnitOfWork } from "./infra/balance-store";

export async function startBalanceService(config: ServiceConfig, opts: { users?: Parameters<typeof seedUsers>[1] } = {}): Promise<RunningService> {
  await migrate(config.databaseUrl, migrationsDir("balance"));
  const db = openDatabase(config.databaseUrl);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 5 }) });
  await seedUsers(prisma, opts.users);
  const queries = prismaBalanceQueries(prisma);
  return startService({
    config,
    kafka: createKafka({ clientId: `balance-${process.pid}`, brokers: config.kafka.brokers }),
    db,
    close: () => prisma.$disconnect(),
    uow: sqlBalanceUnitOfWork(db),
    log: createLogger("balance", config.logLevel),
    consumers: (deps) => ({ "": balanceHandlers(deps) }),
    routes: (_deps, health) => balanceRoutes(queries, health),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain("balance", () => startBalanceService(loadServiceConfig("balance", process.env)));
}
