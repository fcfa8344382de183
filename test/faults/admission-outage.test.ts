// Admission tells an outage from overload (issue 25): each service SIGKILLed two seconds into
// ten seconds of 40 orders a second, with admission control on as in production (1 s target,
// 30 s outage allowance). While a participant restarts no saga ends, yet the order service keeps
// taking orders (Kafka holds them): at most 5 % are refused with 503, none is lost, and every
// invariant holds. The order service's own restart refuses connections, not 503s.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { SERVICES, type ServiceName } from "../../contracts";
import { until, type Cluster } from "./cluster";
import { mixedOrder } from "./load";
import { scenario } from "./scenario";

const RATE = 40;
const SECONDS = 10;

type Tally = { shed: number; unreachable: number; ids: string[] };

/** Places order i, counting a 503 once and an unreachable service once; retries until it is taken. */
async function place(c: Cluster, i: number, t: Tally, shedOnce: Set<number>): Promise<void> {
  const key = randomUUID();
  const deadline = Date.now() + 90_000;
  let unreachable = false;
  for (;;) {
    const r = await fetch(c.url("order", "/orders"), {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(mixedOrder(i)),
      signal: AbortSignal.timeout(5000),
    }).catch(() => null);
    if (r?.status === 202) {
      t.ids.push(((await r.json()) as { orderId: string }).orderId);
      return;
    }
    if (r?.status === 503 && !shedOnce.has(i)) {
      shedOnce.add(i);
      t.shed++;
    }
    if (!r && !unreachable) {
      unreachable = true;
      t.unreachable++;
    }
    if (r && r.status < 500) throw new Error(`order ${i} refused: ${r.status} ${await r.text()}`);
    if (Date.now() > deadline) throw new Error(`order ${i} was not taken in time`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** 40 orders a second for 10 s, open loop; `disrupt` runs 2 s in. */
async function load(c: Cluster, disrupt: () => Promise<void>): Promise<Tally> {
  const t: Tally = { shed: 0, unreachable: 0, ids: [] };
  const shedOnce = new Set<number>();
  const start = Date.now();
  const placed: Promise<void>[] = [];
  const disruption = new Promise((r) => setTimeout(r, 2000)).then(disrupt);
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = start + (i * 1000) / RATE - Date.now();
    if (due > 0) await new Promise((r) => setTimeout(r, due));
    placed.push(place(c, i, t, shedOnce));
  }
  await Promise.all([...placed, disruption]);
  return t;
}

describe("admission through a restart", () => {
  for (const service of SERVICES as readonly ServiceName[]) {
    it(`SIGKILL of the ${service} service under 40 orders/s: at most 5 % shed with 503, none lost`, async () => {
      let tally: Tally = { shed: 0, unreachable: 0, ids: [] };
      const a = await scenario(
        `SIGKILL ${service} under 40/s, admission on`,
        { env: { ADMISSION_TARGET_MS: "1000", ADMISSION_OUTAGE_MS: "30000" } },
        async (c) => {
          tally = await load(c, async () => {
            await c.kill(service, "SIGKILL");
            await until(() => c.healthy(service), `${service} to be back`);
          });
        },
      );
      const orders = RATE * SECONDS;
      assert.equal(new Set(tally.ids).size, orders, "every order was taken once");
      assert.equal(a.orders, orders, "every order is in the order service, ended");
      assert.ok(tally.shed <= orders * 0.05, `${tally.shed} of ${orders} orders were shed with 503 (at most 5 %)`);
      if (service !== "order") assert.equal(tally.unreachable, 0, "the order service stayed up");
      console.log(
        `[admission] SIGKILL ${service}: ${tally.shed} shed with 503, ${tally.unreachable} met the order service restarting, of ${orders}`,
      );
    });
  }
});
