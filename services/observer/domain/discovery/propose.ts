// A saga definition proposed from sampled records (attach.md, "Proposing a definition from the
// traffic"): the best correlation field, the step types of each topic, their order, endings and
// branches, the producing service of each step and the consumers from the groups; checked
// against the definition schema, with the evidence. What cannot be found is said in `problems`,
// never thrown. Pure.
import {
  definitionIssues,
  SagaDefinition,
  type SagaDefinitionInput,
  type StepMatch,
} from "../../../../contracts/sagas";
import type { DiscoverAnswer, DiscoveredStep } from "../../../../contracts/sagas/discovery";
import { consumersByTopic, type GroupReads } from "../consumers";
import { rankCorrelations, uncoveredTopics, type ScoredField } from "./correlation";
import { recordFields, splitField, type FieldId, type SampledRecord } from "./fields";
import { commonPrefix, endingOf, kebab, kindOf, producerOf, sagaName, topicStem } from "./naming";
import { stepFlows } from "./sequence";
import { stepParts, subSplit, withoutLoneParts, type StepPart } from "./step-types";

export type DiscoveryInput = {
  /** The topics asked for that exist, in the order asked. */
  topics: string[];
  /** Topics asked for that do not exist. */
  missing: string[];
  records: SampledRecord[];
  /** Per topic, records whose value is neither JSON nor decodable. */
  unreadable: Record<string, number>;
  /** Consumer groups and the topics they read. */
  groups: GroupReads[];
};

export type Proposal = { definition: SagaDefinition | null; written: SagaDefinitionInput | null } & Pick<
  DiscoverAnswer,
  "evidence"
>;

/** The longest group id a definition may list (its `ident` rule). */
const MAX_GROUP_ID = 100;
/** Candidates listed in the evidence. */
const LISTED = 10;

function correlationOf(id: FieldId): SagaDefinitionInput["correlation"] {
  const { source, name } = splitField(id);
  if (source === "key") return { key: name === "string" ? true : (name as "long" | "int" | "uuid" | "hex") };
  return source === "header" ? { header: name } : { path: name };
}

function condition(field: FieldId, value: string): StepMatch {
  const { source, name } = splitField(field);
  return source === "header" ? { header: name, equals: value } : { path: name, equals: value };
}

function matchOf(p: StepPart): StepMatch | undefined {
  if (!p.type) return undefined;
  const first = condition(p.type.field, p.type.value);
  return p.sub ? { all: [first, condition(p.sub.field, p.sub.value)] } : first;
}

function stepIds(parts: readonly StepPart[], prefix: string): string[] {
  const used = new Set<string>();
  return parts.map((p) => {
    const words = [p.type?.value, p.sub?.value].filter((w): w is string => w !== undefined);
    const base = kebab(words.join("-"), 80) || kebab(p.topic.slice(prefix.length), 80) || "step";
    let id = base;
    // Ids are at most 100 characters (the definition's rule): the stem and the base are cut to fit.
    for (let n = 2; used.has(id); n++) id = `${kebab(topicStem(p.topic, prefix), 12)}-${base}${n > 2 ? `-${n}` : ""}`;
    used.add(id);
    return id;
  });
}

const occurrencesOf = (parts: readonly StepPart[], correlation: FieldId) =>
  parts.flatMap((p, step) =>
    p.records.map((r) => ({ instance: r.fields.get(correlation)!, step, timestamp: r.timestamp })),
  );

/** Services from the consumer groups, one per group, so that `to` is inferred live from them. */
function groupServices(groups: readonly GroupReads[], prefix: string): { id: string; groups: string[] }[] {
  const byId = new Map<string, string[]>();
  for (const g of groups) {
    if (g.groupId.length > MAX_GROUP_ID) continue; // the definition could not name it
    // A group named under the topics' prefix (a team's or an environment's) is named without it, as the topics' stems are.
    const shared = prefix ? commonPrefix([prefix, g.groupId]) : "";
    const name = g.groupId.slice(shared.length);
    const id = kebab(name) || "consumer";
    byId.set(id, [...(byId.get(id) ?? []), g.groupId]);
  }
  return [...byId].map(([id, gs]) => ({ id, groups: gs }));
}

