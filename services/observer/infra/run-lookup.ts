// Runs of ids used again (attach.md, "Ids used again"), for a saga with a `starts` step: the
// batch's ids' rows are locked (in id order, so concurrent transactions of a group's observers
// cannot deadlock), their runs read, and each record given its run by the pure rule in
// domain/runs.ts. Two transactions that both begin run N of a new id merge in its row.
import type { Sql } from "../../kit/db/sql";
import type { ObservedRecord } from "../domain/record";
import { assignRuns, type RunState } from "../domain/runs";

export async function withRuns(
  tx: Sql,
  saga: string,
  records: readonly ObservedRecord[],
  timeoutMs: number,
): Promise<ObservedRecord[]> {
  const byId = new Map<string, ObservedRecord[]>();
  for (const r of records) if (r.instanceId !== null) byId.set(r.instanceId, [...(byId.get(r.instanceId) ?? []), r]);
  if (byId.size === 0) return [...records];
  const ids = [...byId.keys()].sort();
  // Locks the ids' rows (in id order); a transaction that waited here reads again below, in a
  // fresh snapshot, and sees a run another one began meanwhile.
  await tx.query(`SELECT 1 FROM saga_instances WHERE saga = $1 AND id = ANY($2::text[]) ORDER BY id, run FOR UPDATE`, [
    saga,
    ids,
  ]);
  const { rows } = await tx.query<{ id: string; run: number; started_at: Date; ended_at: Date | null }>(
    `SELECT id, run, started_at, ended_at FROM saga_instances WHERE saga = $1 AND id = ANY($2::text[]) ORDER BY id, run`,
    [saga, ids],
  );
  const runs = new Map<string, RunState[]>();
  for (const r of rows)
    runs.set(r.id, [...(runs.get(r.id) ?? []), { run: r.run, startedAt: r.started_at, endedAt: r.ended_at }]);
  const out = records.filter((r) => r.instanceId === null);
  for (const [id, list] of byId) {
    for (const { record, run } of assignRuns(list, runs.get(id) ?? [], timeoutMs))
      out.push(run === record.run ? record : { ...record, run });
  }
  return out;
}
