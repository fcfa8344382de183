// The observer under faults: each scenario gets a world of its own (topics, consumer group and
// database named by a fresh id) on the broker and PostgreSQL of scripts/with-infra.ts, the
// bank-transfer example's definition on its topics, and the observer run from
// build/services/observer.mjs as supervised child processes (SIGKILLed and started again, a second
// member of its group started and stopped), with the probes the scenarios wait on.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Kafka, Producer } from "kafkajs";
import pg from "pg";
import { parse, stringify } from "yaml";
import { prefixedDefinition, type BenchSaga } from "../../bench/observer/load";
import { createExampleTopics } from "../../examples/bank-transfer/publish";
import { dropDatabase, ensureDatabase } from "../../server/embedded/postgres";
import { connectProducer, createKafka } from "../../services/kit/kafka/client";
import { observerGroupId } from "../../services/observer/config";
import { deleteTestResources } from "../kafka";
import { freePort } from "../ports";
import { env, until } from "./cluster";

/** The observer's build (OBSERVER_FAULT_ENTRY: another one, e.g. a mutant to see that the checks catch it). */
const ENTRY = process.env.OBSERVER_FAULT_ENTRY ?? join("build", "services", "observer.mjs");

/** One observer process of the group, started again by its supervisor whenever it dies, until retired. */
export type Member = {
  url: string;
  /** How many times it was started (1 = never restarted). */
  starts(): number;
  healthy(): Promise<boolean>;
  /** Signals the process and waits for it to exit (the supervisor then starts it again). */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
  /** A counter of its /metrics, summed over labels. */
  metric(name: string): Promise<number>;
  /** SIGTERM for good (no restart); the exit code. */
  retire(): Promise<number | null>;
};

export type World = {
  id: string;
  saga: BenchSaga;
  groupId: string;
  kafka: Kafka;
  producer: Producer;
  db: pg.Pool;
  members: Member[];
  /** Another observer process on the same group and database. */
  join(): Promise<Member>;
  /** GET on the first member's API. */
  api<T>(path: string): Promise<T>;
  /** Records the observer's counters hold (`total`, every record read once). */
  stored(): Promise<number>;
  /** The observer's transactions that have written and not yet ended (a batch being stored). */
  writing(): Promise<number>;
  /** Records of the saga's topics past the group's committed offsets. */
  lag(): Promise<number>;
  /** Calls the embedded infrastructure's control endpoint (server/embedded/control.ts). */
  infra(path: string): Promise<void>;
  close(): Promise<void>;
};

async function startMember(environment: NodeJS.ProcessEnv): Promise<Member> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let starts = 0;
  let retired = false;
  const launch = () => {
    starts++;
    const c = spawn(process.execPath, ["--enable-source-maps", ENTRY], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...environment, OBSERVER_PORT: String(port) },
    });
    child = c;
    // The supervisor: whatever way it dies, it is started again (as server/embedded/up.ts does).
    c.once("exit", () => {
      if (child === c) child = null;
      if (!retired) setTimeout(() => !retired && launch(), 250);
    });
  };
  const signal = async (sig: NodeJS.Signals) => {
    const started = Date.now();
    const c = child;
    if (!c) return { code: null, ms: 0 };
    const exited = new Promise<number | null>((r) => c.once("exit", (code) => r(code)));
    c.kill(sig);
    return { code: await exited, ms: Date.now() - started };
  };
  const healthy = async () => {
    const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) }).catch(() => null);
    return r !== null && r.ok && ((await r.json()) as { status: string }).status === "up";
  };
  launch();
  await until(healthy, `the observer at ${url} to be healthy`, 90_000);
  return {
    url,
    starts: () => starts,
    healthy,
    kill: signal,
    async metric(name) {
      const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
      const line = new RegExp(`^${name}(\\{[^}]*\\})? ([0-9.e+]+)$`, "gm");
      return [...text.matchAll(line)].reduce((sum, m) => sum + Number(m[2]), 0);
    },
    async retire() {
      retired = true;
      return (await signal("SIGTERM")).code;
    },
  };
}

/** A definition's timeout (ms) short enough that a transfer left without its ending is STUCK when the test compares. */
export const TIMEOUT_MS = 1000;

export async function startWorld(opts: { partitions?: number } = {}): Promise<World> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: npx tsx scripts/build-services.ts`);
  const id = `fo${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const prefix = `${id}.`;
  const saga = prefixedDefinition(prefix);
  const raw = parse(readFileSync(saga.file, "utf8")) as Record<string, unknown>;
  writeFileSync(saga.file, stringify({ ...raw, timeoutMs: TIMEOUT_MS }));
  const brokers = env("KAFKA_BROKERS");
  const dbUrl = Object.assign(new URL(env("TEST_DATABASE_URL")), { pathname: `/${id}_observer` }).toString();
  await ensureDatabase(dbUrl);
  const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
  db.on("error", () => undefined); // PostgreSQL restarted under it: the next query reconnects
  const kafka = createKafka({ brokers: brokers.split(",") }, `${id}-test`, { quiet: true });
  const topics = Object.values(saga.topics);
  await createExampleTopics(kafka, topics, opts.partitions ?? 4);
  const producer = await connectProducer(kafka);
  const groupId = observerGroupId(prefix, saga.name);
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    TOPIC_PREFIX: "",
    GROUP_PREFIX: prefix,
    KAFKA_BROKERS: brokers,
    OBSERVER_DATABASE_URL: dbUrl,
    SAGA_DEFINITIONS: saga.file,
    OBSERVER_BUILT_IN: "0",
    LOG_LEVEL: "error",
  };
  const members = [await startMember(environment)];

  return {
    id,
    saga,
    groupId,
    kafka,
    producer,
    db,
    members,
    async join() {
      const m = await startMember(environment);
      members.push(m);
      return m;
    },
    async api<T>(path: string) {
      const r = await fetch(`${members[0]!.url}${path}`, { signal: AbortSignal.timeout(30_000) });
      if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
    async stored() {
      const { rows } = await db.query<{ n: string }>(
        `SELECT coalesce(sum(value), 0) AS n FROM saga_counters WHERE saga = $1 AND metric = 'total'`,
        [saga.name],
      );
      return Number(rows[0]!.n);
    },
    async writing() {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`,
      );
      return Number(rows[0]!.n);
    },
    async lag() {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const committed = await admin.fetchOffsets({ groupId, topics });
        let lag = 0;
        for (const topic of topics) {
          const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
          for (const p of await admin.fetchTopicOffsets(topic)) {
            const at = Number(done.find((d) => d.partition === p.partition)?.offset ?? -1);
            lag += Number(p.high) - Math.max(at, Number(p.low));
          }
        }
        return lag;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    async infra(path) {
      const r = await fetch(`${env("INFRA_CONTROL_URL")}${path}`, { method: "POST" });
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
    },
    async close() {
      await Promise.all(members.map((m) => m.retire()));
      await producer.disconnect().catch(() => undefined);
      await db.end();
      await deleteTestResources(prefix, kafka);
      await dropDatabase(dbUrl).catch(() => undefined);
      rmSync(dirname(saga.file), { recursive: true, force: true });
    },
  };
}
