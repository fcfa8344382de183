// The HTTP answers of /api/sagas (attach.md, "HTTP API"): what the observer serves and the
// pages read. Times are ISO-8601 UTC; offsets are decimal strings as Kafka gives them.
import { z } from "zod";
import { SafeText } from "../topics";
import { SAGA_ENDINGS, SagaEnding, StepKind } from "./definition";

export const SAGA_INSTANCE_STATUSES = ["RUNNING", ...SAGA_ENDINGS, "STUCK"] as const;
export const SagaInstanceStatus = z.enum(SAGA_INSTANCE_STATUSES);
export type SagaInstanceStatus = z.infer<typeof SagaInstanceStatus>;

export const SagaServiceView = z.object({ id: z.string(), label: z.string() });
export const SagaStepView = z.object({
  id: z.string(),
  /** The Kafka topic read (the built-in saga's under the deployment's TOPIC_PREFIX). */
  topic: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  /** `to` was not in the file: it is the services whose consumer groups read the topic. */
  toInferred: z.boolean(),
  kind: StepKind,
  ends: SagaEnding.nullable(),
  branch: z.string().nullable(),
  after: z.array(z.string()),
  starts: z.boolean(),
});
export type SagaStepView = z.infer<typeof SagaStepView>;

/** One element of `GET /api/sagas`. */
export const SagaSummary = z.object({
  name: z.string(),
  /** The file's title, or the name. */
  title: z.string(),
  builtIn: z.boolean(),
  services: z.array(SagaServiceView),
  steps: z.array(SagaStepView),
});
export type SagaSummary = z.infer<typeof SagaSummary>;
export const SagaList = z.array(SagaSummary);

export const StatusCounts = z.object(
  Object.fromEntries(SAGA_INSTANCE_STATUSES.map((s) => [s, z.number().int()])) as Record<
    SagaInstanceStatus,
    z.ZodNumber
  >,
);
export type StatusCounts = z.infer<typeof StatusCounts>;

/** `GET /api/sagas/:name`. */
export const SagaDetail = SagaSummary.extend({
  counts: StatusCounts,
  /** Records seen per step id (every step listed, 0 included). */
  seen: z.record(z.string(), z.number().int()),
  /** Records of an instance that matched no step. */
  unmatched: z.number().int(),
  /** Per topic: records whose correlation value could not be read. */
  uncorrelated: z.record(z.string(), z.number().int()),
  /** Topics of the definition the cluster does not have (yet). */
  missingTopics: z.array(z.string()),
  /**
   * Topics this client may not describe or may not read (the cluster's ACLs), each with the
   * reason; the saga's other topics are read.
   */
  refusedTopics: z.array(z.object({ topic: z.string(), reason: z.string() })),
  /**
   * Every record read; of them, values that were not JSON, values the schema registry could not
   * decode, values above the size limit (not stored), and values whose text a `matches` test read
   * only in part (MATCH_TEXT_LIMIT).
   */
  records: z.object({
    total: z.number().int(),
    notJson: z.number().int(),
    notDecodable: z.number().int(),
    oversized: z.number().int(),
    matchCut: z.number().int(),
  }),
  /**
   * How far reading is behind the saga's topics (a backfill, or a burst): records still to read
   * (null until the group's lag was read once), records read per second over the last 30 s, and
   * the seconds left at that rate (0: caught up; null: nothing is being read).
   */
  backlog: z
    .object({
      remaining: z.number().int().nullable(),
      readPerSecond: z.number(),
      etaSeconds: z.number().int().nullable(),
    })
    .optional(),
});
export type SagaDetail = z.infer<typeof SagaDetail>;

/** One element of `GET /api/sagas/:name/instances`, newest first. */
export const SagaInstanceSummary = z.object({
  id: z.string(),
  /** Which run of the id, from 1 (attach.md, "Ids used again"). */
  run: z.number().int(),
  status: SagaInstanceStatus,
  startedAt: z.string(),
  lastEventAt: z.string(),
  /** How many records the instance has. */
  steps: z.number().int(),
});
export type SagaInstanceSummary = z.infer<typeof SagaInstanceSummary>;
export const SagaInstanceList = z.array(SagaInstanceSummary);

export const InstancesQuery = z.object({
  status: SagaInstanceStatus.optional(),
  /** Instances with this id only (each of its runs). */
  id: SafeText.min(1).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type InstancesQuery = z.infer<typeof InstancesQuery>;

/** One record of an instance; `step` (and from/to/kind) null when it matched no step. */
export const InstanceRecord = z.object({
  step: z.string().nullable(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  /** The record's Kafka timestamp. */
  at: z.string(),
  from: z.string().nullable(),
  to: z.array(z.string()),
  kind: StepKind.nullable(),
  ends: SagaEnding.nullable(),
  /** Decoded as the saga's correlation says (a long as its digits...); bytes that do not decode are shown as 0x and hex. */
  key: z.string().nullable(),
  branch: z.string().nullable(),
  /** The record's headers as text (at most 64, each value at most 4 KiB; beyond, left out). */
  headers: z.record(z.string(), z.string()),
  /** The value: parsed JSON, the text when it is not JSON, null when it was above the size limit. */
  value: z.unknown(),
  /** The value was too big to keep (its size in bytes is `size`). */
  truncated: z.boolean(),
  size: z.number().int(),
});
export type InstanceRecord = z.infer<typeof InstanceRecord>;

/** `GET /api/sagas/:name/instances/:id`. */
export const InstanceQuery = z.object({ run: z.coerce.number().int().min(1).max(1_000_000).optional() });

export const SagaInstanceView = z.object({
  id: z.string(),
  run: z.number().int(),
  /** Branch names of the saga with no record yet in this run; empty once it ended. */
  waitingFor: z.array(z.string()),
  saga: z.string(),
  status: SagaInstanceStatus,
  startedAt: z.string(),
  /** When its ending arrived; null while running or stuck. */
  endedAt: z.string().nullable(),
  /** In Kafka timestamp order; records within the saga's clockSkewMs by cause (attach.md, "Order within an instance"). */
  steps: z.array(InstanceRecord),
});
export type SagaInstanceView = z.infer<typeof SagaInstanceView>;
