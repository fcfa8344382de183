// The observer process: watches the sagas of SAGA_DEFINITIONS and those its extensions bring,
// read-only, each with its own consumer group, into its own database; serves /sagas (the web's
// /api/sagas). The extensions are registered here, in EXTENSIONS.
import { pathToFileURL } from "node:url";
import { migrate, migrationsDir } from "../kit/db/migrate";
import { openDatabase } from "../kit/db/sql";
import { createKafka } from "../kit/kafka/client";
import { createLogger } from "../kit/log";
import { startHttpServer } from "../kit/http/server";
import { createMetricsRegistry, metricsRoute, type MetricsRegistry } from "../kit/metrics";
import { runMain } from "../kit/runtime";
import { builtInSaga } from "./built-in/extension";
import { loadCatalog, type WatchedSaga } from "./application/definitions";
import { startCatalog } from "./application/catalog";
import { expandDefinitionPaths, readDefinitionText } from "./application/definition-paths";
import { nodeDefinitionFs } from "./infra/definition-fs";
import { deleteConsumerGroup } from "./infra/group-delete";
import { sagaReaders } from "./consumers/saga-readers";
import { definitionRoutes } from "./controller/definition-routes";
import type { ExtensionFactory, ExtensionSettings, ObserverExtension } from "./application/extension";
import { sagaViews } from "./application/saga-views";
import { searchInstances } from "./application/search";
import { loadObserverConfig, observerGroupId, type ObserverConfig } from "./config";
import { sagaReader } from "./consumers/saga-reader";
import { observerRoutes, searchRoute } from "./controller/routes";
import { feedRoute } from "./controller/feed-route";
import { liveFeed } from "./application/live-feed";
import { watchCluster } from "./infra/cluster-watch";
import { startRetentionSweep } from "./application/retention";
import { startBacklogWatch, type BacklogWatch } from "./application/backlog-watch";
import { sqlRetentionStore } from "./infra/retention-store";
import { startOffsets } from "./infra/start-offsets";
import { readProbe } from "./infra/read-probe";
import { registerObserverMetrics } from "./infra/observer-metrics";
import { sqlObserverStore } from "./infra/observer-store";
import { sqlSearchStore } from "./infra/search-store";
import { registryDecoder } from "./infra/registry-decoder";
import { SagaError } from "../kit/errors";
import { sagaTopics, topicFormat, type SagaDefinition } from "../../contracts/sagas";
import { discoveryParts } from "./infra/discovery-parts";
import { discoveryRoutes } from "./controller/discovery-routes";

/** The observer's extensions, each turned on or off by its own settings. */
export const EXTENSIONS: readonly ExtensionFactory[] = [builtInSaga];

export const observerExtensions = (settings: ExtensionSettings): ObserverExtension[] =>
  EXTENSIONS.flatMap((make) => make(settings) ?? []);

/** `sagas`: those watched now (the definitions are looked at every DEFINITIONS_LOOK_MS). */
export type RunningObserver = { port: number; sagas(): readonly WatchedSaga[]; stop(): Promise<void> };

/** How often the definition files are looked at: a change is read within about this (attach.md says 5 s). */
const DEFINITIONS_LOOK_MS = 1000;

/** `metrics`: the process's registry, served on GET /metrics; the observer adds its series to it. */
export type ObserverDeps = { metrics: MetricsRegistry; readFile?: (path: string) => string };

