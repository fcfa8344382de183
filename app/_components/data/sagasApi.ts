// The watched sagas' HTTP API (attach.md, /api/sagas…) and react-query hooks over it. The live
// views are kept up to date by the bridge's pushes (useSagaLive.ts); they read again only after
// a reconnect or a resync, and every 30 s as a fallback.
import { useQuery } from "@tanstack/react-query";
import type {
  SagaDetail,
  SagaInstanceStatus,
  SagaInstanceSummary,
  SagaInstanceView,
  SagaSummary,
} from "../../../contracts/sagas";
import { ApiError, getJson } from "./api";

const enc = encodeURIComponent;

export const sagasApi = {
  list: () => getJson<SagaSummary[]>("/api/sagas"),
  detail: (name: string) => getJson<SagaDetail>(`/api/sagas/${enc(name)}`),
  instances: (name: string, status: SagaInstanceStatus | null, limit = INSTANCES_LIMIT) =>
    getJson<SagaInstanceSummary[]>(
      `/api/sagas/${enc(name)}/instances?limit=${limit}${status ? `&status=${status}` : ""}`,
    ),
  /** One run of an id; the latest without `run`. */
  instance: (name: string, id: string, run: number | null = null) =>
    getJson<SagaInstanceView>(`/api/sagas/${enc(name)}/instances/${enc(id)}${run ? `?run=${run}` : ""}`),
};

/** The fallback read of a live view; pushes keep it current in between. */
export const FALLBACK_MS = 30_000;
/** Instances a saga's page lists. */
export const INSTANCES_LIMIT = 200;
/** A 404 is an answer (no such saga or instance), not worth retrying. */
const retry = (n: number, e: Error) => !(e instanceof ApiError && e.status === 404) && n < 2;

export const useSagas = () => useQuery({ queryKey: ["sagas"], queryFn: sagasApi.list, refetchInterval: 5000, retry });

export const sagaKeys = {
  detail: (name: string) => ["saga", name] as const,
  /** Every list of the saga's instances (any status). */
  instances: (name: string) => ["saga-instances", name] as const,
  instance: (name: string, id: string, run: number | null) => ["saga-instance", name, id, run] as const,
};

export const useSaga = (name: string) =>
  useQuery({
    queryKey: sagaKeys.detail(name),
    queryFn: () => sagasApi.detail(name),
    refetchInterval: FALLBACK_MS,
    retry,
  });

export const useSagaInstances = (name: string, status: SagaInstanceStatus | null) =>
  useQuery({
    queryKey: [...sagaKeys.instances(name), status],
    queryFn: () => sagasApi.instances(name, status),
    refetchInterval: FALLBACK_MS,
    retry,
  });

/** An instance is followed until it has ended. */
export const useSagaInstance = (name: string, id: string, run: number | null = null) =>
  useQuery({
    queryKey: sagaKeys.instance(name, id, run),
    queryFn: () => sagasApi.instance(name, id, run),
    refetchInterval: (q) => (q.state.data?.endedAt ? false : FALLBACK_MS),
    retry,
  });
