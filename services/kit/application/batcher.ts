// Group commit for requests: calls handed in during the same turn of the event loop (or while the
// previous group was being stored) are stored together by one set-based call, in one
// transaction. When a group fails, each call is tried alone, so an error reaches only the caller
// it belongs to.
export type Batcher<I, R> = (item: I) => Promise<R>;

export function createBatcher<I, R>(runMany: (items: I[]) => Promise<R[]>): Batcher<I, R> {
  let queue: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || running) return;
    scheduled = true;
    setImmediate(() => void flush());
  };

  const alone = async (q: (typeof queue)[number]) => {
    try {
      const [r] = await runMany([q.item]);
      q.resolve(r as R);
    } catch (err) {
      q.reject(err);
    }
  };

  async function flush(): Promise<void> {
    scheduled = false;
    const group = queue;
    queue = [];
    if (group.length === 0) return;
    running = true;
    try {
      const results = await runMany(group.map((q) => q.item));
      group.forEach((q, i) => q.resolve(results[i] as R));
    } catch (err) {
      if (group.length === 1) group[0]!.reject(err);
      else await Promise.all(group.map(alone));
    } finally {
      running = false;
    }
    if (queue.length > 0) schedule();
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
