// Calls a consumer group's handlers for a run of deliveries inside the caller's transaction. A
// topic's handler takes one event at a time, or (`many`) a whole run of that topic's events at
// once, so a use case can read and write a fetched batch with a few set-based statements.
import type { Envelope, TopicName } from "../../../contracts";
import type { MessageContext } from "./message";

export type Delivery<T extends TopicName = TopicName> = { event: Envelope<T>; ctx: MessageContext };
export type EachHandler<T extends TopicName> = (event: Envelope<T>, ctx: MessageContext) => Promise<void>;
export type ManyHandler<T extends TopicName> = { many: (deliveries: Delivery<T>[]) => Promise<void> };
export type TopicHandlers = { [T in TopicName]?: EachHandler<T> | ManyHandler<T> };

/** Where a run of deliveries failed: the failing call began at delivery `at` and held `size` of them. */
export class DispatchFailure extends Error {
  constructor(
    readonly at: number,
    readonly size: number,
    readonly error: unknown,
  ) {
    super("handler failed", { cause: error });
  }
}

/** Runs of consecutive deliveries that go to one handler call. */
function runs(handlers: TopicHandlers, deliveries: Delivery[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < deliveries.length;) {
    const topic = deliveries[i]!.ctx.topic;
    let end = i + 1;
    if (typeof handlers[topic] !== "function")
      while (end < deliveries.length && deliveries[end]!.ctx.topic === topic) end++;
    out.push({ start: i, end });
    i = end;
  }
  return out;
}

/**
 * Calls the handlers in delivery order. `before` runs for each delivery before its call (injected
 * faults): a failure there is pinned on that delivery. Throws a DispatchFailure.
 */
export async function dispatch(
  handlers: TopicHandlers,
  deliveries: Delivery[],
  before?: () => Promise<void>,
): Promise<void> {
  for (const { start, end } of runs(handlers, deliveries)) {
    for (let i = start; i < end; i++) {
      try {
        await before?.();
      } catch (err) {
        throw new DispatchFailure(i, 1, err);
      }
      deliveries[i]!.ctx.receivedAt = new Date();
    }
    const handler = handlers[deliveries[start]!.ctx.topic] as
      EachHandler<TopicName> | ManyHandler<TopicName> | undefined;
    try {
      if (!handler) throw new Error(`no handler for ${deliveries[start]!.ctx.topic}`);
      if (typeof handler === "function") await handler(deliveries[start]!.event, deliveries[start]!.ctx);
      else await handler.many(deliveries.slice(start, end));
    } catch (err) {
      throw new DispatchFailure(start, end - start, err);
    }
  }
}

/** Adapts a one-event use case to the handler shape (the use case's own outcome is not needed). */
export const each =
  <T extends TopicName>(fn: (event: Envelope<T>, ctx: MessageContext) => Promise<unknown>): EachHandler<T> =>
  async (event, ctx) =>
    void (await fn(event, ctx));

/** Adapts a set-based use case to the handler shape. */
export const many = <T extends TopicName>(fn: (deliveries: Delivery<T>[]) => Promise<unknown>): ManyHandler<T> => ({
  many: async (deliveries) => void (await fn(deliveries)),
});