export function proposeDefinition(input: DiscoveryInput): Proposal {
  const problems = input.missing.map((t) => `topic ${t} does not exist`);
  const sampled: Record<string, number> = Object.fromEntries(input.topics.map((t) => [t, 0]));
  for (const r of input.records) sampled[r.topic] = (sampled[r.topic] ?? 0) + 1;
  for (const t of input.topics) {
    if (sampled[t] === 0) problems.push(`topic ${t} has no records to read`);
    else if ((input.unreadable[t] ?? 0) === sampled[t])
      problems.push(`the values of ${t} are neither JSON nor decodable: only keys and headers were read`);
  }
  const fielded = input.records.map(recordFields);
  const ranked = rankCorrelations(fielded);
  const correlation = ranked.slice(0, LISTED).map(({ source, field, score, instances, topics }) => ({
    source,
    field,
    score,
    instances,
    topics,
  }));
  const best: ScoredField | undefined = ranked.find((c) => c.score > 0);
  const none = (why: string): Proposal => ({
    definition: null,
    written: null,
    evidence: { correlation, steps: [], sampled, instances: 0, problems: [...problems, why] },
  });
  if (input.records.length === 0) return none("no records were read: nothing to propose");
  if (!best)
    return none(
      "no field of the keys, headers or JSON values recurs across records without being constant or unique per record: no correlation found",
    );
  for (const t of uncoveredTopics(best))
    problems.push(`${best.source} ${best.field} is missing from most records of ${t}: its steps may be left out`);
  const carrying = fielded.filter((r) => r.fields.has(best.id));
  const noise = fielded.length - carrying.length;
  if (noise > 0) problems.push(`${noise} records carry no ${best.source} ${best.field}: left out of every step`);

  const { kept: typed, lone } = withoutLoneParts(stepParts(carrying, best.id), best.id);
  for (const p of lone)
    problems.push(
      `${p.records.length} records of ${p.topic}${p.type ? ` (${splitField(p.type.field).name} ${p.type.value})` : ""} stand alone in their instances: left out as not a step`,
    );
  const firstFlows = stepFlows(occurrencesOf(typed, best.id), typed.length);
  // Only failing endings: the ways an instance fails are what a team tells apart, a success is one outcome.
  const failingEnd = (i: number) => firstFlows[i]!.ends && kindOf(typed[i]!.type?.value ?? "") !== "forward";
  const parts = subSplit(typed, best.id, failingEnd);
  const occurrences = occurrencesOf(parts, best.id);
  const flows = stepFlows(occurrences, parts.length);
  const order = parts
    .map((_, i) => i)
    .sort((a, b) => Number(flows[a]!.ends) - Number(flows[b]!.ends) || flows[a]!.position - flows[b]!.position);
  const ordered = order.map((i) => parts[i]!);
  const prefix = commonPrefix(input.topics);
  const ids = stepIds(ordered, prefix);
  const idOf = new Map(order.map((i, n) => [i, ids[n]!]));
  const services = groupServices(input.groups, prefix);
  const consumers = consumersByTopic(services, input.groups);

  const steps = ordered.map((p, n) => {
    const flow = flows[order[n]!]!;
    const id = ids[n]!;
    const kind = kindOf(id);
    const skip = new Set([best.id, ...(p.type ? [p.type.field] : []), ...(p.sub ? [p.sub.field] : [])]);
    const match = matchOf(p);
    return {
      id,
      topic: p.topic,
      ...(match && { match }),
      from: producerOf(p.records, skip) ?? topicStem(p.topic, prefix),
      ...(kind !== "forward" && { kind }),
      ...(flow.ends && { ends: endingOf(id) }),
      ...(flow.parallel.length > 0 && { branch: kebab(topicStem(p.topic, prefix), 60) || "branch" }),
      ...(flow.parallel.length > 0 && flow.after !== null && { after: [idOf.get(flow.after)!] }),
      ...(flow.starts && { starts: true }),
    };
  });
  const written: SagaDefinitionInput = {
    name: sagaName(input.topics),
    title: `Proposed from ${input.topics.join(", ")}`.slice(0, 500),
    correlation: correlationOf(best.id),
    ...(services.length > 0 && { services }),
    steps,
  };
  const evidenceSteps: DiscoveredStep[] = steps.map((s, n) => ({
    id: s.id,
    topic: s.topic,
    match: s.match ?? null,
    records: ordered[n]!.records.length,
    from: s.from,
    to: consumers.get(s.topic) ?? [],
    toInferred: true,
  }));
  const instances = new Set(occurrences.map((o) => o.instance)).size;
  const evidence = { correlation, steps: evidenceSteps, sampled, instances, problems };
  const parsed = SagaDefinition.safeParse(written);
  if (!parsed.success) {
    const issues = definitionIssues(parsed.error).map((i) => `the proposal is not valid: ${i.field}: ${i.message}`);
    return { definition: null, written: null, evidence: { ...evidence, problems: [...problems, ...issues] } };
  }
  return { definition: parsed.data, written, evidence };
}
