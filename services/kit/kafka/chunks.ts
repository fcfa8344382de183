// How a pipeline writes a chunk of records in as few transactions as possible, and still pins a
// failure on the record that caused it. No I/O here: the sink's writes are passed in.
import { toSagaError } from "../errors";

/** Where a write of several records failed: the failing call began at record `at` and held `size` of them. */
export class PartialWriteFailure extends Error {
  constructor(
    readonly at: number,
    readonly size: number,
    readonly error: unknown,
  ) {
    super("write failed", { cause: error });
  }
}

/** The error behind a failure, whether or not the write said where it failed. */
export const failureCause = (err: unknown): unknown => (err instanceof PartialWriteFailure ? err.error : err);

export type ChunkWrites<E> = {
  /** Whether the entry may share a transaction (false: refused by the sink's reading, or a sink without them). */
  canJoin(entry: E): boolean;
  /** Writes entries in one transaction; throws what failed (a PartialWriteFailure when it knows where). */
  together(entries: E[]): Promise<void>;
  /** Writes one entry on its own, retrying or giving it up (the disposition's business). */
  alone(entry: E): Promise<void>;
  onFailure?(at: number | undefined, error: unknown): void;
};

/**
 * When entry k fails, the k before it are redone together, k is handled alone, and the rest go on
 * together. When a set-based write fails for a run, the run is halved until the culprit is alone.
 * So one failing record costs a few redone transactions, not one transaction per record.
 */
export async function writeChunk<E>(chunk: readonly E[], w: ChunkWrites<E>): Promise<void> {
  let rest = chunk;
  let limit = rest.length;
  // After a failure: how many to try together once the entries before the failing call are done.
  let suspect: number | null = null;
  while (rest.length > 0) {
    const refused = rest.findIndex((e) => !w.canJoin(e));
    const together = Math.min(limit, refused < 0 ? rest.length : refused);
    if (together <= 1) {
      await w.alone(rest[0]!);
      rest = rest.slice(1);
      [limit, suspect] = [rest.length, null];
      continue;
    }
    try {
      await w.together(rest.slice(0, together));
      rest = rest.slice(together);
      [limit, suspect] = [suspect ?? rest.length, null];
    } catch (err) {
      const f = err instanceof PartialWriteFailure ? err : null;
      w.onFailure?.(f?.at, toSagaError(failureCause(err)));
      const narrowed = f ? Math.max(1, Math.floor(f.size / 2)) : Math.max(1, Math.floor(together / 2));
      if (f && f.at > 0) [limit, suspect] = [f.at, narrowed];
      else [limit, suspect] = [narrowed, null];
    }
  }
}
