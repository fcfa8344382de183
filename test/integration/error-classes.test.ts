// The error classifier on real errors: real PostgreSQL SQLSTATEs, real socket and DNS failures
// and a real kafkajs failure, each mapped to retry-in-place or dead-letter as the table says.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { toSagaError, type ErrorCode } from "../../services/kit/errors";
import { freePort } from "../ports";

const url = () => {
  const v = process.env.TEST_DATABASE_URL;
  if (!v) throw new Error("TEST_DATABASE_URL is not set: run through scripts/with-infra.ts");
  return v;
};
let pool: pg.Pool;
before(() => {
  pool = new pg.Pool({ connectionString: url(), max: 3 });
  pool.on("error", () => undefined);
});
after(() => pool.end());

async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail");
}

function expectKind(err: unknown, code: ErrorCode, deadLetter: "never" | "at-once" | "after-retries") {
  const e = toSagaError(err);
  assert.equal(e.code, code, `${(err as Error).message} -> ${e.code}`);
  assert.equal(e.deadLetter, deadLetter);
  assert.equal(e.cause, err, "the original error is kept as cause");
}

describe("outages are retried, never dead-lettered", () => {
  it("a refused connection", async () => {
    const c = new pg.Client({ host: "127.0.0.1", port: await freePort(), user: "x", database: "x" });
    expectKind(await thrown(() => c.connect()), "DB_UNAVAILABLE", "never");
  });

  it("a DNS failure", async () => {
    const c = new pg.Client({ host: "no-such-host.invalid", port: 5432, user: "x", database: "x" });
    const err = await thrown(() => c.connect());
    assert.match(String((err as { code?: string }).code), /ENOTFOUND|EAI_AGAIN/);
    expectKind(err, "DB_UNAVAILABLE", "never");
  });

  it("a read-only transaction (as after a failover to a replica)", async () => {
    const c = await pool.connect();
    try {
      await c.query("BEGIN READ ONLY");
      const err = await thrown(() => c.query("CREATE TEMP TABLE t_ro (x int)"));
      assert.equal((err as { code?: string }).code, "25006");
      expectKind(err, "DB_UNAVAILABLE", "never");
    } finally {
      await c.query("ROLLBACK");
      c.release();
    }
  });

  it("a statement timeout", async () => {
    const c = await pool.connect();
    try {
      await c.query("SET statement_timeout = 20");
      const err = await thrown(() => c.query("SELECT pg_sleep(2)"));
      assert.equal((err as { code?: string }).code, "57014");
      expectKind(err, "DB_UNAVAILABLE", "never");
    } finally {
      await c.query("RESET statement_timeout");
      c.release();
    }
  });

  it("a connection the server terminates", async () => {
    const victim = new pg.Client({ connectionString: url() });
    victim.on("error", () => undefined);
    await victim.connect();
    const pid = (await victim.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    const pending = thrown(() => victim.query("SELECT pg_sleep(5)"));
    await pool.query("SELECT pg_terminate_backend($1)", [pid]);
    expectKind(await pending, "DB_UNAVAILABLE", "never");
    const after = await thrown(() => victim.query("SELECT 1"));
    expectKind(after, "DB_UNAVAILABLE", "never");
    await victim.end().catch(() => undefined);
  });

  it("a broker that cannot be reached", async () => {
    const kafka = new Kafka({
      clientId: "t",
      brokers: [`127.0.0.1:${await freePort()}`],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 500,
    });
    const producer = kafka.producer();
    expectKind(await thrown(() => producer.connect()), "KAFKA_UNAVAILABLE", "never");
  });
});

describe("what a message can never do is dead-lettered at once", () => {
  it("a NUL character in jsonb", async () => {
    const err = await thrown(() => pool.query(`SELECT '{"a":"\\u0000"}'::jsonb`));
    assert.match(String((err as { code?: string }).code), /^22/);
    expectKind(err, "DB_CONSTRAINT", "at-once");
  });

  it("a division by zero (a data exception)", async () => {
    const err = await thrown(() => pool.query("SELECT 1/0"));
    expectKind(err, "DB_CONSTRAINT", "at-once");
  });
});

describe("a bug is retried, then dead-lettered", () => {
  it("an undefined table", async () => {
    const err = await thrown(() => pool.query("SELECT * FROM no_such_table_here"));
    assert.equal((err as { code?: string }).code, "42P01");
    expectKind(err, "INTERNAL", "after-retries");
  });
});
