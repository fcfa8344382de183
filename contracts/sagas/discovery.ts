// The answers of the topic list and of discovery (attach.md, "Proposing a definition from the
// traffic"): what the observer serves, the gateway forwards and /sagas/new reads.
import { z } from "zod";
import { SafeText } from "../topics";
import { SagaStepView } from "./api";
import { SagaDefinition } from "./definition";
import { StepMatch } from "./match";

/** One element of `GET /api/kafka/topics`; internal topics (`__*`) are left out. */
export const KafkaTopicInfo = z.object({
  name: z.string(),
  partitions: z.number().int(),
  /** Sum over partitions of high minus low watermark. */
  records: z.number().int(),
  /** Consumer groups that read it (committed offsets on it). */
  groups: z.array(z.string()),
});
export type KafkaTopicInfo = z.infer<typeof KafkaTopicInfo>;
export const KafkaTopicList = z.array(KafkaTopicInfo);

export const DISCOVER_LIMITS = { topics: 20, maxRecords: 50_000, seconds: 30 } as const;

/** `POST /api/sagas/discover`. */
export const DiscoverRequest = z
  .object({
    topics: z.array(SafeText.min(1).max(249)).min(1).max(DISCOVER_LIMITS.topics),
    maxRecords: z.number().int().min(1).max(DISCOVER_LIMITS.maxRecords).default(5000),
    seconds: z.number().min(0).max(DISCOVER_LIMITS.seconds).default(10),
  })
  .strict();
export type DiscoverRequest = z.infer<typeof DiscoverRequest>;

export const CorrelationCandidate = z.object({
  source: z.enum(["header", "key", "path"]),
  field: z.string(),
  /** 0 to 1, best first. */
  score: z.number().min(0).max(1),
  /** Distinct values (instances) it makes in the sample. */
  instances: z.number().int(),
  topics: z.array(z.string()),
});
export type CorrelationCandidate = z.infer<typeof CorrelationCandidate>;

export const DiscoveredStep = SagaStepView.pick({
  id: true,
  topic: true,
  from: true,
  to: true,
  toInferred: true,
}).extend({
  match: StepMatch.nullable(),
  /** Sampled records this step takes. */
  records: z.number().int(),
});
export type DiscoveredStep = z.infer<typeof DiscoveredStep>;

export const DiscoverAnswer = z.object({
  /** Null when no correlation could be found; `evidence.problems` says why. */
  definition: SagaDefinition.nullable(),
  yaml: z.string(),
  evidence: z.object({
    correlation: z.array(CorrelationCandidate),
    steps: z.array(DiscoveredStep),
    /** Records read per topic. */
    sampled: z.record(z.string(), z.number().int()),
    /** Instances the proposal makes of the sample. */
    instances: z.number().int(),
    /** What could not be found or read (a topic that does not exist, records that are all binary...). */
    problems: z.array(z.string()),
  }),
});
export type DiscoverAnswer = z.infer<typeof DiscoverAnswer>;
