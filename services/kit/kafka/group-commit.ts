// Group commit across partitions. kafkajs hands each partition of a fetch to its own eachBatch
// call; with many partitions and moderate load each holds a message or two, and one transaction
// per partition batch costs more than the work in it. Chunks handed in during the same turn of
// the event loop (or while the previous group was committing) run as one transaction.
export type GroupCommit<I> = {
  /**
   * Resolves true when the chunk committed as part of a group; false when it was alone or the
   * group failed, and the caller must handle the chunk itself (which pins down any failure).
   */
  submit(items: I[]): Promise<boolean>;
};

export function createGroupCommit<I>(runTogether: (items: I[]) => Promise<void>, order?: (a: I, b: I) => number): GroupCommit<I> {
  let queue: { items: I[]; done: (ok: boolean) => void }[] = [];
  let running = false;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || running) return;
    scheduled = true;
    setImmediate(() => void flush());
  };

  async function flush(): Promise<void> {
    scheduled = false;
    const group = queue;
    queue = [];
    if (group.length === 0) return;
    if (group.length === 1) return group[0]!.done(false);
    running = true;
    let ok = true;
    try {
      const items = group.flatMap((g) => g.items);
      // A stable sort: each partition's items keep their order.
      if (order) items.sort(order);
      await runTogether(items);
    } catch {
      ok = false;
    } finally {
      running = false;
    }
    for (const g of group) g.done(ok);
    if (queue.length > 0) schedule();
  }

  return {
    submit: (items) =>
      new Promise<boolean>((done) => {
        queue.push({ items, done });
        schedule();
      }),
  };
}
