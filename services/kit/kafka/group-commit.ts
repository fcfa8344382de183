// Group commit across partitions. kafkajs hands each partition of a fetch to its own eachBatch
// call; with many partitions and moderate load each holds a message or two, and one transaction
// per partition batch costs more than the work in it. Chunks handed in during the same turn of
// the event loop (or while the previous group was committing) run as one transaction.
import { gather } from "../application/batcher";

export type GroupCommit<I> = {
  /**
   * Resolves true when the chunk committed as part of a group; false when it was alone or the
   * group failed, and the caller must handle the chunk itself (which pins down any failure).
   */
  submit(items: I[]): Promise<boolean>;
};

export function createGroupCommit<I>(runTogether: (items: I[]) => Promise<void>, order?: (a: I, b: I) => number): GroupCommit<I> {
  const submit = gather<{ items: I[]; done: (ok: boolean) => void }>(async (group) => {
    if (group.length === 1) return group[0]!.done(false);
    let ok = true;
    try {
      const items = group.flatMap((g) => g.items);
      // A stable sort: each partition's items keep their order.
      if (order) items.sort(order);
      await runTogether(items);
    } catch {
      ok = false;
    }
    for (const g of group) g.done(ok);
  });
  return { submit: (items) => new Promise<boolean>((done) => submit({ items, done })) };
}
