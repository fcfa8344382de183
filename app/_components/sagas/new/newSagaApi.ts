// The calls /sagas/new makes (attach.md, "Proposing a definition from the traffic"): the topic
// list, discovery, the definition files and saving one; react-query hooks over the reads.
import { useQuery } from "@tanstack/react-query";
import {
  DEFINITIONS_PATH,
  type DefinitionFiles,
  type DiscoverAnswer,
  type DiscoverRequest,
  type KafkaTopicInfo,
  type SagaSummary,
  type SaveDefinitionAnswer,
} from "../../../../contracts/sagas";
import { ApiError, getJson } from "../../data/api";

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const json: unknown = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, json);
  return json as T;
}

export const newSagaApi = {
  topics: () => getJson<KafkaTopicInfo[]>("/api/kafka/topics"),
  discover: (req: DiscoverRequest) => postJson<DiscoverAnswer>("/api/sagas/discover", req),
  definitions: () => getJson<DefinitionFiles>(`/api/sagas/${DEFINITIONS_PATH}`),
  save: (yaml: string) => postJson<SaveDefinitionAnswer>(`/api/sagas/${DEFINITIONS_PATH}`, { yaml }),
  /** Whether the saga is watched yet (a saved file is taken up within seconds); the list, so no 404 is logged meanwhile. */
  watched: async (name: string) => (await getJson<SagaSummary[]>("/api/sagas")).some((s) => s.name === name),
};

export const useKafkaTopics = () =>
  useQuery({ queryKey: ["kafka-topics"], queryFn: newSagaApi.topics, refetchInterval: 10_000 });

export const useDefinitionFiles = () =>
  useQuery({ queryKey: ["saga-definition-files"], queryFn: newSagaApi.definitions, staleTime: 5000 });
