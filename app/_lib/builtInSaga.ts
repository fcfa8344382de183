// The built-in saga as its definition describes it (sagas/orders.json, the file the observer
// watches as `orders`), parsed with the contract's schema when the module loads. Each step is an
// edge of its mode's map: in choreography the edge is the topic, in orchestration the topic and
// the variant the step matches (eventEdges.ts), so "stock-command-take" runs along
// "stock-command:take" and "reply-pay-fail" along "saga-reply:pay-fail".
import definitionFile from "../../sagas/orders.json";
import { SagaDefinition, singleCondition, type StepDefinition, type StepKind } from "../../contracts/sagas";
import { SERVICES, TopicNameSchema, type SagaMode, type ServiceName } from "../../contracts/topics";
import { ORCHESTRATION_EDGE_IDS, topicMode, type EdgeId } from "../../shared/eventEdges";

export const BUILT_IN_SAGA: SagaDefinition = SagaDefinition.parse(definitionFile);

/** What a step says of its edge; the drawing (bends, places, words) is the layout's. */
export type StepEdge = {
  step: string;
  id: EdgeId;
  mode: SagaMode;
  from: ServiceName;
  /** The first service that consumes it; null when none does (`to: []`). */
  to: ServiceName | null;
  kind: StepKind;
};

const isService = (id: string): id is ServiceName => (SERVICES as readonly string[]).includes(id);

function service(where: string, id: string): ServiceName {
  if (!isService(id)) throw new Error(`built-in saga, ${where}: ${id} is not a service of contracts/topics.ts`);
  return id;
}

/** The edge of one step of the built-in saga; throws on a step the contract has no edge for. */
export function stepEdge(step: StepDefinition): StepEdge {
  const topic = TopicNameSchema.safeParse(step.topic);
  const mode = topic.success ? topicMode(topic.data) : null;
  if (!topic.success || !mode)
    throw new Error(`built-in saga, step ${step.id}: ${step.topic} is not a saga topic of contracts/topics.ts`);
  let id: string = topic.data;
  if (mode === "orchestration") {
    const variant = singleCondition(step.match);
    if (!variant)
      throw new Error(
        `built-in saga, step ${step.id}: an orchestration step needs a match of one condition (its variant)`,
      );
    id = `${topic.data}:${String(variant.equals).toLowerCase()}`;
    if (!(ORCHESTRATION_EDGE_IDS as readonly string[]).includes(id))
      throw new Error(`built-in saga, step ${step.id}: ${id} is not an edge of shared/eventEdges.ts`);
  } else if (step.match) {
    throw new Error(`built-in saga, step ${step.id}: a choreography topic is one step, it needs no match`);
  }
  const first = step.to?.[0];
  return {
    step: step.id,
    id: id as EdgeId,
    mode,
    from: service(`step ${step.id}, from`, step.from),
    to: first === undefined ? null : service(`step ${step.id}, to`, first),
    kind: step.kind,
  };
}

/** The services in the definition's order, each with its label; every service of the contract once. */
export function servicesOf(definition: SagaDefinition): { id: ServiceName; label: string }[] {
  const services = definition.services.map((s) => ({ id: service("services", s.id), label: s.label ?? s.id }));
  const missing = SERVICES.filter((id) => !services.some((s) => s.id === id));
  if (missing.length > 0) throw new Error(`built-in saga: services lack ${missing.join(", ")}`);
  return services;
}
