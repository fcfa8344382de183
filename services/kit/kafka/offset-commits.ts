// Offsets committed once a second, by a timer, instead of after every batch. kafkajs's runner
// commits after each eachBatch call whatever autoCommitInterval says (runner.js
// autoCommitOffsets), so with batches of a few records every fetch cost an OffsetCommit round trip
// before the next fetch: the broker's group coordinator was its second busiest thread and each
// hop waited for it (docs/performance.md). The groups run with autoCommit off and this commits
// what the handlers finished. A crash or a rebalance redelivers at most a second of records,
// which the inboxes (and the projections' idempotent writes) absorb.
import type { Consumer } from "kafkajs";
import { settlesWithin } from "../abandonable";
import type { Logger } from "../log";

export type OffsetCommits = {
  /** The record at `offset` of topic/partition is handled: commit the offset after it. */
  done(topic: string, partition: number, offset: string): void;
  /** Commits what is pending now (a graceful stop), and stops the timer. */
  flush(): Promise<void>;
};

export function periodicOffsetCommits(consumer: Consumer, log: Logger, everyMs = 1000): OffsetCommits {
  let pending = new Map<string, { topic: string; partition: number; offset: string }>();
  let committing: Promise<void> = Promise.resolve();
  const commit = () => {
    if (pending.size === 0) return committing;
    const batch = [...pending.values()];
    pending = new Map();
    committing = committing
      .then(() => consumer.commitOffsets(batch))
      // Mostly a rebalance in progress: the partitions' new owners redo the last second.
      .catch((err: unknown) =>
        log.debug("offset commit failed; the records after the last commit will be redelivered", { err }),
      );
    return committing;
  };
  // After a rebalance a partition may belong to another member: what was pending is dropped.
  consumer.on(consumer.events.GROUP_JOIN, () => (pending = new Map()));
  const timer = setInterval(() => void commit(), everyMs);
  timer.unref();
  return {
    done(topic, partition, offset) {
      pending.set(`${topic}:${partition}`, { topic, partition, offset: String(BigInt(offset) + 1n) });
    },
    async flush() {
      clearInterval(timer);
      await commit();
    },
  };
}

/**
 * A graceful stop's last words to the group: commit what is pending, leave. With the broker
 * down, kafkajs retries each for up to half a minute; past `budgetMs` the stop goes on without
 * them, which costs what a crash costs (the records after the last commit are redelivered, the
 * coordinator expires the member after its session timeout).
 */
export async function leaveGroup(
  consumer: Consumer,
  commits: OffsetCommits | undefined,
  log: Logger,
  budgetMs = 2000,
): Promise<void> {
  if (commits && !(await settlesWithin(commits.flush(), budgetMs)))
    log.warn(
      "offsets not committed on stop: Kafka did not answer; the records after the last commit will be redelivered",
    );
  if (!(await settlesWithin(consumer.disconnect(), budgetMs)))
    log.warn("stopped without leaving the group: Kafka did not answer");
}
