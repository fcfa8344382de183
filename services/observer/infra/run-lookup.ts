// Runs of ids used again (attach.md, "Ids used again"), for a saga with a `starts` step: the
// batch's ids are locked (advisory locks, in id order, so concurrent transactions of a group's
// observers cannot deadlock and the second sees the first's new run), their runs read, and each
// record given its run by the pure rule in domain/runs.ts.
import type { Sql } from "../../kit/db/sql";
import type { ObservedRecord } from "../domain/record";
import { assignRuns, type RunState } from "../domain/runs";

export async function withRuns(tx: Sql, saga: string, records: readonly ObservedRecord[], timeoutMs: number): Promise<ObservedRecord[]> {
  const byId = new Map<string, ObservedRecord[]>();
  for (const r of records) if (r.instanceId !== null) byId.set(r.instanceId, [...(byId.get(r.instanceId) ?? []), r]);
  if (byId.size === 0) return [...records];
  const ids = [...byId.keys()].sort();
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || u.id, 0)) FROM (SELECT id FROM unnest($2::text[]) AS id ORDER BY id) AS u`, [saga, ids]);
  const { rows } = await tx.query<{ id: string; run: number; started_at: Date; ended_at: Date | null }>(
    `SELECT id, run, started_at, ended_at FROM saga_instances WHERE saga = $1 AND id = ANY($2::text[]) ORDER BY id, run`,
    [saga, ids],
  );
  const runs = new Map<string, RunState[]>();
  for (const r of rows) runs.set(r.id, [...(runs.get(r.id) ?? []), { run: r.run, startedAt: r.started_at, endedAt: r.ended_at }]);
  const out = records.filter((r) => r.instanceId === null);
  for (const [id, list] of byId) {
    for (const { record, run } of assignRuns(list, runs.get(id) ?? [], timeoutMs)) out.push(run === record.run ? record : { ...record, run });
  }
  return out;
}
