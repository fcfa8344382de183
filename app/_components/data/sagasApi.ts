// The watched sagas' HTTP API (attach.md, /api/sagas…) and react-query hooks over it. The
// observer has no live feed to the browser, so the live views poll once a second.
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
  instances: (name: string, status: SagaInstanceStatus | null, limit = 200) =>
    getJson<SagaInstanceSummary[]>(
      `/api/sagas/${enc(name)}/instances?limit=${limit}${status ? `&status=${status}` : ""}`,
    ),
  /** One run of an id; the latest without `run`. */
  instance: (name: string, id: string, run: number | null = null) =>
    getJson<SagaInstanceView>(`/api/sagas/${enc(name)}/instances/${enc(id)}${run ? `?run=${run}` : ""}`),
};

const LIVE_MS = 1000;
/** A 404 is an answer (no such saga or instance), not worth retrying. */
const retry = (n: number, e: Error) => !(e instanceof ApiError && e.status === 404) && n < 2;

export const useSagas = () => useQuery({ queryKey: ["sagas"], queryFn: sagasApi.list, refetchInterval: 5000, retry });

export const useSaga = (name: string) =>
  useQuery({ queryKey: ["saga", name], queryFn: () => sagasApi.detail(name), refetchInterval: LIVE_MS, retry });

export const useSagaInstances = (name: string, status: SagaInstanceStatus | null) =>
  useQuery({
    queryKey: ["saga-instances", name, status],
    queryFn: () => sagasApi.instances(name, status),
    refetchInterval: LIVE_MS,
    retry,
  });

/** An instance is followed until it has ended. */
export const useSagaInstance = (name: string, id: string, run: number | null = null) =>
  useQuery({
    queryKey: ["saga-instance", name, id, run],
    queryFn: () => sagasApi.instance(name, id, run),
    refetchInterval: (q) => (q.state.data?.endedAt ? false : LIVE_MS),
    retry,
  });
