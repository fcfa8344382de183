// Orchestration mode for a participant: a command is read as the event choreography would have
// delivered, the same use case runs on it, and the event that use case publishes goes back to
// the orchestrator on saga-reply instead of to its own topic. No business rule is copied.
import {
  REPLY_OUTCOMES,
  type Envelope,
  type NewEvent,
  type PayloadOf,
  type ReplyOutcome,
  type TopicName,
} from "../../../contracts";
import { SagaError } from "../errors";
import type { HandlerDeps, InboxTx, OutgoingEvent } from "./inbox";

const isOutcome = (t: TopicName): t is ReplyOutcome => (REPLY_OUTCOMES as readonly TopicName[]).includes(t);

/** The reply carrying what the use case would have published. */
export function toReply(event: NewEvent<TopicName>): NewEvent<"saga-reply"> {
  if (!isOutcome(event.type))
    throw new SagaError("INTERNAL", `a participant cannot answer a command with ${event.type}`);
  return {
    ...event,
    type: "saga-reply",
    payload: { outcome: event.type, result: event.payload } as PayloadOf<"saga-reply">,
  };
}

/** The same deps, whose transactions send the use case's events as replies. */
export function replyingDeps<Tx extends InboxTx>(deps: HandlerDeps<Tx>): HandlerDeps<Tx> {
  const replying = (tx: Tx): Tx => ({
    ...tx,
    enqueue: (event, headers, traceparent) => tx.enqueue(toReply(event), headers, traceparent),
    enqueueAll: (events: OutgoingEvent[]) => tx.enqueueAll(events.map((e) => ({ ...e, event: toReply(e.event) }))),
  });
  return { ...deps, uow: { run: (fn) => deps.uow.run((tx) => fn(replying(tx))) } };
}

/** A command read as the event choreography would deliver: same id, order, cause and time, so the inbox dedupes it as itself. */
export function asEvent<T extends TopicName>(command: Envelope, type: T, payload: PayloadOf<T>): Envelope<T> {
  return { ...command, type, payload } as Envelope<T>;
}

/** Consecutive runs of deliveries of the same kind, in delivery order (a take and its later restore stay in order). */
export function runsBy<D>(deliveries: D[], kind: (d: D) => string): { kind: string; items: D[] }[] {
  const out: { kind: string; items: D[] }[] = [];
  for (const d of deliveries) {
    const k = kind(d);
    const last = out.at(-1);
    if (last && last.kind === k) last.items.push(d);
    else out.push({ kind: k, items: [d] });
  }
  return out;
}
