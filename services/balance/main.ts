// Balance service process: the only place that builds its real clients from configuration.
import { pathToFileURL } from "node:url";
import { openServiceClients } from "../kit/clients";
import { loadServiceConfig, type ServiceConfig } from "../kit/config";
import { runMain, startService, type RunningService } from "../kit/runtime";
import { startTracing } from "../kit/telemetry/tracing";
import { balanceCommandHandlers } from "./consumers/command-consumer";
import { balanceHandlers } from "./consumers/saga-consumer";
import { balanceRoutes } from "./controller/routes";
import { PrismaClient } from "./infra/generated/client";
import { seedUsers } from "./infra/seed";
import { prismaBalanceQueries, sqlBalanceUnitOfWork } from "./infra/balance-store";

export async function startBalanceService(
  config: ServiceConfig,
  opts: { users?: Parameters<typeof seedUsers>[1] } = {},
): Promise<RunningService> {
  const { db, prisma, kafka, log, metrics } = await openServiceClients(
    config,
    (adapter) => new PrismaClient({ adapter }),
  );
  await seedUsers(prisma, opts.users);
  const queries = prismaBalanceQueries(prisma);
  return startService({
    config,
    kafka,
    db,
    close: () => prisma.$disconnect(),
    uow: sqlBalanceUnitOfWork(db),
    log,
    tracing: startTracing(config.tracing),
    metrics,
    // One group serves both modes: choreography's events and the orchestrator's commands.
    consumers: (deps) => ({ "": { ...balanceHandlers(deps), ...balanceCommandHandlers(deps) } }),
    routes: (_deps, health) => balanceRoutes(queries, health),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain("balance", () => startBalanceService(loadServiceConfig("balance", process.env)));
}
