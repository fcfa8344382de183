// The map of a watched saga (attach.md) as plain data for LayeredSagaGraph: its services as nodes
// and each step as one labelled junction between its publisher and all its consumers (one label
// per step, however many consume it), labelled with the step id and how many records it saw
// (or, on an instance's journey, its step numbers). A step nobody consumes runs to an "outside"
// node. Where things sit is worked out by ELK (layout/sagaLayout.ts), not here.
import type { SagaInstanceView, SagaStepView, SagaSummary } from "../../contracts/sagas";
import { KIND_WORD, type NodeModel, type Tone } from "./graphModel";
import type { EdgeKind } from "./topology";

export const OUTSIDE = "(outside)";
const OUTSIDE_LABEL = "Outside (no consumer)";

/** The fields attach.md's "Additions" put on a step; older observers leave them out. */
type StepAdditions = { branch?: string | null; after?: string[]; starts?: boolean };
export type SagaStep = SagaStepView & StepAdditions;

export type StepModel = {
  id: string;
  topic: string;
  from: string;
  /** Its consumers, or [OUTSIDE] when nobody consumes it. */
  to: string[];
  kind: EdgeKind;
  inferred: boolean;
  branch: string | null;
  after: string[];
  starts: boolean;
  /** Line thickness of its arrows. */
  width: number;
  label: string;
  /** Live counts change every poll: the layout sizes the label for this text so nothing moves. */
  sizeLabel: string;
  /** Journey: taken or not; live map: null. */
  taken: boolean | null;
  ariaLabel: string;
};

export type SagaMapModel = { nodes: NodeModel[]; steps: StepModel[] };

const kindWord = (s: SagaStepView) => (s.kind === "forward" ? "" : ` (${KIND_WORD[s.kind]})`);

function titleOf(saga: SagaSummary, id: string): string {
  return id === OUTSIDE ? OUTSIDE_LABEL : (saga.services.find((s) => s.id === id)?.label ?? id);
}

function words(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The services in the definition's order, then any a step names that the list left out. */
function serviceIds(saga: SagaSummary): string[] {
  const ids = saga.services.map((s) => s.id);
  for (const s of saga.steps) for (const id of [s.from, ...s.to]) if (!ids.includes(id)) ids.push(id);
  if (saga.steps.some((s) => s.to.length === 0)) ids.push(OUTSIDE);
  return ids;
}

type NodeState = { state: string; tone: Tone; facts: NodeModel["facts"] };

function serviceNodes(saga: SagaSummary, state: (id: string) => NodeState): NodeModel[] {
  return serviceIds(saga).map((id) => {
    const title = titleOf(saga, id);
    const s = state(id);
    return { id, title, ...s, ariaLabel: `${title}: ${s.state}` };
  });
}

function stepBase(s: SagaStep) {
  return {
    id: s.id,
    topic: s.topic,
    from: s.from,
    to: s.to.length ? s.to : [OUTSIDE],
    kind: s.kind,
    inferred: s.toInferred,
    branch: s.branch ?? null,
    after: s.after ?? [],
    starts: s.starts ?? false,
  };
}

const route = (saga: SagaSummary, s: SagaStep) =>
  `from ${titleOf(saga, s.from)} to ${words((s.to.length ? s.to : [OUTSIDE]).map((t) => titleOf(saga, t)))}`;

/** The live map: each step labelled `step-id · seen`. */
export function liveSagaMap(saga: SagaSummary, seen: Record<string, number>): SagaMapModel {
  const max = Math.max(0, ...Object.values(seen));
  const steps = saga.steps.map((s: SagaStep): StepModel => {
    const n = seen[s.id] ?? 0;
    const name = `${s.id}${s.toInferred ? " (inferred)" : ""}`;
    return {
      ...stepBase(s),
      width: max > 0 ? 1.5 + (4.5 * n) / max : 1.5,
      label: `${name} · ${n}`,
      sizeLabel: `${name} · ${"8".repeat(Math.max(5, String(n).length))}`,
      taken: null,
      ariaLabel: `${s.id}${kindWord(s)}: ${s.topic}, ${route(saga, s)}${s.toInferred ? ", consumer inferred" : ""}, ${n} records`,
    };
  });
  const published = (id: string) =>
    saga.steps.filter((s) => s.from === id).reduce((sum, s) => sum + (seen[s.id] ?? 0), 0);
  const nodes = serviceNodes(saga, (id) => {
    const n = published(id);
    return {
      state: id === OUTSIDE ? "not watched" : `${n} ${n === 1 ? "record" : "records"} published`,
      tone: n > 0 ? "ok" : "idle",
      facts: [],
    };
  });
  return { nodes, steps };
}

/** One instance's journey: the steps it took numbered on their labels, the others greyed. */
export function instanceSagaMap(saga: SagaSummary, instance: SagaInstanceView): SagaMapModel {
  const numbers = new Map<string, number[]>();
  instance.steps.forEach((r, i) => r.step && numbers.set(r.step, [...(numbers.get(r.step) ?? []), i + 1]));
  const steps = saga.steps.map((s: SagaStep): StepModel => {
    const ns = numbers.get(s.id) ?? [];
    const taken = ns.length > 0;
    const label = taken ? `${ns.map((n) => `#${n}`).join(" ")} ${s.id}` : s.id;
    return {
      ...stepBase(s),
      width: taken ? 4 : 1.5,
      label,
      sizeLabel: label,
      taken,
      ariaLabel: `${s.id}${kindWord(s)}: ${taken ? `step ${ns.join(" and ")}, taken` : "not taken"}`,
    };
  });
  const nodes = serviceNodes(saga, (id) => {
    const at = instance.steps.flatMap((r, i) =>
      r.from === id || (id !== OUTSIDE && r.to.includes(id)) ? [i + 1] : [],
    );
    return at.length
      ? { state: "reached", tone: "ok", facts: [{ label: at.length > 1 ? "steps" : "step", value: at.join(", ") }] }
      : { state: "not reached", tone: "muted", facts: [] };
  });
  return { nodes, steps };
}
