// The partition assigner every consumer group uses: kafkajs's round robin, with an optional wait
// before the group leader sends its SyncGroup.
//
// Why the wait: librdkafka's mock cluster (the embedded broker) ends a rebalance as soon as the
// leader's SyncGroup has assigned every member (rd_kafka_mock_cgrp_sync_check counts assignments,
// not SyncGroup requests) and answers a follower's SyncGroup that arrives after that with
// INVALID_REQUEST (42), which kafkajs does not retry: the consumer crashes, its process restarts
// and rejoins, and the next rebalance races again. With four members per group on two busy cores
// a follower lost that race at nearly every rebalance. Real Kafka answers a late SyncGroup with the
// stored assignment, so on it the wait is 0 (KAFKA_SYNC_GRACE_MS; the embedded runners set it).
import { PartitionAssigners, type PartitionAssigner } from "kafkajs";

export function roundRobinAfter(syncGraceMs: number): PartitionAssigner {
  return (config) => {
    const roundRobin = PartitionAssigners.roundRobin(config);
    return {
      ...roundRobin,
      async assign(group) {
        const assignment = await roundRobin.assign(group);
        if (syncGraceMs > 0 && group.members.length > 1) await new Promise((resolve) => setTimeout(resolve, syncGraceMs));
        return assignment;
      },
    };
  };
}
