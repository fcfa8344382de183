// Runs a command with the embedded infrastructure up, then stops it. Used by the test scripts.
//   with-infra.ts -- cmd ...        Kafka + PostgreSQL, both fresh; exports KAFKA_BROKERS, TEST_DATABASE_URL
//                                   and INFRA_CONTROL_URL (TEST_PG_PORT, TEST_PG_DIR, TEST_KAFKA_PORT and
//                                   TEST_KAFKA_DIR move them, for a second run beside the first;
//                                   KAFKA_BROKERS given: that cluster is used instead of an embedded one)
//   with-infra.ts --app -- cmd ...  the whole app (server/embedded/up.ts) on test ports; exports E2E_BASE_URL
//                                   (E2E_PORT_OFFSET moves its ports and data folders)
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SERVICES } from "../contracts";
import { serveInfraControl } from "../server/embedded/control";
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
    env: process.env,
    // Each test makes (and deletes) its own prefixed topics.
    provision: false,
    dataDir: process.env.TEST_PG_DIR ?? join(root, ".data", "test-pg"),
    pgPort: Number(process.env.TEST_PG_PORT ?? 54339),
    kafkaDir: process.env.TEST_KAFKA_DIR ?? join(root, ".data", "test-kafka"),
    kafkaPort: Number(process.env.TEST_KAFKA_PORT ?? 29092),
    fresh: true,
    // Tests need no durability; the benchmark asks for it (INFRA_DURABLE=1) to measure real commits.
    durable: process.env.INFRA_DURABLE === "1",
    log: (m) => console.log(`[infra] ${m}`),
  });
  const control = await serveInfraControl(infra.broker, infra.postgres ?? undefined);
  // Stopped from outside (Ctrl-C, CI's time limit): no broker JVM or PostgreSQL left behind.
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => void infra.stop().finally(() => process.exit(130)));
  try {
    code = await run({
      ...process.env,
      ...infra.kafkaEnv,
      INFRA_CONTROL_URL: control.url,
      ...(infra.broker && { BROKER_PID: String(infra.broker.nodes[0].pid()) }),
      TEST_DATABASE_URL: infra.postgres!.url("postgres"),
    });
  } finally {
    control.close();
    await infra.stop();
  }
} else {
  // E2E_PORT_OFFSET moves every port and data folder of the app, for a second run beside the first.
  const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
  const dataSuffix = offset ? `-${offset}` : "";
  const port = 3100 + offset;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(54349 + offset),
    EMBEDDED_DATA_DIR: join(root, ".data", `e2e-pg${dataSuffix}`),
    EMBEDDED_KAFKA_PORT: String(29192 + offset),
    EMBEDDED_KAFKA_DIR: join(root, ".data", `e2e-kafka${dataSuffix}`),
    SAGASCOPE_FRESH: "1",
    // Short enough for the chaos e2e test to watch a paused service's orders time out.
    SAGA_TIMEOUT_MS: process.env.SAGA_TIMEOUT_MS ?? "20000",
  };
  SERVICES.forEach((s, i) => {
    env[`${s.toUpperCase()}_PORT`] = String(5101 + offset + i);
    env[`${s.toUpperCase()}_URL`] = `http://127.0.0.1:${5101 + offset + i}`;
  });
  // The e2e tests watch the example sagas too (e2e/watched-saga.spec.ts, e2e/kafka-streams-saga.spec.ts),
  // and a directory, empty at the start, where definitions are saved (e2e/saga-definitions.spec.ts).
  const definitionsDir = join(root, ".data", `e2e-definitions${dataSuffix}`);
  rmSync(definitionsDir, { recursive: true, force: true });
  mkdirSync(definitionsDir, { recursive: true });
  env.SAGA_DEFINITIONS =
    process.env.SAGA_DEFINITIONS ??
    `${definitionsDir},examples/bank-transfer/saga.yaml,examples/kafka-streams-saga/saga.yaml`;
  env.OBSERVER_PORT = String(5105 + offset);
  env.OBSERVER_URL = `http://127.0.0.1:${5105 + offset}`;
  const up = spawn(process.execPath, ["--import", "tsx", "server/embedded/up.ts"], {
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, 120_000);
    code = await run({ ...process.env, E2E_BASE_URL: baseUrl, E2E_DEFINITIONS_DIR: definitionsDir });
  } finally {
    const exited = new Promise((r) => up.once("exit", r));
    up.kill("SIGTERM");
    await exited;
  }
}
process.exit(code);
