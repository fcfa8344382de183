// The topic list and discovery (attach.md, "Proposing a definition from the traffic"): the
// request checked against its limits, the topics that exist sampled, the definition proposed
// (domain/discovery) with the consumer groups that read them, and its YAML. Topics that do not
// exist are named in `problems`; when none of them exists the answer is a 404.
import { stringify } from "yaml";
import { fieldErrors } from "../../../contracts/api";
import { DiscoverRequest, type DiscoverAnswer, type KafkaTopicInfo } from "../../../contracts/sagas/discovery";
import { SagaError } from "../../kit/errors";
import type { GroupReads } from "../domain/consumers";
import { proposeDefinition } from "../domain/discovery/propose";
import type { SampledRecord } from "../domain/discovery/fields";

export type DiscoveryDeps = {
  topics(opts?: { fresh?: boolean }): Promise<KafkaTopicInfo[]>;
  sample(req: DiscoverRequest): Promise<{ records: SampledRecord[]; unreadable: Record<string, number>; cut: boolean }>;
};

export type Discovery = {
  topics(): Promise<KafkaTopicInfo[]>;
  discover(body: unknown): Promise<DiscoverAnswer>;
};

/** SagaScope's own groups (observers, samples) are not the saga's consumers. */
const OWN_GROUP = /sagascope/i;

export function discovery(deps: DiscoveryDeps): Discovery {
  return {
    topics: () => deps.topics(),
    async discover(body) {
      const parsed = DiscoverRequest.safeParse(body);
      if (!parsed.success)
        throw new SagaError("VALIDATION_FAILED", "the discovery request is not valid", {
          details: fieldErrors(parsed.error),
        });
      const asked = [...new Set(parsed.data.topics)];
      const cluster = await deps.topics({ fresh: true });
      const known = new Map(cluster.map((t) => [t.name, t]));
      const topics = asked.filter((t) => known.has(t));
      const missing = asked.filter((t) => !known.has(t));
      if (topics.length === 0)
        throw new SagaError("NOT_FOUND", `no such topic: ${missing.join(", ")}`, {
          details: missing.map((t) => ({ field: "topics", message: `topic ${t} does not exist` })),
        });
      const sample = await deps.sample({ ...parsed.data, topics });
      const byGroup = new Map<string, string[]>();
      for (const t of topics)
        for (const g of known.get(t)!.groups) if (!OWN_GROUP.test(g)) byGroup.set(g, [...(byGroup.get(g) ?? []), t]);
      const groups: GroupReads[] = [...byGroup].map(([groupId, ts]) => ({ groupId, topics: ts }));
      const proposal = proposeDefinition({
        topics,
        missing,
        records: sample.records,
        unreadable: sample.unreadable,
        groups,
      });
      if (sample.cut)
        proposal.evidence.problems.push("the time limit stopped reading before every topic was read to its end");
      return {
        definition: proposal.definition,
        yaml: proposal.written ? stringify(proposal.written, { lineWidth: 0 }) : "",
        evidence: proposal.evidence,
      };
    },
  };
}
