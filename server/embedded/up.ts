// The run command's entry point: embedded infrastructure (Apache Kafka and PostgreSQL, both kept
// across a stop; `--fresh` starts from nothing), then the four services and the web server as
// child processes, restarted if they die, as the broker is. Ctrl-C stops everything.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SERVICES } from "../../contracts";
import { DEFAULT_SERVICE_PORTS } from "../../services/kit/config";
import { definitionPaths, loadSagas } from "../../services/observer/application/definitions";
import { expandDefinitionPaths, readDefinitionText } from "../../services/observer/application/definition-paths";
import { nodeDefinitionFs } from "../../services/observer/infra/definition-fs";
import { DEFAULT_OBSERVER_PORT } from "../../services/observer/config";
import { observerExtensions } from "../../services/observer/main";
import { startInfra } from "./infra";

const root = process.cwd();
const dev = process.argv.includes("--dev");
const fresh = process.argv.includes("--fresh") || process.env.SAGASCOPE_FRESH === "1";
const startedAt = Date.now();
const log = (msg: string) => process.stdout.write(`[up] ${msg}\n`);

// An invalid saga definition stops the start before anything runs (attach.md); the observer checks again.
try {
  const sagas = loadSagas({
    paths: expandDefinitionPaths(definitionPaths(process.env.SAGA_DEFINITIONS), nodeDefinitionFs).files,
    readFile: (p) => readDefinitionText(p, nodeDefinitionFs),
    topicPrefix: process.env.TOPIC_PREFIX ?? "",
    bundled: observerExtensions(process.env).flatMap((e) => e.definitions),
  });
  log(`watching ${sagas.length} saga${sagas.length > 1 ? "s" : ""}: ${sagas.map((x) => x.definition.name).join(", ")}`);
} catch (err) {
  process.stderr.write(`[up] ${(err as Error).message}\n`);
  process.exit(1);
}
// SAGASCOPE_DEMO=off: none of the built-in saga's services (the observer and the web still run).
const demo = process.env.SAGASCOPE_DEMO !== "off";

// `next dev` replaces the production build, so `npm start` after `npm run dev` builds again.
if (!dev && !existsSync(join(root, ".next", "BUILD_ID"))) {
  log("no production build of the pages: running next build");
  const built = spawnSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: "inherit",
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const infra = await startInfra({
  env: process.env,
  dataDir: process.env.EMBEDDED_DATA_DIR ?? join(root, ".data", "pg"),
  pgPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
  kafkaDir: process.env.EMBEDDED_KAFKA_DIR ?? join(root, ".data", "kafka"),
  kafkaPort: Number(process.env.EMBEDDED_KAFKA_PORT ?? 19092),
  fresh,
  durable: true,
  log,
});

const shared = { ...process.env, ...infra.kafkaEnv };
const children = new Map<string, ChildProcess>();
let stopping = false;

const restarts = new Map<string, number>();

function serviceEntry(service: string): string {
  const built = join("build", "services", `${service}.mjs`);
  if (!existsSync(join(root, built)))
    throw new Error(`${built} is missing: run \`npm run build\` (scripts/build-services.ts)`);
  return built;
}

/** Starts a child and restarts it when it dies, backing off 0.25 s, 0.5 s, 1 s… up to 30 s (reset after a minute up). */
function launch(name: string, entry: string, env: NodeJS.ProcessEnv): void {
  const startedAt = Date.now();
  // Services run from build/services/*.mjs (scripts/build-services.ts); `--dev` and the web server through tsx.
  const args = entry.endsWith(".mjs") ? ["--enable-source-maps", entry] : ["--import", "tsx", entry];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: "inherit" });
  children.set(name, child);
  child.once("exit", (code, signal) => {
    children.delete(name);
    if (stopping) return;
    const n = Date.now() - startedAt > 60_000 ? 0 : (restarts.get(name) ?? 0) + 1;
    restarts.set(name, n);
    const delay = Math.min(30_000, 250 * 2 ** Math.max(0, n - 1));
    log(`${name} exited (${signal ?? code}); restarting in ${delay / 1000} s`);
    setTimeout(() => !stopping && launch(name, entry, env), delay);
  });
}

for (const s of demo ? SERVICES : []) {
  launch(s, dev ? `services/${s}/main.ts` : serviceEntry(s), {
    ...shared,
    [`${s.toUpperCase()}_DATABASE_URL`]: infra.databaseUrls[s],
  });
}
launch("observer", dev ? "services/observer/main.ts" : serviceEntry("observer"), {
  ...shared,
  OBSERVER_DATABASE_URL: infra.observerDatabaseUrl,
});
launch("web", "server/main.ts", {
  ...shared,
  KAFKA_EMBEDDED: infra.brokerEmbedded ? "1" : "0",
  NEXT_DEV: dev ? "1" : "0",
  ...Object.fromEntries(
    SERVICES.map((s) => [
      `${s.toUpperCase()}_URL`,
      process.env[`${s.toUpperCase()}_URL`] ?? `http://127.0.0.1:${DEFAULT_SERVICE_PORTS[s]}`,
    ]),
  ),
  OBSERVER_URL: process.env.OBSERVER_URL ?? `http://127.0.0.1:${process.env.OBSERVER_PORT ?? DEFAULT_OBSERVER_PORT}`,
});
const webUrl = `http://${process.env.HOST ?? "127.0.0.1"}:${process.env.PORT ?? 3000}`;
log(`starting: web on ${webUrl}, Kafka at ${infra.brokers}`);

/** Says once when the whole app first answers healthy, and how long it took from this process's start. */
async function announceHealthy(): Promise<void> {
  while (!stopping) {
    const body = await fetch(`${webUrl}/api/health`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.json() as Promise<{ status?: string }>)
      .catch(() => null);
    if (body?.status === "ok")
      return void log(
        `healthy: ${webUrl} answers, ${demo ? "every service" : "the observer"} and the live feed up, ${((Date.now() - startedAt) / 1000).toFixed(1)} s after start`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}
void announceHealthy();

async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  log("stopping");
  await Promise.all(
    [...children.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => c.kill("SIGKILL"), 10_000);
          c.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill("SIGTERM");
        }),
    ),
  );
  await infra.stop();
  process.exit(0);
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
