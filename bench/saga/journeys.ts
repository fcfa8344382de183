// The saga observer of a bench run (build/services/observer.mjs, a process of its own like the
// services, its CPU counted with theirs): it keeps every order's journey, and the hop figures
// are read from its records of the built-in saga (saga `orders`, value = the envelope, at = the
// Kafka timestamp, the x-consumed-at header). A record published twice counts once.
import { spawn } from "node:child_process";
import pg from "pg";
import { ensureDatabase } from "../../server/embedded/postgres";
import { freePort } from "../../test/ports";
import { until, type Cluster } from "../../test/faults/cluster";

export type BenchObserver = { pid: number; port: number; db: pg.Pool; stop(): Promise<void> };

export async function startBenchObserver(
  c: Cluster,
  databaseBase: string,
  nodeArgs: string[] = [],
): Promise<BenchObserver> {
  const url = Object.assign(new URL(databaseBase), { pathname: `/${c.id}_observer` }).toString();
  await ensureDatabase(url);
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, "--enable-source-maps", "build/services/observer.mjs"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      KAFKA_BROKERS: c.brokers,
      TOPIC_PREFIX: c.prefix,
      GROUP_PREFIX: c.prefix,
      OBSERVER_DATABASE_URL: url,
      OBSERVER_PORT: String(port),
      SAGA_DEFINITIONS: "",
      LOG_LEVEL: "warn",
    },
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await until(
    async () => {
      const r = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) });
      return r.ok && ((await r.json()) as { status: string }).status === "up";
    },
    "the observer to be healthy",
    90_000,
  );
  const db = new pg.Pool({ connectionString: url, max: 2 });
  db.on("error", () => undefined);
  return {
    pid: child.pid!,
    port,
    db,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      await db.end();
    },
  };
}

/** The built-in saga's stored records of these orders, once per eventId (SQL shared by the figures). */
export const JOURNEY_RECORDS = `
  SELECT DISTINCT ON (value->>'eventId') instance_id AS order_id, value->>'eventId' AS event_id, value->>'causationId' AS causation_id,
         value->>'type' AS topic, "partition", "offset"::text AS "offset", at AS broker_timestamp, (value->>'occurredAt')::timestamptz AS occurred_at,
         (headers->>'x-consumed-at')::timestamptz AS cause_consumed_at, value AS envelope
  FROM saga_records WHERE saga = 'orders' AND instance_id = ANY($1) AND value->>'eventId' IS NOT NULL AND value->>'type' <> 'saga-dlq'
  ORDER BY value->>'eventId', at`;
