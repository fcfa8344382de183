// Which graph edge an event runs along. In choreography a topic is an edge; in orchestration one
// topic carries several steps (stock-command take or restore, saga-reply with seven outcomes),
// so the edge is the topic plus what the event carries: "stock-command:take",
// "saga-reply:stock-decrease-fail". Also the saga mode a topic belongs to, and the choreography
// outcome a reply stands for (the ledger, node states and branches read those in both modes).
import type { AnyEnvelope } from "../contracts/envelope";
import type { PayloadOf, ReplyOutcome, SagaMode, TopicName } from "../contracts/topics";

export const COMMAND_TOPICS = [
  "stock-command",
  "balance-command",
  "notification-command",
] as const satisfies readonly TopicName[];
export const REPLY_TOPIC = "saga-reply" satisfies TopicName;
export const ORCHESTRATION_TOPICS: readonly TopicName[] = [...COMMAND_TOPICS, REPLY_TOPIC];

/** Every orchestration edge: the commands' variants and the reply's outcomes. */
export const ORCHESTRATION_EDGE_IDS = [
  "stock-command:take",
  "stock-command:restore",
  "balance-command:charge",
  "balance-command:refund",
  "notification-command:completed",
  "notification-command:cancelled",
  "saga-reply:stock-decrease",
  "saga-reply:stock-decrease-fail",
  "saga-reply:stock-restore",
  "saga-reply:pay-complete",
  "saga-reply:pay-fail",
  "saga-reply:pay-refund",
  "saga-reply:notification-send",
] as const satisfies readonly `${TopicName}:${string}`[];
export type OrchestrationEdgeId = (typeof ORCHESTRATION_EDGE_IDS)[number];
export type ChoreographyTopic = Exclude<TopicName, "saga-dlq" | (typeof COMMAND_TOPICS)[number] | typeof REPLY_TOPIC>;
export type EdgeId = ChoreographyTopic | OrchestrationEdgeId;

type Event = Pick<AnyEnvelope, "type" | "payload">;

/** The edge an event runs along; null for a dead letter (it has no edge). */
export function edgeIdOf(e: Event): EdgeId | null {
  const { type, payload } = e as AnyEnvelope;
  switch (type) {
    case "saga-dlq":
      return null;
    case "stock-command":
    case "balance-command":
      return `${type}:${payload.action}` as EdgeId;
    case "notification-command":
      return `${type}:${payload.orderStatus === "COMPLETED" ? "completed" : "cancelled"}`;
    case "saga-reply":
      return `${type}:${payload.outcome}`;
    default:
      return type;
  }
}

/** An edge's name in words, as stepName() names its events: "stock-command (take)". */
export function edgeName(id: EdgeId): string {
  const at = id.indexOf(":");
  return at < 0 ? id : `${id.slice(0, at)} (${id.slice(at + 1)})`;
}

export function edgeTopic(id: EdgeId): Exclude<TopicName, "saga-dlq"> {
  return id.split(":")[0] as Exclude<TopicName, "saga-dlq">;
}

/** Orchestration's topics are its own; saga-dlq belongs to both (null). */
export function topicMode(topic: TopicName): SagaMode | null {
  if (topic === "saga-dlq") return null;
  return ORCHESTRATION_TOPICS.includes(topic) ? "orchestration" : "choreography";
}

/** The mode of an order from its events: orchestration as soon as one of its topics shows. */
export function modeOfEvents(events: readonly { topic: TopicName }[]): SagaMode {
  return events.some((e) => topicMode(e.topic) === "orchestration") ? "orchestration" : "choreography";
}

export type Outcome = { [T in ReplyOutcome]: { type: T; payload: PayloadOf<T> } }[ReplyOutcome];

/**
 * What a participant did, in choreography's words: a choreography event is itself, a reply is its
 * outcome and result. Commands, order-create/-complete/-cancel and dead letters did nothing of
 * the sort (null).
 */
export function outcomeOf(e: Event): Outcome | null {
  const env = e as AnyEnvelope;
  if (env.type === "saga-reply") return { type: env.payload.outcome, payload: env.payload.result } as Outcome;
  switch (env.type) {
    case "stock-decrease":
    case "stock-decrease-fail":
    case "stock-restore":
    case "pay-complete":
    case "pay-fail":
    case "pay-refund":
    case "notification-send":
      return { type: env.type, payload: env.payload } as Outcome;
    default:
      return null;
  }
}
