// The comparison of what the observer serves with the truth the test kept: GET /sagas/:name
// (counts by status, seen per step, the record counters), the instance lists of each status, a
// spread sample of instance views record by record, and every instance and record as stored.
import assert from "node:assert/strict";
import type { SagaDetail, SagaInstanceSummary, SagaInstanceView } from "../../contracts/sagas";
import { until } from "./cluster";
import { recordKey, type Truth } from "./observer-truth";
import type { World } from "./observer-world";

/** Instance views fetched one by one (spread over the whole run, first and last included). */
const SAMPLE = 150;
/** At most what GET /sagas/:name/instances gives per request. */
const LIST_LIMIT = 1000;

const sorted = (list: string[]) => [...list].sort();

export async function compare(w: World, truth: Truth): Promise<{ instances: number; sampled: number }> {
  const name = w.saga.name;
  // An instance without its ending turns STUCK TIMEOUT_MS after its first record.
  const detail = await until(async () => {
    const d = await w.api<SagaDetail>(`/sagas/${name}`);
    return d.counts.RUNNING === 0 ? d : null;
  }, "every instance without an ending to be STUCK");
  const expected = {
    counts: truth.counts(),
    seen: Object.fromEntries(Object.keys(detail.seen).map((s) => [s, truth.seen.get(s) ?? 0])),
    unmatched: truth.unmatched,
    uncorrelated: Object.fromEntries(truth.uncorrelated),
    records: { total: truth.records, notJson: truth.notJson, notDecodable: 0, oversized: 0, matchCut: 0 },
  };
  const served = {
    counts: detail.counts,
    seen: detail.seen,
    unmatched: detail.unmatched,
    uncorrelated: detail.uncorrelated,
    records: detail.records,
  };
  assert.deepEqual(served, expected, "GET /sagas/:name: counts, seen, counters as produced (none twice)");

  for (const [status, n] of Object.entries(expected.counts)) {
    if (n === 0) continue;
    const list = await w.api<SagaInstanceSummary[]>(`/sagas/${name}/instances?status=${status}&limit=${LIST_LIMIT}`);
    assert.equal(list.length, Math.min(n, LIST_LIMIT), `instances listed as ${status}`);
    const wrong = list.filter((i) => {
      const t = truth.instances.get(i.id);
      return !t || t.status !== status || i.run !== 1 || i.steps !== t.steps.length;
    });
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of the ${status} list differ from the truth`);
  }

  const ids = [...truth.instances.keys()];
  const sample = [
    ...new Set(Array.from({ length: SAMPLE }, (_, j) => ids[Math.round((j * (ids.length - 1)) / (SAMPLE - 1))]!)),
  ];
  for (const id of sample) {
    const t = truth.instances.get(id)!;
    const v = await w.api<SagaInstanceView>(`/sagas/${name}/instances/${encodeURIComponent(id)}`);
    assert.deepEqual(
      { status: v.status, records: sorted(v.steps.map(recordKey)) },
      { status: t.status, records: sorted(t.records) },
      `instance ${id}: its status and records`,
    );
  }

  await everyInstanceStored(w, truth);
  return { instances: ids.length, sampled: sample.length };
}

/** Every instance's row and records as the observer stored them (the API lists at most 1,000 at a time). */
async function everyInstanceStored(w: World, truth: Truth): Promise<void> {
  const ending = { COMPLETED: "COMPLETED", FAILED: "FAILED", COMPENSATED: "COMPENSATED" } as Record<string, string>;
  const { rows } = await w.db.query<{ id: string; run: number; ending: string | null; records: number; kept: string }>(
    `SELECT i.id, i.run, i.ending, i.records, r.kept
     FROM saga_instances i LEFT JOIN (
       SELECT instance_id, run, string_agg(k, ',' ORDER BY k COLLATE "C") AS kept
       FROM (SELECT instance_id, run, coalesce(step, '-') || ':' || coalesce(value->>'type', '') AS k
             FROM saga_records WHERE saga = $1) x
       GROUP BY instance_id, run
     ) r ON r.instance_id = i.id AND r.run = i.run
     WHERE i.saga = $1`,
    [w.saga.name],
  );
  const dupes = await w.db.query<{ n: string }>(
    `SELECT count(*) - count(DISTINCT (topic, "partition", "offset")) AS n FROM saga_records WHERE saga = $1`,
    [w.saga.name],
  );
  assert.equal(Number(dupes.rows[0]!.n), 0, "no record stored twice");
  const problems: string[] = [];
  const found = new Set<string>();
  for (const r of rows) {
    found.add(r.id);
    const t = truth.instances.get(r.id);
    if (!t) {
      problems.push(`${r.id}: not produced`);
      continue;
    }
    const kept = t.records
      .map((k) => JSON.parse(k) as { step: string | null; value: { type?: string } })
      .map((k) => `${k.step ?? "-"}:${k.value.type ?? ""}`)
      .sort()
      .join(",");
    const want = { run: 1, ending: ending[t.status] ?? null, records: t.steps.length, kept };
    const got = { run: r.run, ending: r.ending, records: r.records, kept: r.kept };
    if (JSON.stringify(got) !== JSON.stringify(want))
      problems.push(`${r.id}: stored ${JSON.stringify(got)}, produced ${JSON.stringify(want)}`);
  }
  for (const id of truth.instances.keys()) if (!found.has(id)) problems.push(`${id}: produced, not stored`);
  assert.deepEqual(problems.slice(0, 10), [], `${problems.length} of ${truth.instances.size} instances differ`);
}
