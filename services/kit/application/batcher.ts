// Group commit for requests: calls handed in during the same turn of the event loop (or while the
// previous group was being stored) are stored together by one set-based call, in one
// transaction. When a group fails, each call is tried alone, so an error reaches only the caller
// it belongs to.
export type Batcher<I, R> = (item: I) => Promise<R>;

/**
 * Gathers what is submitted during one turn of the event loop, or while the previous group is
 * being handled, into one group; `handle` settles every entry of it.
 */
export function gather<E>(handle: (group: E[]) => Promise<void>): (entry: E) => void {
  let queue: E[] = [];
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
    running = true;
    try {
      await handle(group);
    } finally {
      running = false;
    }
    if (queue.length > 0) schedule();
  }
  return (entry) => {
    queue.push(entry);
    schedule();
  };
}

type Call<I, R> = { item: I; resolve: (r: R) => void; reject: (e: unknown) => void };

export function createBatcher<I, R>(runMany: (items: I[]) => Promise<R[]>): Batcher<I, R> {
  const alone = async (c: Call<I, R>) => {
    try {
      const [r] = await runMany([c.item]);
      c.resolve(r as R);
    } catch (err) {
      c.reject(err);
    }
  };
  const submit = gather<Call<I, R>>(async (group) => {
    try {
      const results = await runMany(group.map((c) => c.item));
      group.forEach((c, i) => c.resolve(results[i] as R));
    } catch (err) {
      if (group.length === 1) group[0]!.reject(err);
      else await Promise.all(group.map(alone));
    }
  });
  return (item) => new Promise<R>((resolve, reject) => submit({ item, resolve, reject }));
}
