// A saga definition file (../../../shared/design/attach.md): the schema the observer validates
// every file against, including the built-in saga's (sagas/orders.json). Pure, so the pages can
// import it too.
import { z } from "zod";
import { SafeText } from "../topics";

export const SAGA_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Kafka's own rule for a topic name. */
const KAFKA_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

export const STEP_KINDS = ["forward", "failure", "compensation"] as const;
export const StepKind = z.enum(STEP_KINDS);
export type StepKind = z.infer<typeof StepKind>;

export const SAGA_ENDINGS = ["COMPLETED", "CANCELLED"] as const;
export const SagaEnding = z.enum(SAGA_ENDINGS);
export type SagaEnding = z.infer<typeof SagaEnding>;

const ident = SafeText.min(1, "must not be empty").max(100);
const nonEmpty = SafeText.min(1, "must not be empty").max(500);

/** Exactly one way to read the instance id of a record. */
export const Correlation = z
  .strictObject({
    header: nonEmpty.optional(),
    key: z.literal(true, { error: "key must be true (the record key is the correlation value)" }).optional(),
    path: nonEmpty.optional(),
  })
  .refine((c) => [c.header, c.key, c.path].filter((v) => v !== undefined).length === 1, {
    message: "exactly one of header, key or path is required",
  });
export type Correlation = z.infer<typeof Correlation>;

/** A header's text, or a JSON value at a dot path, compared with `equals`. */
export const StepMatch = z
  .strictObject({
    path: nonEmpty.optional(),
    header: nonEmpty.optional(),
    equals: z.union([z.string(), z.number(), z.boolean()], { error: "equals must be a string, a number or a boolean" }),
  })
  .refine((m) => (m.path === undefined) !== (m.header === undefined), { message: "exactly one of path or header is required" });
export type StepMatch = z.infer<typeof StepMatch>;

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
});
export type StepDefinition = z.infer<typeof StepDefinition>;

export const SagaDefinition = z
  .strictObject({
    name: z.string().regex(SAGA_NAME, "must match [a-z0-9][a-z0-9-]{0,62}"),
    title: nonEmpty.optional(),
    correlation: Correlation,
    timeoutMs: z.number().int("must be a whole number of milliseconds").positive().max(30 * 24 * 3600 * 1000).default(30_000),
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
      if (before !== undefined) ctx.addIssue({ code: "custom", path: ["steps", i, "match"], message: `never matches: step "${before}" before it takes every record of ${s.topic}` });
      else if (!s.match) catchAll.set(s.topic, s.id);
    });
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

/** The distinct topics a saga reads, in step order. */
export const sagaTopics = (d: Pick<SagaDefinition, "steps">): string[] => [...new Set(d.steps.map((s) => s.topic))];
