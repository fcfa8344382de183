// A saga's `start` as a time (attach.md): before the observer's group joins, each partition it has
// no committed offset for is given the offset of the first record at or after that time (the
// end, when there is none). Partitions with an offset are left alone: a restart resumes.
import type { Kafka } from "kafkajs";
import type { Logger } from "../../kit/log";

export type PlaceStart = (groupId: string, topics: readonly string[], at: number) => Promise<void>;

export function startOffsets(kafka: Kafka, log: Logger): PlaceStart {
  return async (groupId, topics, at) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      for (const { topic, partitions } of committed) {
        const without = new Set(partitions.filter((p) => Number(p.offset) < 0).map((p) => p.partition));
        if (without.size === 0) continue;
        const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, at);
        const placed = byTime.filter((p) => without.has(p.partition));
        try {
          await admin.setOffsets({ groupId, topic, partitions: placed });
          log.info("observer starts reading at a time", { groupId, topic, at: new Date(at).toISOString(), placed });
        } catch (err) {
          // Another observer of the group is reading: it placed them when it joined.
          log.warn("observer could not place its start offsets; the group's members read on from theirs", {
            groupId,
            topic,
            err,
          });
        }
      }
    } finally {
      await admin.disconnect();
    }
  };
}
