// Stock service process: the only place that builds its real clients from configuration.
import { pathToFileURL } from "node:url";
import { openServiceClients } from "../kit/clients";
import { loadServiceConfig, type ServiceConfig } from "../kit/config";
import { runMain, startService, type RunningService } from "../kit/runtime";
import { startTracing } from "../kit/telemetry/tracing";
import { stockCommandHandlers } from "./consumers/command-consumer";
import { stockHandlers } from "./consumers/saga-consumer";
import { stockRoutes } from "./controller/routes";
import { PrismaClient } from "./infra/generated/client";
import { seedProducts } from "./infra/seed";
import { prismaStockQueries, sqlStockUnitOfWork } from "./infra/stock-store";

export async function startStockService(
  config: ServiceConfig,
  opts: { products?: Parameters<typeof seedProducts>[1] } = {},
): Promise<RunningService> {
  const { db, prisma, kafka, log, metrics } = await openServiceClients(
    config,
    (adapter) => new PrismaClient({ adapter }),
  );
  await seedProducts(prisma, opts.products);
  const queries = prismaStockQueries(prisma);
  return startService({
    config,
    kafka,
    db,
    close: () => prisma.$disconnect(),
    uow: sqlStockUnitOfWork(db),
    log,
    tracing: startTracing(config.tracing),
    metrics,
    // One group serves both modes: choreography's events and the orchestrator's commands.
    consumers: (deps) => ({ "": { ...stockHandlers(deps), ...stockCommandHandlers(deps) } }),
    routes: (_deps, health) => stockRoutes(queries, health),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain("stock", () => startStockService(loadServiceConfig("stock", process.env)));
}
