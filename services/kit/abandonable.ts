// Promises a caller can stop waiting for all at once (a stop that will not wait for a broker that
// does not answer). Each one is raced against a rejecter of its own, dropped when it settles: a
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
