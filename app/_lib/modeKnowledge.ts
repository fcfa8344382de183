// What each service must know in each saga mode, derived from the contracts (topicProducer) and
// the services' consumed topics (topology.ts): the topics it reads and writes, and the other
// services it depends on. A service must know whose events it reacts to; in orchestration the
// orchestrator must also know whom each command goes to (a command is addressed, an event is not).
import {
  SAGA_MODES,
  SERVICES,
  TOPICS,
  producesTopic,
  topicProducer,
  type SagaMode,
  type ServiceName,
  type TopicName,
} from "../../contracts/topics";
import { COMMAND_TOPICS, ORCHESTRATION_TOPICS } from "../../shared/eventEdges";
import { INPUT_TOPICS } from "../../contracts/consumed-topics";

export type Dependency = { service: ServiceName; why: string };

export type ServiceKnowledge = {
  service: ServiceName;
  consumes: TopicName[];
  publishes: TopicName[];
  mustKnow: Dependency[];
};

/** The saga topics a mode uses: orchestration's commands and reply, choreography's events (never the DLQ, which no service owns). */
export function modeTopics(mode: SagaMode): TopicName[] {
  const orchestration = new Set<TopicName>(ORCHESTRATION_TOPICS);
  return TOPICS.filter((t) => topicProducer[t] !== null && orchestration.has(t) === (mode === "orchestration"));
}

const producersOf = (topic: TopicName) => SERVICES.filter((s) => producesTopic(s, topic));
const consumersOf = (topic: TopicName) => SERVICES.filter((s) => INPUT_TOPICS[s].includes(topic));
const isCommand = (topic: TopicName) => (COMMAND_TOPICS as readonly TopicName[]).includes(topic);

export function serviceKnowledge(mode: SagaMode, service: ServiceName): ServiceKnowledge {
  const topics = modeTopics(mode);
  const consumes = topics.filter((t) => INPUT_TOPICS[service].includes(t));
  const publishes = topics.filter((t) => producesTopic(service, t));
  const why = new Map<ServiceName, string[]>();
  const note = (other: ServiceName, text: string) => {
    if (other !== service) why.set(other, [...(why.get(other) ?? []), text]);
  };
  for (const t of consumes) for (const p of producersOf(t)) note(p, `reads its ${t}`);
  for (const t of publishes.filter(isCommand)) for (const c of consumersOf(t)) note(c, `sends it ${t}`);
  const mustKnow = SERVICES.filter((s) => why.has(s)).map((s) => ({ service: s, why: why.get(s)!.join(", ") }));
  return { service, consumes, publishes, mustKnow };
}

export type ModeKnowledge = {
  mode: SagaMode;
  services: ServiceKnowledge[];
  /** Service-to-service dependencies in all (A must know B counts once per ordered pair). */
  dependencies: number;
  /** The services every other one depends on, if any (orchestration: the orchestrator). */
  hubs: ServiceName[];
};

export function modeKnowledge(mode: SagaMode): ModeKnowledge {
  const services = SERVICES.map((s) => serviceKnowledge(mode, s));
  const hubs = SERVICES.filter((h) =>
    services.every((k) => k.service === h || k.mustKnow.some((d) => d.service === h)),
  );
  return { mode, services, dependencies: services.reduce((n, k) => n + k.mustKnow.length, 0), hubs };
}

export const KNOWLEDGE: Record<SagaMode, ModeKnowledge> = Object.fromEntries(
  SAGA_MODES.map((m) => [m, modeKnowledge(m)]),
) as Record<SagaMode, ModeKnowledge>;
