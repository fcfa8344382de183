// Discovery's parts built from the observer's Kafka client and settings: the cluster's topic
// list (kept a few seconds), the sampler (the schema registry's decoder when one is set) and
// the use case over them; close() lets go of their connections.
import type { Kafka } from "kafkajs";
import type { Logger } from "../../kit/log";
import { discovery, type Discovery } from "../application/discovery";
import { observerGroupId } from "../config";
import { registryDecoder, type RegistryDecoderConfig } from "./registry-decoder";
import { clusterTopics } from "./topic-list";
import { topicSampler } from "./topic-sampler";

export function discoveryParts(opts: {
  kafka: Kafka;
  groupPrefix: string;
  registry: RegistryDecoderConfig | null;
  log: Logger;
}): { discovery: Discovery; close(): Promise<void> } {
  const topics = clusterTopics(opts.kafka);
  const registry = opts.registry ? registryDecoder({ ...opts.registry, log: opts.log }) : null;
  // The samples' groups carry `sagascope` as the observer's do (clusters that grant groups by prefix).
  const groupPrefix = observerGroupId(opts.groupPrefix, "").replace(/observer\.$/, "");
  const sampler = topicSampler({ kafka: opts.kafka, groupPrefix, registry, log: opts.log });
  return {
    discovery: discovery({ topics: (o) => topics.list(o), sample: (req) => sampler.sample(req) }),
    async close() {
      registry?.close();
      await topics.close();
    },
  };
}
