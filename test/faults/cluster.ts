// A saga cluster of real processes for the fault suite: the four services run from
// build/services/*.mjs as child processes (so they can be SIGKILLed, restarted, stopped), each
// scenario with its own topics, consumer groups and databases on the Kafka and PostgreSQL of
// scripts/with-infra.ts (or a cluster of its own: `brokers`), which also stops, starts and kills
// the broker and restarts PostgreSQL on request. Its topics and groups are deleted at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { SERVICES, type FaultSettings, type SagaMode, type ServiceName } from "../../contracts";
import { ensureDatabase } from "../../server/embedded/postgres";
import { createKafka } from "../../services/kit/kafka/client";
import { createSagaTopics, deleteTestResources } from "../kafka";
import { freePort } from "../ports";

export type Cluster = {
  id: string;
  prefix: string;
  /** The saga design the load's orders ask for. */
  mode: SagaMode;
  url(service: ServiceName, path: string): string;
  /** Every instance's base URL of a service (instance 0 first). */
  instanceUrls(service: ServiceName): string[];
  /** The live process ids, by `service/instance`. */
  pids(): Record<string, number>;
  db: Record<ServiceName, pg.Pool>;
  /** How many times each service was started (1 = never restarted). */
  starts: Record<ServiceName, number>;
  /** Signals every instance of a service and waits for them to exit: the exit code (null when a signal killed it) and how long it took. */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
  healthy(service: ServiceName): Promise<boolean>;
  faults(service: ServiceName, settings: FaultSettings | null): Promise<void>;
  /** The Kafka bootstrap list the services use. */
  brokers: string;
  /** Calls the embedded infrastructure's control endpoint (server/embedded/control.ts). */
  infra(path: string): Promise<void>;
  stop(): Promise<void>;
};

export const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the fault suite through scripts/with-infra.ts`);
  return v;
};

/** Polls a condition (never a fixed sleep) until it holds or the deadline passes. */
export async function until<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type ClusterOptions = {
  /** The saga design the load's orders ask for (default choreography). */
  mode?: SagaMode;
  sagaTimeoutMs?: number;
  maxAttempts?: number;
  /** Processes per service, members of the same consumer groups (default 1). */
  instances?: number;
  /** Partitions of each topic (default: the contracts' TOPIC_PARTITIONS). */
  partitions?: number;
  /** Another Kafka cluster than with-infra's (the broker faults' three nodes). */
  brokers?: string;
  /** More environment for every service process (it wins over the defaults). */
  env?: Record<string, string>;
  /** Node options put before each service's script (the bench's --profile: --cpu-prof). */
  nodeArgs?: string[];
};

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const id = `f${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const prefix = `${id}.`;
  const base = new URL(env("TEST_DATABASE_URL"));
  const dbUrl = (s: ServiceName) => Object.assign(new URL(base), { pathname: `/${id}_${s}` }).toString();
  await Promise.all(SERVICES.map((s) => ensureDatabase(dbUrl(s))));
  const brokers = opts.brokers ?? env("KAFKA_BROKERS");
  const kafka = createKafka({ brokers: brokers.split(",") }, `${id}-setup`, { quiet: true });
  await createSagaTopics(prefix, { kafka, partitions: opts.partitions });
  const instances = Array.from({ length: opts.instances ?? 1 }, (_, i) => i);
  const ports = new Map<string, number>();
  for (const s of SERVICES) for (const i of instances) ports.set(`${s}/${i}`, await freePort());
  const portOf = (s: ServiceName, i = 0) => ports.get(`${s}/${i}`)!;

  const children = new Map<string, ChildProcess>();
  const starts = Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<ServiceName, number>;
  let stopping = false;
  const launch = (s: ServiceName, i: number) => {
    if (i === 0) starts[s]++;
    const child = spawn(
      process.execPath,
      [...(opts.nodeArgs ?? []), "--enable-source-maps", `build/services/${s}.mjs`],
      {
        stdio: ["ignore", "ignore", "inherit"],
        env: {
          ...process.env,
          KAFKA_BROKERS: brokers,
          TOPIC_PREFIX: prefix,
          GROUP_PREFIX: prefix,
          [`${s.toUpperCase()}_DATABASE_URL`]: dbUrl(s),
          [`${s.toUpperCase()}_PORT`]: String(portOf(s, i)),
          SAGA_TIMEOUT_MS: String(opts.sagaTimeoutMs ?? 60_000),
          CONSUMER_MAX_ATTEMPTS: String(opts.maxAttempts ?? 5),
          CONSUMER_RETRY_BASE_MS: "50",
          OUTBOX_POLL_MS: "100",
          // The fault suite holds orders in flight through outages on purpose; shedding them is
          // measured by the bench's overload run and test/integration/admission.test.ts.
          ADMISSION_TARGET_MS: "0",
          LOG_LEVEL: "error",
          ...opts.env,
        },
      },
    );
    children.set(`${s}/${i}`, child);
    // The supervisor: whatever way a service dies, it is started again (as server/embedded/up.ts does).
    child.once("exit", () => {
      children.delete(`${s}/${i}`);
      if (!stopping) setTimeout(() => !stopping && launch(s, i), 250);
    });
  };
  const url = (s: ServiceName, path: string) => `http://127.0.0.1:${portOf(s)}${path}`;
  const instanceUrls = (s: ServiceName) => instances.map((i) => `http://127.0.0.1:${portOf(s, i)}`);
  const up = async (base: string) => {
    const r = await fetch(`${base}/health`, { signal: AbortSignal.timeout(3000) }).catch(() => null);
    return r !== null && r.ok && ((await r.json()) as { status: string }).status === "up";
  };
  const healthy = async (s: ServiceName) => (await Promise.all(instanceUrls(s).map(up))).every(Boolean);
  for (const s of SERVICES) for (const i of instances) launch(s, i);
  for (const s of SERVICES) await until(() => healthy(s), `${s} to be healthy`, 90_000);

  const db = Object.fromEntries(
    SERVICES.map((s) => [s, new pg.Pool({ connectionString: dbUrl(s), max: 2 })]),
  ) as Record<ServiceName, pg.Pool>;
  for (const pool of Object.values(db)) pool.on("error", () => undefined);

  const kill = async (s: ServiceName, signal: NodeJS.Signals = "SIGKILL") => {
    const started = Date.now();
    const codes = await Promise.all(
      instances.map((i) => {
        const child = children.get(`${s}/${i}`);
        if (!child) return null;
        const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
        child.kill(signal);
        return exited;
      }),
    );
    return { code: codes.find((c) => c !== null) ?? null, ms: Date.now() - started };
  };
  return {
    id,
    prefix,
    mode: opts.mode ?? "choreography",
    url,
    instanceUrls,
    pids: () => Object.fromEntries([...children].map(([name, child]) => [name, child.pid!])),
    db,
    starts,
    healthy,
    kill,
    async faults(s, settings) {
      const r = await fetch(url(s, "/admin/faults"), {
        method: settings ? "PUT" : "DELETE",
        headers: { "content-type": "application/json" },
        body: settings ? JSON.stringify(settings) : undefined,
      });
      if (!r.ok) throw new Error(`faults on ${s}: HTTP ${r.status} ${await r.text()}`);
    },
    brokers,
    async infra(path) {
      const r = await fetch(`${env("INFRA_CONTROL_URL")}${path}`, { method: "POST" });
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
    },
    async stop() {
      stopping = true;
      await Promise.all(SERVICES.map((s) => kill(s, "SIGTERM")));
      await Promise.all(Object.values(db).map((p) => p.end()));
      await deleteTestResources(prefix, kafka);
    },
  };
}
