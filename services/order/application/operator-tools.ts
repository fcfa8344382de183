// The operator's tools that publish on the saga's topics (saga.md, operator API): re-publish a
// dead letter to the topic it came from, publish a duplicate of an event of the saga (the web
// origin finds it in the saga observer's records and hands it over), and publish a poison message. Each goes through the outbox, in a transaction, like any event.
import { randomUUID } from "node:crypto";
import { logicalTopic, type AnyEnvelope, type TopicName } from "../../../contracts";
import type { HandlerDeps } from "../../kit/application/inbox";
import { SagaError } from "../../kit/errors";
import type { OrderTx } from "./ports";

type Deps = HandlerDeps<OrderTx>;

/** The original goes back to its topic as it was, with its own eventId: consumers dedupe a second copy. */
export async function republishDeadLetter(deps: Deps, dlqEventId: string): Promise<string> {
  const detail = await deps.uow.run(async (tx) => {
    const found = await tx.deadLetter(dlqEventId);
    if (!found) throw new SagaError("NOT_FOUND", `no dead letter ${dlqEventId}`);
    const { sourceTopic, key, original } = found.envelope.payload;
    const topic = logicalTopic(sourceTopic);
    if (!topic) throw new SagaError("CONFLICT", `the dead letter's topic ${sourceTopic} is not a saga topic`);
    await tx.enqueueRecord({ topic, key: key ?? found.orderId, value: original });
    await tx.markRepublished(dlqEventId);
    return `re-published to ${topic}`;
  });
  deps.published();
  return detail;
}

/** The same record (same eventId) is published again to its topic. */
export async function duplicateEvent(deps: Deps, event: AnyEnvelope): Promise<string> {
  if (event.type === "saga-dlq") throw new SagaError("CONFLICT", "a dead letter is re-published, not duplicated");
  await deps.uow.run((tx) => tx.enqueueRecord({ topic: event.type, key: event.orderId, value: JSON.stringify(event) }));
  deps.published();
  return `a duplicate of ${event.eventId} was published to ${event.type}`;
}

/** A record that is not a saga envelope: the topic's consumers must dead-letter it and move on. */
export async function publishPoison(deps: Deps, topic: TopicName): Promise<string> {
  const key = `poison-${randomUUID()}`;
  await deps.uow.run((tx) => tx.enqueueRecord({ topic, key, value: `{"poison": "${key}", "this is": not JSON` }));
  deps.published();
  return `poison ${key} was published to ${topic}`;
}
