// Notification service process: the only place that builds its real clients from configuration.
import { pathToFileURL } from "node:url";
import { openServiceClients } from "../kit/clients";
import { loadServiceConfig, type ServiceConfig } from "../kit/config";
import { runMain, startService, type RunningService } from "../kit/runtime";
import { startTracing } from "../kit/telemetry/tracing";
import type { ExternalPlatform } from "./application/ports";
import { notificationCommandHandlers } from "./consumers/command-consumer";
import { notificationHandlers } from "./consumers/saga-consumer";
import { notificationRoutes } from "./controller/routes";
import { PrismaClient } from "./infra/generated/client";
import { loggingPlatform, prismaNotificationQueries, sqlNotificationUnitOfWork } from "./infra/notification-store";

export async function startNotificationService(
  config: ServiceConfig,
  opts: { platform?: ExternalPlatform } = {},
): Promise<RunningService> {
  const { db, prisma, kafka, log, metrics } = await openServiceClients(
    config,
    (adapter) => new PrismaClient({ adapter }),
  );
  const queries = prismaNotificationQueries(prisma);
  const platform = opts.platform ?? loggingPlatform(log);
  return startService({
    config,
    kafka,
    db,
    close: () => prisma.$disconnect(),
    uow: sqlNotificationUnitOfWork(db),
    log,
    tracing: startTracing(config.tracing),
    metrics,
    // One group serves both modes: choreography's events and the orchestrator's commands.
    consumers: (deps) => ({
      "": { ...notificationHandlers({ ...deps, platform }), ...notificationCommandHandlers({ ...deps, platform }) },
    }),
    routes: (_deps, health) => notificationRoutes(queries, health),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain("notification", () => startNotificationService(loadServiceConfig("notification", process.env)));
}
