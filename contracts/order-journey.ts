// The built-in saga's journey (GET /api/orders/:id's `steps`) from the saga observer's records
// of the order (services/observer, the built-in saga; the key is the orderId) and the order
// service's own dead letters: each record read as a step (record-step.ts), one step per event
// in the order the events occurred, and the records folded away as duplicates beside them, so a
// reloaded page counts the same duplicates as the live one did.
import type { OrderView, SagaStep } from "./api";
import { foldSteps, recordStep } from "./record-step";
import type { InstanceRecord } from "./sagas/api";

/** The order as GET /api/orders/:id answers it: `steps` one per event, `duplicateRecords` the other records of those events. */
export type OrderJourneyView = OrderView & { duplicateRecords?: SagaStep[] };

const byOccurrence = (a: SagaStep, b: SagaStep) =>
  a.occurredAt.localeCompare(b.occurredAt) ||
  a.brokerTimestamp.localeCompare(b.brokerTimestamp) ||
  a.eventId.localeCompare(b.eventId);

/** The order's steps from the observer's records and the dead letters, and the records that were copies of them. */
export function journeySteps(
  orderId: string,
  records: readonly InstanceRecord[],
  topicPrefix: string,
  deadLetters: readonly SagaStep[] = [],
): { steps: SagaStep[]; duplicates: SagaStep[] } {
  const read = records.flatMap((r) => {
    const step = recordStep(r, topicPrefix);
    return step && step.envelope.orderId === orderId ? [step] : [];
  });
  const { unique, duplicates } = foldSteps([...read, ...deadLetters]);
  return { steps: unique.sort(byOccurrence), duplicates: duplicates.sort(byOccurrence) };
}

/** The order with every record of its journey in `steps`, the duplicates folded in again (the journey and the trace fold them). */
export function withDuplicateRecords({ duplicateRecords = [], ...view }: OrderJourneyView): OrderView {
  return { ...view, steps: [...view.steps, ...duplicateRecords] };
}
