// The soak: 5,000 orders (SOAK_ORDERS) through real service processes while every service fails
// 25% (SOAK_FAIL_RATE) of its handler calls. Then, as an operator would: clear the faults, let
// stuck sagas time out, re-publish every dead letter once, and audit every invariant.
// Run: npm run soak   (prints a table and writes bench/results/soak-<time>.json)
// SOAK_ORDERS, SOAK_FAIL_RATE, SOAK_RATE (orders offered per second) and SOAK_MODE (choreography or
// orchestration) change the defaults.
import { mkdirSync, writeFileSync } from "node:fs";
import { SAGA_MODES, SERVICES, type DeadLetterView, type SagaMode } from "../contracts";
import { audit, settle } from "../test/faults/audit";
import { startCluster, until } from "../test/faults/cluster";
import { placeMany, seed } from "../test/faults/load";

const orders = Number(process.env.SOAK_ORDERS ?? 5000);
const failRate = Number(process.env.SOAK_FAIL_RATE ?? 0.25);
// Offered load: 20 orders/s. Without faults this 2-core machine finishes about 100/s; with 25% of
// handler calls failing it falls behind at 40/s (docs/reliability.md).
const perSecond = Number(process.env.SOAK_RATE ?? 20);
const mode = (process.env.SOAK_MODE ?? "choreography") as SagaMode;
if (!SAGA_MODES.includes(mode)) throw new Error(`SOAK_MODE must be one of ${SAGA_MODES.join(", ")}`);
const log = (m: string) => process.stdout.write(`[soak] ${m}\n`);

const started = Date.now();
const c = await startCluster({ sagaTimeoutMs: 30_000, maxAttempts: 5, mode });
try {
  await seed(c);
  for (const s of SERVICES) await c.faults(s, { failRate });
  log(`placing ${orders} ${mode} orders at ${perSecond}/s with ${failRate * 100}% injected failures in every service`);
  const progress = setInterval(async () => {
    const r = await c.db.order
      .query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM orders GROUP BY status")
      .catch(() => null);
    if (r) log(r.rows.map((x) => `${x.status} ${x.n}`).join(", "));
  }, 5000);
  const loadStart = Date.now();
  await placeMany(c, orders, { concurrency: 8, perSecond });
  const placedIn = (Date.now() - loadStart) / 1000;
  await until(async () => (await audit(c)).stuck === 0, "every order to end (time-outs included)", 600_000);
  const finishedIn = (Date.now() - loadStart) / 1000;
  clearInterval(progress);
  const injected: Record<string, number> = {};
  for (const s of SERVICES) {
    injected[s] = ((await (await fetch(c.url(s, "/admin/faults"))).json()) as { injected: number }).injected;
    await c.faults(s, null);
  }
  const before = await settle(c, 60_000);
  const dead = (await (await fetch(c.url("order", "/admin/dlq?limit=1000"))).json()) as DeadLetterView[];
  log(`${dead.length} dead letters; re-publishing each once`);
  for (const d of dead) await fetch(c.url("order", `/admin/dlq/${d.id}/republish`), { method: "POST" });
  const after = await settle(c, 120_000);
  const result = {
    date: new Date().toISOString(),
    command: "npm run soak",
    mode,
    orders,
    failRate,
    offeredPerSecond: perSecond,
    injected,
    placedInSeconds: placedIn,
    allTerminalInSeconds: finishedIn,
    beforeRepublish: { ok: before.ok, problems: before.problems.slice(0, 10) },
    deadLetters: dead.length,
    deadLettersByTopic: Object.fromEntries(
      [...new Set(dead.map((d) => d.topic))].map((t) => [t, dead.filter((d) => d.topic === t).length]),
    ),
    audit: after,
    totalSeconds: (Date.now() - started) / 1000,
  };
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/soak-${result.date.replaceAll(":", "-")}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.table({
    orders: after.orders,
    completed: after.completed,
    cancelled: after.cancelled,
    "timed out": after.timedOut,
    stuck: after.stuck,
    "double effects": after.doubleEffects,
    "dead letters (re-published)": dead.length,
    "failures injected": Object.values(injected).reduce((a, b) => a + b, 0),
    "invariants held before re-publishing": before.ok,
    "invariants held": after.ok,
    "seconds to all terminal": Math.round(finishedIn),
  });
  log(`written ${file}`);
  if (!after.ok) {
    log(`problems: ${after.problems.slice(0, 10).join("; ")}`);
    process.exitCode = 1;
  }
} finally {
  await c.stop();
}
