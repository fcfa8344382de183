// One fault scenario: a fresh cluster with the suite's data, the disruption, then the audit;
// the row goes to the suite's table whether it held or not.
import assert from "node:assert/strict";
import { audit as auditNow, record, settle, type Audit } from "./audit";
import { startCluster, type Cluster } from "./cluster";
import { seed } from "./load";
import type { SagaMode } from "../../contracts";

/** A scenario's name in the suite's table: orchestration runs are marked. */
export const named = (name: string, mode: SagaMode) => (mode === "choreography" ? name : `${name} [orchestration]`);

export async function scenario(
  name: string,
  opts: {
    sagaTimeoutMs?: number;
    maxAttempts?: number;
    settleMs?: number;
    mode?: SagaMode;
    brokers?: string;
    env?: Record<string, string>;
  },
  run: (c: Cluster) => Promise<void>,
): Promise<Audit> {
  const started = Date.now();
  const c = await startCluster(opts);
  try {
    await seed(c);
    await run(c);
    const a = await settle(c, opts.settleMs);
    record(name, a, (Date.now() - started) / 1000);
    assert.deepEqual(a.problems, [], `${name}: the invariants must hold`);
    assert.ok(a.orders > 0, `${name}: the scenario placed orders`);
    return a;
  } finally {
    await c.stop();
  }
}

export { auditNow };
