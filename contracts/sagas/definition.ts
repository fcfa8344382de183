// A saga definition file (../../../shared/design/attach.md): the schema the observer validates
// every file against, including the built-in saga's (sagas/orders.json). Pure, so the pages can
// import it too.
import { z } from "zod";
import { SafeText } from "../topics";
import { StepMatch } from "./match";
import { stepOrderIssues } from "./step-order";
import { RetentionSetting, StartSetting } from "./reading";

export { StepMatch } from "./match";

export const SAGA_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Names a saga may not take: /sagas/<name> would open a page of its own. */
export const RESERVED_SAGA_NAMES: readonly string[] = ["new"];
/** Kafka's own rule for a topic name. */
const KAFKA_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

export const STEP_KINDS = ["forward", "failure", "compensation"] as const;
export const StepKind = z.enum(STEP_KINDS);
export type StepKind = z.infer<typeof StepKind>;

/** COMPENSATED: failed, and compensations undid what was done; FAILED: failed with nothing to undo; CANCELLED: failed, no distinction. */
export const SAGA_ENDINGS = ["COMPLETED", "COMPENSATED", "FAILED", "CANCELLED"] as const;
export const SagaEnding = z.enum(SAGA_ENDINGS);
export type SagaEnding = z.infer<typeof SagaEnding>;

const ident = SafeText.min(1, "must not be empty").max(100);
const nonEmpty = SafeText.min(1, "must not be empty").max(500);

/** How a record key's bytes become text (attach.md, "Keys that are not text"); `true` is `string`. */
export const KEY_DECODINGS = ["string", "long", "int", "uuid", "hex"] as const;
export const KeyDecoding = z.enum(KEY_DECODINGS);
export type KeyDecoding = z.infer<typeof KeyDecoding>;

/** Exactly one way to read the instance id of a record. */
export const Correlation = z
  .strictObject({
    header: nonEmpty.optional(),
    key: z
      .union([z.literal(true), KeyDecoding], { error: `key must be true or one of ${KEY_DECODINGS.join(", ")}` })
      .optional(),
    path: nonEmpty.optional(),
  })
  .refine((c) => [c.header, c.key, c.path].filter((v) => v !== undefined).length === 1, {
    message: "exactly one of header, key or path is required",
  });
export type Correlation = z.infer<typeof Correlation>;

/** Where a record carries its event's id (optional): the observer indexes it, and GET /sagas/:name/events/:eventId finds the record. */
export const EventIdSource = z
  .strictObject({ header: nonEmpty.optional(), path: nonEmpty.optional() })
  .refine((c) => (c.header === undefined) !== (c.path === undefined), {
    message: "exactly one of header or path is required",
  });
export type EventIdSource = z.infer<typeof EventIdSource>;

/** The decoding of a record's key: the correlation's when it reads the key, else UTF-8 text. */
export const keyDecoding = (c: Correlation): KeyDecoding => (c.key === undefined || c.key === true ? "string" : c.key);

/** How a topic's values are encoded (attach.md, "Values that are not plain JSON"). */
export const VALUE_FORMATS = ["json", "avro", "protobuf", "jsonschema"] as const;
export const ValueFormat = z.enum(VALUE_FORMATS);
export type ValueFormat = z.infer<typeof ValueFormat>;

export const ServiceDefinition = z.strictObject({
  id: ident,
  label: nonEmpty.optional(),
  groups: z.array(ident).default([]),
});
export type ServiceDefinition = z.infer<typeof ServiceDefinition>;

export const StepDefinition = z.strictObject({
  id: ident,
  topic: z.string().regex(KAFKA_TOPIC, "must be a Kafka topic name (letters, digits, '.', '_', '-'; at most 249)"),
  match: StepMatch.optional(),
  from: ident,
  // Lenient: one consumer may be written without brackets.
  // `to: []` says nobody consumes it (nothing is inferred).
  to: z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(ident)).optional(),
  kind: StepKind.default("forward"),
  ends: SagaEnding.optional(),
  /** Steps this one comes after when their records share a time (attach.md, "Order within an instance"). */
  after: z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(ident).max(50)).default([]),
  /** The branch that runs concurrently with the saga's other branches. */
  branch: ident.optional(),
  /** A record of it for an id whose instance has ended begins a new run of that id. */
  starts: z.boolean().default(false),
});
export type StepDefinition = z.infer<typeof StepDefinition>;