export async function startObserver(config: ObserverConfig, opts: ObserverDeps): Promise<RunningObserver> {
  const log = createLogger("observer", config.logLevel);
  const extensions = observerExtensions(config.settings);
  const fs = opts.readFile ? { ...nodeDefinitionFs, read: opts.readFile } : nodeDefinitionFs;
  // An invalid definition stops the start, before anything is connected.
  const loaded = loadCatalog({
    paths: expandDefinitionPaths(config.definitionFiles, fs).files,
    readFile: (p) => readDefinitionText(p, fs),
    topicPrefix: config.kafka.topicPrefix,
    bundled: extensions.flatMap((e) => e.definitions),
  });
  const sagas = loaded.state.sagas;
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
  // Made whenever a registry is configured: a definition added later may need it.
  const registry = config.registry ? registryDecoder({ ...config.registry, log }) : null;
  const decode = registry ? { decode: registry.decode } : {};
  const issues = (d: SagaDefinition) =>
    registry || sagaTopics(d).every((t) => topicFormat(d, t) === "json")
      ? []
      : [{ field: "format", message: "read through a schema registry, and SCHEMA_REGISTRY_URL is not set" }];
  const catalog = startCatalog({
    paths: config.definitionFiles,
    fs,
    fixed: loaded.fixed,
    initial: loaded.state,
    issues,
    intervalMs: DEFINITIONS_LOOK_MS,
    log,
  });
  await migrate(config.databaseUrl, migrationsDir("observer"), { kit: null }); // no inbox, outbox or parking here
  const db = openDatabase(config.databaseUrl, 10);
  const store = sqlObserverStore(db, { eventIds: (saga) => catalog.find(saga)?.definition.eventId });
  const kafka = createKafka(config.kafka, `observer-${process.pid}`);
  const onFatal = () => process.kill(process.pid, "SIGTERM");
  const groupOf = (saga: string) => observerGroupId(config.kafka.groupPrefix, saga);
  const now = () => new Date();
  // The lag is read at scrape time, on the topics the cluster watch (built below) last saw.
  const { recorder, lag } = registerObserverMetrics(opts.metrics, {
    kafka,
    sagas: catalog.sagas,
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
  // Every stored batch also goes to the live feed (GET /feed, read by the web's bridge).
  const live = liveFeed({
    sagas: () => catalog.sagas().map((s) => s.definition.name),
    onError: (err) => log.warn("live feed could not send a batch", { err }),
  });
  const onStored = (saga: string) => {
    const each = [...hooks.flatMap((h) => h.onStored?.[saga] ?? []), live.publish.bind(null, saga)];
    return { onStored: (records: Parameters<(typeof each)[0]>[0]) => each.forEach((f) => f(records)) };
  };
  const probeRead = readProbe(kafka, log, { connection: config.kafka });
  const readers = sagaReaders({
    sagas,
    make: (s) =>
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
        probeRead,
        ...decode,
        ...onStored(s.definition.name),
      }),
    deleteGroup: async (saga) => void (await deleteConsumerGroup(kafka, groupOf(saga))),
    log,
  });
  const cluster = watchCluster({
    kafka,
    connection: config.kafka,
    sagas: catalog.sagas,
    intervalMs: config.clusterPollMs,
    log,
    onTopics: (s, present) => void readers.get(s.definition.name)?.setTopics(present),
  });
  catalog.watch(async (change) => {
    await readers.apply(change);
    cluster.refresh(); // the new readers' topics, without waiting for the next look
  });
  backlog = startBacklogWatch({
    sagas: catalog.sagas,
    groupId: groupOf,
    readLag: lag.read,
    intervalMs: config.clusterPollMs,
    now: () => Date.now(),
    log,
  });
  // What the cluster refuses: topics it will not describe (the cluster watch), or not let be read (the readers).
  const refusedTopics = (saga: string) =>
    new Map([...cluster.refusedTopics(saga), ...(readers.get(saga)?.refused() ?? [])]);
  const views = sagaViews({
    sagas: catalog.sagas,
    store,
    cluster: { ...cluster, refusedTopics },
    now,
    backlog: backlog.backlog,
  });
  const search = searchInstances({ sagas: catalog.sagas, store: sqlSearchStore(db), now });
  const retention = startRetentionSweep({
    sagas: catalog.retained,
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
    const joining = readers
      .all()
      .filter(([, r]) => !r.joined())
      .map(([n]) => n);
    const problems = [
      !database && "database: down",
      joining.length > 0 && `consumer groups joining: ${joining.join(", ")}`,
      ...cluster.problems(),
      ...readers.all().flatMap(([, r]) => [...r.refused()].map(([topic, why]) => `topic ${topic}: ${why}`)),
    ].filter(Boolean);
    return problems.length === 0 ? { status: "up" as const } : { status: "down" as const, detail: problems.join("; ") };
  };
  const discover = discoveryParts({ kafka, groupPrefix: config.kafka.groupPrefix, registry: config.registry, log });
  const http = await startHttpServer({
    host: config.http.host,
    port: config.http.port,
    routes: [
      ...definitionRoutes(catalog, { catalog, fs, issues }),
      ...observerRoutes(views, health),
      searchRoute(search),
      ...discoveryRoutes(discover.discovery),
      feedRoute(live),
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
    sagas: catalog.sagas,
    async stop() {
      await catalog.stop();
      const closed = new Promise<void>((r) => http.close(() => r()));
      live.stop();
      http.closeIdleConnections();
      await cluster.stop();
      await retention.stop();
      await backlog.stop();
      await readers.stop();
      registry?.close();
      await discover.close();
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
