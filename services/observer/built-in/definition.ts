// The built-in saga's definition: sagas/orders.json (the pages draw its map from the same file),
// read and validated as any definition file, held to the contract's topics and named `orders`.
import { physicalTopic, TopicNameSchema } from "../../../contracts";
import type { DefinitionIssue, SagaDefinition } from "../../../contracts/sagas";
import type { BundledDefinition } from "../application/extension";

export const BUILT_IN_FILE = "sagas/orders.json";
/** The saga's name in the observer's API: the gateway asks for it by this name too (server/gateway/built-in-saga.ts). */
export const BUILT_IN_NAME = "orders";

/** It names the contract's topics only; they are read under the deployment's prefix. */
export function builtInIssues(d: SagaDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  if (d.name !== BUILT_IN_NAME) issues.push({ field: "name", message: `must be ${BUILT_IN_NAME}` });
  if (d.eventId?.path !== "eventId")
    issues.push({ field: "eventId", message: "must be { path: eventId }: the envelope's eventId" });
  d.steps.forEach((s, i) => {
    if (!TopicNameSchema.safeParse(s.topic).success)
      issues.push({ field: `steps.${i}.topic`, message: `${s.topic} is not a topic of contracts/topics.ts` });
  });
  return issues;
}

export function withTopicPrefix(d: SagaDefinition, prefix: string): SagaDefinition {
  return { ...d, steps: d.steps.map((s) => ({ ...s, topic: physicalTopic(TopicNameSchema.parse(s.topic), prefix) })) };
}

export const builtInDefinition: BundledDefinition = {
  file: BUILT_IN_FILE,
  issues: builtInIssues,
  prepare: withTopicPrefix,
};
