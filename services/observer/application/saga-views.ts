// The answers of /api/sagas (attach.md, HTTP API), built from the definitions, the store and
// what the cluster says (missing topics, who reads what).
import {
  InstanceQuery,
  InstancesQuery,
  SAGA_INSTANCE_STATUSES,
  sagaStepViews,
  sagaSummary,
  type InstanceRecord,
  type SagaDetail,
  type SagaInstanceSummary,
  type SagaInstanceView,
  type SagaStepView,
  type SagaSummary,
} from "../../../contracts/sagas";
import { fieldErrors, storableText } from "../../../contracts";
import { SagaError } from "../../kit/errors";
import { isEventIdParam } from "../domain/event-id";
import { causalOrder } from "../domain/order";
import { instanceStatus, stuckBefore, waitingFor } from "../domain/status";
import type { Sagas, WatchedSaga } from "./definitions";
import type { ClusterView, ObserverStore, StatusFilter, StoredRecord } from "./ports";
import type { Backlog } from "../domain/backlog";

export type SagaViews = {
  list(): SagaSummary[];
  detail(name: string): Promise<SagaDetail>;
  instances(name: string, query: Record<string, string>): Promise<SagaInstanceSummary[]>;
  instance(name: string, id: string, query?: Record<string, string>): Promise<SagaInstanceView>;
  /** The earliest record of an event, by the id its definition's `eventId` reads (the operator's duplicate finds events here). */
  event(name: string, eventId: string): Promise<InstanceRecord>;
};

export function sagaViews(deps: {
  sagas: Sagas;
  store: ObserverStore;
  cluster: ClusterView;
  now: () => Date;
  /** How far reading is behind (application/backlog-watch.ts). */
  backlog?: (saga: string) => Backlog;
}): SagaViews {
  const find = (name: string): WatchedSaga => {
    const s = deps.sagas().find((x) => x.definition.name === name);
    if (!s) throw new SagaError("NOT_FOUND", `no saga named ${name}`);
    return s;
  };
  const steps = (s: WatchedSaga): SagaStepView[] =>
    sagaStepViews(s.definition, deps.cluster.consumers(s.definition.name));
  const summary = (s: WatchedSaga): SagaSummary =>
    sagaSummary(s.definition, s.builtIn, deps.cluster.consumers(s.definition.name));
  const status = (s: WatchedSaga, i: Parameters<typeof instanceStatus>[0]) =>
    instanceStatus(i, deps.now(), s.definition.timeoutMs);

  return {
    list: () => deps.sagas().map(summary),
    async detail(name) {
      const s = find(name);
      const cutoff = stuckBefore(deps.now(), s.definition.timeoutMs);
      const [counts, counters] = await Promise.all([deps.store.statusCounts(name, cutoff), deps.store.counters(name)]);
      const get = (metric: string, subject = "") =>
        counters.find((c) => c.metric === metric && c.subject === subject)?.value ?? 0;
      return {
        ...summary(s),
        counts: Object.fromEntries(SAGA_INSTANCE_STATUSES.map((k) => [k, counts.get(k) ?? 0])) as SagaDetail["counts"],
        seen: Object.fromEntries(s.definition.steps.map((st) => [st.id, get("seen", st.id)])),
        unmatched: get("unmatched"),
        uncorrelated: Object.fromEntries(
          counters.filter((c) => c.metric === "uncorrelated").map((c) => [c.subject, c.value]),
        ),
        missingTopics: deps.cluster.missingTopics(name),
        refusedTopics: [...deps.cluster.refusedTopics(name)].map(([topic, reason]) => ({ topic, reason })),
        backlog: deps.backlog?.(name) ?? { remaining: null, readPerSecond: 0, etaSeconds: null },
        records: {
          total: get("total"),
          notJson: get("notJson"),
          notDecodable: get("notDecodable"),
          oversized: get("oversized"),
          matchCut: get("matchCut"),
        },
      };
    },
    async instances(name, query) {
      const s = find(name);
      const q = InstancesQuery.safeParse(query);
      if (!q.success) throw new SagaError("VALIDATION_FAILED", "invalid query", { details: fieldErrors(q.error) });
      const filter: StatusFilter | null = !q.data.status
        ? null
        : q.data.status === "RUNNING" || q.data.status === "STUCK"
          ? { stuck: q.data.status === "STUCK" }
          : { ending: q.data.status };
      const rows = await deps.store.instances(name, {
        filter,
        limit: q.data.limit,
        stuckBefore: stuckBefore(deps.now(), s.definition.timeoutMs),
        id: q.data.id,
      });
      return rows.map((i) => ({
        id: i.id,
        run: i.run,
        status: status(s, i),
        startedAt: i.startedAt.toISOString(),
        lastEventAt: i.lastEventAt.toISOString(),
        steps: i.records,
      }));
    },
    async event(name, eventId) {
      const s = find(name);
      if (!s.definition.eventId)
        throw new SagaError("NOT_FOUND", `${name}'s definition does not say where its event id is`);
      const found = isEventIdParam(eventId) ? await deps.store.event(name, eventId) : null;
      if (!found) throw new SagaError("NOT_FOUND", `no event ${eventId.slice(0, 80)} in ${name}'s records`);
      return recordView(new Map(steps(s).map((st) => [st.id, st])), found);
    },
    async instance(name, id, query = {}) {
      const s = find(name);
      const q = InstanceQuery.safeParse(query);
      if (!q.success) throw new SagaError("VALIDATION_FAILED", "invalid query", { details: fieldErrors(q.error) });
      // PostgreSQL text holds no NUL and no lone surrogate: no instance has such an id.
      const found = storableText(id) ? await deps.store.instance(name, id, q.data.run) : null;
      if (!found)
        throw new SagaError("NOT_FOUND", `no instance ${id}${q.data.run ? ` run ${q.data.run}` : ""} of ${name}`);
      const byId = new Map(steps(s).map((st) => [st.id, st]));
      const { instance: i } = found;
      const records = causalOrder(found.records, s.definition.steps, s.definition.clockSkewMs);
      const st = status(s, i);
      return {
        id: i.id,
        run: i.run,
        saga: name,
        status: st,
        waitingFor: st === "RUNNING" || st === "STUCK" ? waitingFor(s.definition.steps, records) : [],
        startedAt: i.startedAt.toISOString(),
        endedAt: i.endedAt?.toISOString() ?? null,
        steps: records.map((r) => recordView(byId, r)),
      };
    },
  };
}

function recordView(byId: ReadonlyMap<string, SagaStepView>, r: StoredRecord): InstanceRecord {
  const st = r.step === null ? undefined : byId.get(r.step);
  return {
    step: st?.id ?? null,
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    at: r.at.toISOString(),
    from: st?.from ?? null,
    to: st?.to ?? [],
    kind: st?.kind ?? null,
    ends: st?.ends ?? null,
    branch: st?.branch ?? null,
    key: r.key,
    headers: r.headers,
    value: r.value,
    truncated: r.truncated,
    size: r.size,
  };
}
