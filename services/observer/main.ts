// The observer process: watches the sagas of SAGA_DEFINITIONS and those its extensions bring,
// read-only, each with its own consumer group, into its own database; serves /sagas (the web's
// /api/sagas). The extensions are registered here, in EXTENSIONS.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { migrate, migrationsDir } from "../kit/db/migrate";
import { openDatabase } from "../kit/db/sql";
import { createKafka } from "../kit/kafka/client";
import { createLogger } from "../kit/log";
import { startHttpServer } from "../kit/http/server";
import { createMetricsRegistry, metricsRoute, type MetricsRegistry } from "../kit/metrics";
import { runMain } from "../kit/runtime";
import { builtInSaga } from "./built-in/extension";
import { loadSagas, type WatchedSaga } from "./application/definitions";
import type { ExtensionFactory, ExtensionSettings, ObserverExtension } from "./application/extension";
import { sagaViews } from "./application/saga-views";
import { searchInstances } from "./application/search";
import { loadObserverConfig, observerGroupId, type ObserverConfig } from "./config";
import { sagaReader, type SagaReader } from "./consumers/saga-reader";
import { observerRoutes, searchRoute } from "./controller/routes";
import { watchCluster } from "./infra/cluster-watch";
import { startRetentionSweep } from "./application/retention";
import { startBacklogWatch, type BacklogWatch } from "./application/backlog-watch";
import { sqlRetentionStore } from "./infra/retention-store";
import { startOffsets } from "./infra/start-offsets";
import { registerObserverMetrics } from "./infra/observer-metrics";
import { sqlObserverStore } from "./infra/observer-store";
import { sqlSearchStore } from "./infra/search-store";
import { registryDecoder } from "./infra/registry-decoder";
import { SagaError } from "../kit/errors";
import { sagaTopics, topicFormat } from "../../contracts/sagas";

/** The observer's extensions, each turned on or off by its own settings. */
export const EXTENSIONS: readonly ExtensionFactory[] = [builtInSaga];

export const observerExtensions = (settings: ExtensionSettings): ObserverExtension[] =>
  EXTENSIONS.flatMap((make) => make(settings) ?? []);

export type RunningObserver = { port: number; sagas: WatchedSaga[]; stop(): Promise<void> };

/** `metrics`: the process's registry, served on GET /metrics; the observer adds its series to it. */
export type ObserverDeps = { metrics: MetricsRegistry; readFile?: (path: string) => string };

