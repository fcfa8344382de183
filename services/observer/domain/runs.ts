// Which run of an id each record belongs to (attach.md, "Ids used again"): a record of a
// `starts` step for an id whose latest run has ended, or was stuck (no ending `timeoutMs` after
// its first record) when the record was stamped, begins a new run; any other record joins the
// latest run that began at or before its time. Pure: the store passes the runs it holds.
import type { ObservedRecord } from "./record";

export type RunState = { run: number; startedAt: Date; endedAt: Date | null };

/** Records of one id with their run; `runs` (ascending, as stored) is updated in place. */
export function assignRuns(
  records: readonly ObservedRecord[],
  runs: RunState[],
  timeoutMs: number,
): { record: ObservedRecord; run: number }[] {
  // A service restarted with its ids from 1 again leaves its unfinished instances stuck: their ids start afresh too.
  const over = (run: RunState, at: Date) =>
    run.endedAt !== null ? run.endedAt.getTime() <= at.getTime() : at.getTime() - run.startedAt.getTime() >= timeoutMs;
  const sorted = [...records].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.step?.ends ? 1 : 0) - (b.step?.ends ? 1 : 0),
  );
  return sorted.map((r) => {
    const latest = runs[runs.length - 1];
    let target: RunState;
    if (!latest) {
      target = { run: 1, startedAt: r.at, endedAt: null };
      runs.push(target);
    } else if (r.step?.starts && over(latest, r.at)) {
      target = { run: latest.run + 1, startedAt: r.at, endedAt: null };
      runs.push(target);
    } else {
      target = [...runs].reverse().find((x) => x.startedAt.getTime() <= r.at.getTime()) ?? runs[0]!;
    }
    if (r.at < target.startedAt) target.startedAt = r.at;
    if (r.step?.ends && (target.endedAt === null || r.at < target.endedAt)) target.endedAt = r.at;
    return { record: r, run: target.run };
  });
}
