// Order service process: the only place that builds its real clients from configuration.
import { pathToFileURL } from "node:url";
import { openServiceClients } from "../kit/clients";
import { loadServiceConfig, type ServiceConfig } from "../kit/config";
import { runMain, startService, type RunningService } from "../kit/runtime";
import { startTracing } from "../kit/telemetry/tracing";
import { operatorRoutes } from "./controller/operator-routes";
import { orderRoutes } from "./controller/routes";
import { prismaDeadLetterQueries } from "./infra/dead-letter-queries";
import { orderHandlers } from "./consumers/saga-consumer";
import { deadLetterProjection } from "./consumers/dead-letter-consumer";
import { startTimeoutSweeper } from "./consumers/timeout-sweeper";
import { PrismaClient } from "./infra/generated/client";
import { prismaOrderQueries } from "./infra/order-queries";
import { sqlOrderUnitOfWork } from "./infra/order-store";
import { sqlDeadLetterWriter } from "./infra/dead-letter-store";
import { sagaStartMetrics } from "./infra/saga-starts";
import { orderAdmission } from "./application/admission";
import { recentEndRate, sagaTotals } from "./infra/order-tally";
import { Counter } from "prom-client";

export async function startOrderService(config: ServiceConfig): Promise<RunningService> {
  const { db, prisma, kafka, log, metrics } = await openServiceClients(
    config,
    (adapter) => new PrismaClient({ adapter }),
  );
  const queries = prismaOrderQueries(prisma, config.kafka.topicPrefix);
  const sagas = sagaStartMetrics(metrics);
  const shedCounter = new Counter({
    name: "sagascope_orders_shed_total",
    help: "Orders refused with 503 and Retry-After: more sagas in flight than finish in the target latency.",
    registers: [metrics],
  });
  const admission = orderAdmission(sagaTotals(db), config.admission, {
    onShed: () => shedCounter.inc(),
    recentEndRate: recentEndRate(db),
  });
  return startService({
    config,
    kafka,
    db,
    close: () => prisma.$disconnect(),
    uow: sqlOrderUnitOfWork(db),
    log,
    tracing: startTracing(config.tracing),
    metrics,
    consumers: (deps) => ({ "": orderHandlers(deps) }),
    projections: { "dead-letters": deadLetterProjection(sqlDeadLetterWriter(db)) },
    routes: (deps, health) =>
      orderRoutes(deps, queries, async () => ({ ...(await health()), shed: admission.shed() }), sagas, admission),
    operatorRoutes: (deps) => operatorRoutes(deps, prismaDeadLetterQueries(prisma)),
    tasks: (deps) => [
      startTimeoutSweeper(deps, {
        timeoutMs: config.sagaTimeoutMs,
        everyMs: Math.min(1000, config.sagaTimeoutMs / 4),
        log,
      }),
    ],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain("order", () => startOrderService(loadServiceConfig("order", process.env)));
}