export async function startObserver(config: ObserverConfig, opts: ObserverDeps): Promise<RunningObserver> {
  const log = createLogger("observer", config.logLevel);
  const extensions = observerExtensions(config.settings);
  // An invalid definition stops the start, before anything is connected.
  const sagas = loadSagas({
    paths: config.definitionFiles,
    readFile: opts.readFile ?? ((p) => readFileSync(p, "utf8")),
    topicPrefix: config.kafka.topicPrefix,
    bundled: extensions.flatMap((e) => e.definitions),
  });
  const encoded = sagas.flatMap((s) =>
    sagaTopics(s.definition)
      .filter((t) => topicFormat(s.definition, t) !== "json")
      .map((t) => `${s.file}: ${t} (${topicFormat(s.definition, t)})`),
  );
  if (encoded.length > 0 && !config.registry)
    throw new SagaError(
      "VALIDATION_FAILED",
      `SCHEMA_REGISTRY_URL is not set, and these topics are read through a schema registry:\n  ${encoded.join("\n  ")}`,
    );
  const registry = encoded.length > 0 && config.registry ? registryDecoder({ ...config.registry, log }) : null;
  const decode = registry ? { decode: registry.decode } : {};
  await migrate(config.databaseUrl, migrationsDir("observer"), { kit: null }); // no inbox, outbox or parking here
  const db = openDatabase(config.databaseUrl, 10);
  const eventIds = new Map(sagas.map((s) => [s.definition.name, s.definition.eventId]));
  const store = sqlObserverStore(db, { eventIds: (saga) => eventIds.get(saga) });
  const kafka = createKafka(config.kafka, `observer-${process.pid}`);
  const onFatal = () => process.kill(process.pid, "SIGTERM");
  const groupOf = (saga: string) => observerGroupId(config.kafka.groupPrefix, saga);
  const now = () => new Date();
  // The lag is read at scrape time, on the topics the cluster watch (built below) last saw.
  const { recorder, lag } = registerObserverMetrics(opts.metrics, {
    kafka,
    sagas,
    store,
    now,
    groupId: groupOf,
    presentTopics: (saga) => cluster.presentTopics(saga),
    log,
  });
  // The records each saga's reader reads, for its backlog's rate (started below, with the cluster watch).
  let backlog: BacklogWatch | null = null;
  const counted: typeof recorder = {
    ...recorder,
    read(saga, topic, records) {
      recorder.read(saga, topic, records);
      backlog?.countRead(saga, records);
    },
  };
  const hooks = extensions.map(
    (e) => e.start?.({ metrics: opts.metrics, topicPrefix: config.kafka.topicPrefix, log }) ?? {},
  );
  const onStored = (saga: string) => {
    const each = hooks.flatMap((h) => h.onStored?.[saga] ?? []);
    return each.length === 0
      ? {}
      : { onStored: (records: Parameters<(typeof each)[0]>[0]) => each.forEach((f) => f(records)) };
  };
  const readers = new Map<string, SagaReader>(
    sagas.map((s) => [
      s.definition.name,
      sagaReader({
        kafka,
        saga: s,
        groupId: groupOf(s.definition.name),
        store,
        metrics: counted,
        limits: config.limits,
        ...config.consumer,
        log,
        onFatal,
        placeStart: startOffsets(kafka, log),
        ...decode,
        ...onStored(s.definition.name),
      }),
    ]),
  );
  const cluster = watchCluster({
    kafka,
    connection: config.kafka,
    sagas,
    intervalMs: config.clusterPollMs,
    log,
    onTopics: (s, present) => void readers.get(s.definition.name)!.setTopics(present),
  });
  backlog = startBacklogWatch({
    sagas,
    groupId: groupOf,
    readLag: lag.read,
    intervalMs: config.clusterPollMs,
    now: () => Date.now(),
    log,
  });
  const views = sagaViews({ sagas, store, cluster, now, backlog: backlog.backlog });
  const search = searchInstances({ sagas: () => sagas, store: sqlSearchStore(db), now });
  const retention = startRetentionSweep({
    sagas,
    store: sqlRetentionStore(db),
    now,
    intervalMs: config.retentionSweepMs,
    log,
  });
  const health = async () => {
    const database = await db.query("SELECT 1").then(
      () => true,
      () => false,
    );
    const joining = [...readers].filter(([, r]) => !r.joined()).map(([n]) => n);
    const problems = [
      !database && "database: down",
      joining.length > 0 && `consumer groups joining: ${joining.join(", ")}`,
      ...cluster.problems(),
    ].filter(Boolean);
    return problems.length === 0 ? { status: "up" as const } : { status: "down" as const, detail: problems.join("; ") };
  };
  const http = await startHttpServer({
    host: config.http.host,
    port: config.http.port,
    routes: [
      ...observerRoutes(views, health),
      searchRoute(search),
      ...hooks.flatMap((h) => h.routes ?? []),
      metricsRoute(opts.metrics),
    ],
    log,
    browser: config.browser,
  });
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : config.http.port;
  await cluster.ready;
  log.info("observer started", { port, sagas: sagas.map((s) => s.definition.name) });
  return {
    port,
    sagas,
    async stop() {
      const closed = new Promise<void>((r) => http.close(() => r()));
      http.closeIdleConnections();
      await cluster.stop();
      await retention.stop();
      await backlog.stop();
      await Promise.allSettled([...readers.values()].map((r) => r.stop()));
      registry?.close();
      await lag.close();
      await closed;
      await db.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain("observer", () =>
    startObserver(loadObserverConfig(process.env), { metrics: createMetricsRegistry("observer") }),
  );
}
