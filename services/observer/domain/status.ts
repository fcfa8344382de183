// An instance's status (attach.md, "What an instance is"): its ending once one arrived, else
// STUCK when its first record is older than the saga's timeoutMs, else RUNNING. Pure.
import type { SagaEnding, SagaInstanceStatus, StepDefinition } from "../../../contracts/sagas";

export function instanceStatus(
  i: { ending: SagaEnding | null; startedAt: Date },
  now: Date,
  timeoutMs: number,
): SagaInstanceStatus {
  if (i.ending) return i.ending;
  return now.getTime() - i.startedAt.getTime() >= timeoutMs ? "STUCK" : "RUNNING";
}

/** The first-record time before which an instance without an ending is STUCK (for queries). */
export const stuckBefore = (now: Date, timeoutMs: number): Date => new Date(now.getTime() - timeoutMs);

/** The saga's branches (attach.md, "Branches") that no record of the instance is in yet, in file order. */
export function waitingFor(steps: readonly StepDefinition[], records: readonly { step: string | null }[]): string[] {
  const seen = new Set(records.map((r) => r.step));
  const branches = [...new Set(steps.flatMap((s) => (s.branch === undefined ? [] : [s.branch])))];
  return branches.filter((b) => !steps.some((s) => s.branch === b && seen.has(s.id)));
}
