// Database time-outs on the real path: a TCP proxy between the pools and the real PostgreSQL goes
// silent (it keeps every connection open and forwards nothing, as a half-open connection does),
// and every wait must end in an error the consumer retries in place, never in a stall.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer, connect, type Server, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { ensureDatabase } from "../../server/embedded/postgres";
import { openServiceClients } from "../../services/kit/clients";
import { serviceConfigSchema } from "../../services/kit/config";
import { openDatabase, type Database } from "../../services/kit/db/sql";
import { toSagaError } from "../../services/kit/errors";
import { PrismaClient } from "../../services/order/infra/generated/client";
import { waitFor } from "./harness";

type Proxy = { port: number; silent: boolean; close(): Promise<void> };

/** Forwards to `target` until `silent` is set; from then on it drops every byte and closes nothing. */
async function startProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
  };
  const proxy: Proxy = { port: 0, silent: false, close: async () => undefined };
  const server: Server = createServer((client) => {
    track(client);
    if (proxy.silent) return; // accepted, never answered: a black hole
    const upstream = connect(Number(target.port), target.hostname);
    track(upstream);
    client.on("data", (d) => proxy.silent || upstream.write(d));
    upstream.on("data", (d) => proxy.silent || client.write(d));
    client.on("close", () => proxy.silent || upstream.destroy());
    upstream.on("close", () => proxy.silent || client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  proxy.port = (server.address() as { port: number }).port;
  proxy.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  };
  return proxy;
}

const TIMEOUTS = { connectTimeoutMs: 500, statementTimeoutMs: 300, idleInTransactionTimeoutMs: 1_000 };
const QUERY_TIMEOUT = TIMEOUTS.statementTimeoutMs + 1_000;
const SLACK = 1_000;

let direct: pg.Pool;
let proxy: Proxy;
let dbUrl: URL;
const proxied = (p: Proxy) => {
  const u = Object.assign(new URL(dbUrl), { hostname: "127.0.0.1", port: String(p.port) });
  u.searchParams.delete("host"); // the embedded server's socket folder: the proxy is TCP
  return u.toString();
};

before(async () => {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set: run through scripts/with-infra.ts");
  dbUrl = Object.assign(new URL(base), { pathname: `/t${randomUUID().replaceAll("-", "").slice(0, 10)}_timeouts` });
  await ensureDatabase(dbUrl.toString());
  direct = new pg.Pool({ connectionString: dbUrl.toString(), max: 2 });
});
after(() => direct.end());

/** Runs fn, expecting it to fail; returns the error and how long it took. */
async function failure(fn: () => Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const t0 = Date.now();
  try {
    await fn();
  } catch (err) {
    return { err, ms: Date.now() - t0 };
  }
  throw new Error("expected the call to fail");
}

function assertRetriedInPlace(err: unknown, what: string) {
  const e = toSagaError(err);
  const detail = `${what}: ${(err as Error).message} (code ${(err as { code?: string }).code}) -> ${e.code}`;
  assert.equal(e.code, "DB_UNAVAILABLE", detail);
  assert.equal(e.retriable, true, detail);
  assert.equal(e.deadLetter, "never", detail);
}

describe("database time-outs", { timeout: 30_000 }, () => {
  let db: Database;
  before(async () => {
    proxy = await startProxy(dbUrl);
    db = openDatabase(proxied(proxy), 4, TIMEOUTS);
  });
  after(async () => {
    await proxy.close();
    await db.close();
  });

  it("the server cancels a statement that runs too long, and the connection stays usable", async () => {
    const { err, ms } = await failure(() => db.query("SELECT pg_sleep(5)"));
    assert.equal((err as { code?: string }).code, "57014", (err as Error).message);
    assert.ok(ms < TIMEOUTS.statementTimeoutMs + SLACK, `cancelled after ${ms} ms`);
    assertRetriedInPlace(err, "statement timeout");
    assert.deepEqual((await db.query("SELECT 1 AS one")).rows, [{ one: 1 }]);
  });

  it("a transaction on a connection gone silent fails within the query time-out, and the server ends the session", async () => {
    let pid = 0;
    const { err, ms } = await failure(() =>
      db.transaction(async (tx) => {
        pid = Number((await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid);
        proxy.silent = true;
        await tx.query("SELECT 1");
      }),
    );
    assert.ok(ms >= QUERY_TIMEOUT - 50 && ms < QUERY_TIMEOUT + SLACK, `failed after ${ms} ms`);
    assertRetriedInPlace(err, "half-open connection");
    // The server saw BEGIN and then nothing: idle_in_transaction_session_timeout frees its locks.
    await waitFor(
      async () => (await direct.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rowCount === 0,
      "the server to end the session left idle in its transaction",
      TIMEOUTS.idleInTransactionTimeoutMs + 5_000,
    );
  });

  it("a new connection to a port that never answers fails within the connect time-out", async () => {
    proxy.silent = true;
    const { err, ms } = await failure(() => db.query("SELECT 1"));
    assert.ok(ms < TIMEOUTS.connectTimeoutMs + SLACK, `failed after ${ms} ms`);
    assertRetriedInPlace(err, "black-holed connect");
  });

  it("the pool recovers once the network answers again", async () => {
    proxy.silent = false;
    assert.deepEqual((await db.query("SELECT 1 AS one")).rows, [{ one: 1 }]);
  });
});

describe("a service's clients take their time-outs from its configuration", { timeout: 30_000 }, () => {
  it("both the write pool and Prisma's fail fast on a silent connection", async () => {
    const p = await startProxy(dbUrl);
    const config = serviceConfigSchema("order").parse({
      KAFKA_BROKERS: "127.0.0.1:9",
      DATABASE_URL: proxied(p),
      DB_CONNECT_TIMEOUT_MS: String(TIMEOUTS.connectTimeoutMs),
      DB_STATEMENT_TIMEOUT_MS: String(TIMEOUTS.statementTimeoutMs),
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: String(TIMEOUTS.idleInTransactionTimeoutMs),
      LOG_LEVEL: "error",
    });
    assert.deepEqual(config.db, TIMEOUTS);
    const clients = await openServiceClients(config, (adapter) => new PrismaClient({ adapter }));
    try {
      assert.equal(
        (await clients.prisma.$queryRawUnsafe<{ s: string }[]>("SELECT current_setting('statement_timeout') AS s"))[0]
          .s,
        "300ms",
      );
      assert.equal(
        (await clients.db.query<{ s: string }>("SELECT current_setting('idle_in_transaction_session_timeout') AS s"))
          .rows[0].s,
        "1s",
      );
      p.silent = true;
      const viaPrisma = await failure(() => clients.prisma.$queryRawUnsafe("SELECT 1"));
      assert.ok(viaPrisma.ms < QUERY_TIMEOUT + SLACK, `Prisma failed after ${viaPrisma.ms} ms`);
      assertRetriedInPlace(viaPrisma.err, "Prisma on a half-open connection");
      const viaPool = await failure(() => clients.db.query("SELECT 1"));
      assert.ok(viaPool.ms < QUERY_TIMEOUT + SLACK, `the write pool failed after ${viaPool.ms} ms`);
      assertRetriedInPlace(viaPool.err, "write pool on a half-open connection");
    } finally {
      await p.close();
      await Promise.allSettled([clients.prisma.$disconnect(), clients.db.close()]);
    }
  });
});
