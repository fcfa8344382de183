// Group commit across partitions. kafkajs hands each partition of a fetch to its own eachBatch
// call; with many partitions and moderate load each holds a message or two, and one transaction
// per partition batch costs more than the work in it. Chunks handed in during the same turn of
// the event loop (or while the previous group was committing) run as one transaction.
import { gather } from "../application/batcher";

export type GroupCommit<I> = {
  /**
   * "committed" when the chunk committed as part of a group; "alone" when no other chunk came, or
   * "failed" when the group rolled back: then the caller handles the chunk itself (which pins
   * down any failure).
   */
  submit(items: I[]): Promise<GroupOutcome>;
};
export type GroupOutcome = "committed" | "alone" | "failed";

export function createGroupCommit<I>(
  runTogether: (items: I[]) => Promise<void>,
  order?: (a: I, b: I) => number,
): GroupCommit<I> {
  const submit = gather<{ items: I[]; done: (outcome: GroupOutcome) => void }>(async (group) => {
    if (group.length === 1) return group[0]!.done("alone");
    let outcome: GroupOutcome = "committed";
    try {
      const items = group.flatMap((g) => g.items);
      // A stable sort: each partition's items keep their order.
      if (order) items.sort(order);
      await runTogether(items);
    } catch {
      outcome = "failed";
    }
    for (const g of group) g.done(outcome);
  });
  return { submit: (items) => new Promise<GroupOutcome>((done) => submit({ items, done })) };
}
