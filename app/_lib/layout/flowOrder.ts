// Which way records flow through a watched saga, for the layered layout: a rank per service
// (0 where the saga starts, then further right for each service its records reach) and a lane
// per node (one per branch, so branches run side by side). ELK lays the map out; these only
// tell it the order to respect.
import type { SagaMapModel, StepModel } from "../sagaMap";

export type FlowOrder = {
  /** Per service (and the outside node): 0 for where the saga starts, higher further along. */
  rank: Map<string, number>;
  /** The lanes top to bottom: branch names, and null for the steps of no branch. */
  lanes: (string | null)[];
  /** Per service, and per step id: its lane's index in `lanes`. */
  serviceLane: Map<string, number>;
  stepLane: Map<string, number>;
};

/**
 * Ranks from an acyclic choice of the steps' from → to pairs: the steps that start the saga,
 * then the other forward steps, then failures and compensations, each in the file's order, each
 * kept only if it closes no cycle (a reply to an earlier service, a failure or a compensation
 * runs back); then each service is one past the furthest service feeding it.
 */
function ranks(services: string[], steps: StepModel[]): Map<string, number> {
  const weight = (s: StepModel) => (s.starts ? 0 : s.kind === "forward" ? 1 : 2);
  const pairs = steps
    .flatMap((s, i) => s.to.map((to) => ({ from: s.from, to, w: weight(s), i })))
    .sort((a, b) => a.w - b.w || a.i - b.i);
  const next = new Map<string, Set<string>>(services.map((s) => [s, new Set()]));
  const reaches = (a: string, b: string, seen = new Set<string>()): boolean =>
    a === b || [...(next.get(a) ?? [])].some((n) => !seen.has(n) && (seen.add(n), reaches(n, b, seen)));
  for (const p of pairs) if (!reaches(p.to, p.from)) next.get(p.from)?.add(p.to);
  const rank = new Map<string, number>();
  const rankOf = (id: string, stack: Set<string>): number => {
    if (rank.has(id)) return rank.get(id)!;
    stack.add(id);
    const feeders = services.filter((f) => next.get(f)?.has(id) && !stack.has(f));
    const r = feeders.length ? Math.max(...feeders.map((f) => rankOf(f, stack) + 1)) : 0;
    stack.delete(id);
    rank.set(id, r);
    return r;
  };
  services.forEach((s) => rankOf(s, new Set()));
  return rank;
}

/** The one branch of all the steps a service publishes, if they name exactly one. */
function serviceBranch(id: string, steps: StepModel[]): string | null {
  const names = new Set(steps.filter((s) => s.from === id && s.branch).map((s) => s.branch));
  return names.size === 1 ? [...names][0]! : null;
}

export function flowOrder(model: SagaMapModel): FlowOrder {
  const services = model.nodes.map((n) => n.id);
  const branches = [...new Set(model.steps.flatMap((s) => (s.branch ? [s.branch] : [])))];
  // Steps of no branch (the fork, the join) run in the middle lane, between the branches.
  const lanes: (string | null)[] = [
    ...branches.slice(0, Math.ceil(branches.length / 2)),
    null,
    ...branches.slice(Math.ceil(branches.length / 2)),
  ];
  const branchOf = new Map(services.map((id) => [id, serviceBranch(id, model.steps)]));
  const stepLane = new Map<string, number>();
  for (const s of model.steps) {
    // A step of no branch goes with its publisher's branch, or that of all its consumers.
    const consumers = new Set(s.to.map((t) => branchOf.get(t) ?? null));
    const ofConsumers = consumers.size === 1 ? [...consumers][0]! : null;
    stepLane.set(s.id, lanes.indexOf(s.branch ?? branchOf.get(s.from) ?? ofConsumers));
  }
  const serviceLane = new Map(services.map((id) => [id, lanes.indexOf(branchOf.get(id) ?? null)]));
  return { rank: ranks(services, model.steps), lanes, serviceLane, stepLane };
}
