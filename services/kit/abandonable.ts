// Bounded waits for a stop that will not wait for ever on a broker that does not answer: promises a
// caller can stop waiting for all at once, and a wait of at most so long. Each one is raced against a rejecter of its own, dropped when it settles: a
// race against one shared promise that never settles keeps a reaction, and with it the result, of
// every promise ever raced with it (the relay leaked every produce answer that way).

export type Abandonable = {
  /** `p`'s outcome, unless `abandon` comes first: then the error it was given. */
  wrap<T>(p: Promise<T>): Promise<T>;
  /** Rejects every wrapped promise still pending, and every one wrapped from now on. */
  abandon(err: () => Error): void;
  /** How many are pending (what a leak would show). */
  pending(): number;
};

/** Whether `p` settles within `ms` (its outcome is left to it either way). */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function abandonable(): Abandonable {
  const inHand = new Set<(err: Error) => void>();
  let abandoned: (() => Error) | null = null;
  return {
    wrap: <T>(p: Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        if (abandoned) return reject(abandoned());
        inHand.add(reject);
        p.then(resolve, reject).finally(() => inHand.delete(reject));
      }),
    abandon(err) {
      abandoned = err;
      for (const reject of inHand) reject(err());
      inHand.clear();
    },
    pending: () => inHand.size,
  };
}
