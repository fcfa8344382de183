// Runs a command with the embedded infrastructure up, then stops it. Used by the test scripts.
//   with-infra.ts -- cmd ...        broker + PostgreSQL; exports KAFKA_BROKERS and TEST_DATABASE_URL
//                                   (TEST_PG_PORT and TEST_PG_DIR move PostgreSQL, for a second run beside the first)
//   with-infra.ts --app -- cmd ...  the whole app (server/embedded/up.ts) on test ports; exports E2E_BASE_URL
import { spawn } from "node:child_process";
import { join } from "node:path";
import { SERVICES } from "../contracts";
import { serveBrokerControl } from "../server/embedded/broker";
import { startInfra } from "../server/embedded/infra";

const sep = process.argv.indexOf("--");
if (sep < 0 || sep === process.argv.length - 1) {
  console.error("usage: with-infra.ts [--app] -- command [args...]");
  process.exit(2);
}
const app = process.argv.slice(2, sep).includes("--app");
const [cmd, ...args] = process.argv.slice(sep + 1);
const root = process.cwd();

function run(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await r.json()) as { status: string };
      if (body.status === "ok") return;
      last = JSON.stringify(body);
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app at ${url} did not become healthy in ${timeoutMs} ms: ${last}`);
}

let code: number;
if (!app) {
  const infra = await startInfra({
    env: { TOPIC_PREFIX: process.env.TOPIC_PREFIX, KAFKA_SYNC_GRACE_MS: process.env.KAFKA_SYNC_GRACE_MS },
    dataDir: process.env.TEST_PG_DIR ?? join(root, ".data", "test-pg"),
    pgPort: Number(process.env.TEST_PG_PORT ?? 54339),
    fresh: true,
    // Tests need no durability; the benchmark asks for it (INFRA_DURABLE=1) to measure real commits.
    durable: process.env.INFRA_DURABLE === "1",
    log: (m) => console.log(`[infra] ${m}`),
  });
  const control = await serveBrokerControl(infra.broker!, infra.postgres ?? undefined);
  try {
    code = await run({
      ...process.env,
      ...infra.kafkaEnv,
      BROKER_CONTROL_URL: control.url,
      BROKER_PID: String(infra.broker!.pid),
      TEST_DATABASE_URL: infra.postgres!.url("postgres"),
    });
  } finally {
    control.close();
    await infra.stop();
  }
} else {
  const port = 3100;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    EMBEDDED_PG_PORT: "54349",
    EMBEDDED_DATA_DIR: join(root, ".data", "e2e-pg"),
    // Short enough for the chaos e2e test to watch a paused service's orders time out.
    SAGA_TIMEOUT_MS: process.env.SAGA_TIMEOUT_MS ?? "20000",
  };
  SERVICES.forEach((s, i) => {
    env[`${s.toUpperCase()}_PORT`] = String(5101 + i);
    env[`${s.toUpperCase()}_URL`] = `http://127.0.0.1:${5101 + i}`;
  });
  const up = spawn(process.execPath, ["--import", "tsx", "server/embedded/up.ts"], { stdio: ["ignore", "inherit", "inherit"], env });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, 120_000);
    code = await run({ ...process.env, E2E_BASE_URL: baseUrl });
  } finally {
    const exited = new Promise((r) => up.once("exit", r));
    up.kill("SIGTERM");
    await exited;
  }
}
process.exit(code);