export const SagaDefinition = z
  .strictObject({
    name: z
      .string()
      .regex(SAGA_NAME, "must match [a-z0-9][a-z0-9-]{0,62}")
      .refine((n) => !RESERVED_SAGA_NAMES.includes(n), "is the address of a page (/sagas/new): choose another name"),
    title: nonEmpty.optional(),
    correlation: Correlation,
    eventId: EventIdSource.optional(),
    timeoutMs: z
      .number()
      .int("must be a whole number of milliseconds")
      .positive()
      .max(30 * 24 * 3600 * 1000)
      .default(30_000),
    clockSkewMs: z
      .number()
      .int("must be a whole number of milliseconds")
      .min(0)
      .max(3600 * 1000)
      .default(0),
    /** Where reading begins on a partition the observer's group has no offset for (reading.ts). */
    start: StartSetting.default("earliest"),
    /** How long an instance that ended, or is stuck, is kept after its last record. */
    retention: RetentionSetting.default("7d"),
    format: ValueFormat.default("json"),
    topics: z
      .record(z.string().regex(KAFKA_TOPIC, "must be a Kafka topic name"), z.strictObject({ format: ValueFormat }))
      .default({}),
    services: z.array(ServiceDefinition).default([]),
    steps: z.array(StepDefinition).min(1, "at least one step is required"),
  })
  .superRefine((d, ctx) => {
    const dup = (items: { id: string }[], field: string) => {
      const seen = new Set<string>();
      items.forEach((s, i) => {
        if (seen.has(s.id)) ctx.addIssue({ code: "custom", path: [field, i, "id"], message: `duplicate id "${s.id}"` });
        seen.add(s.id);
      });
    };
    dup(d.services, "services");
    dup(d.steps, "steps");
    // A step after a step of the same topic without `match` could never be chosen (first match wins).
    const catchAll = new Map<string, string>();
    d.steps.forEach((s, i) => {
      const before = catchAll.get(s.topic);
      if (before !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "match"],
          message: `never matches: step "${before}" before it takes every record of ${s.topic}`,
        });
      else if (!s.match) catchAll.set(s.topic, s.id);
    });
    stepOrderIssues(d.steps).forEach((i) => ctx.addIssue({ code: "custom", ...i }));
    const topics = new Set(d.steps.map((s) => s.topic));
    for (const t of Object.keys(d.topics))
      if (!topics.has(t)) ctx.addIssue({ code: "custom", path: ["topics", t], message: `no step reads ${t}` });
  });
/** As written in the file. */
export type SagaDefinitionInput = z.input<typeof SagaDefinition>;
/** With defaults applied. */
export type SagaDefinition = z.output<typeof SagaDefinition>;

/** One problem of a definition, with the field it is about (`steps.2.topic`, `(file)` for the whole). */
export type DefinitionIssue = { field: string; message: string };

export function definitionIssues(error: z.ZodError): DefinitionIssue[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join(".") || "(file)", message: i.message }));
}

/** Every service of a saga in map order: those listed first, then any a step names, as they appear. */
export function sagaServices(d: SagaDefinition): { id: string; label: string; groups: string[] }[] {
  const out = d.services.map((s) => ({ id: s.id, label: s.label ?? s.id, groups: s.groups }));
  const known = new Set(out.map((s) => s.id));
  for (const s of d.steps) {
    for (const id of [s.from, ...(s.to ?? [])]) {
      if (!known.has(id)) out.push({ id, label: id, groups: [] });
      known.add(id);
    }
  }
  return out;
}

/** A topic's value format: its own, else the saga's. */
export const topicFormat = (d: Pick<SagaDefinition, "format" | "topics">, topic: string): ValueFormat =>
  d.topics[topic]?.format ?? d.format;

/** The distinct topics a saga reads, in step order. */
export const sagaTopics = (d: Pick<SagaDefinition, "steps">): string[] => [...new Set(d.steps.map((s) => s.topic))];
