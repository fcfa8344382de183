// A definition as `GET /api/sagas` shows it (attach.md, "HTTP API"): the observer's answer and the
// proposal /sagas/new draws are made the same way. `readers`: per topic, the services whose
// consumer groups read it, for the steps whose file gives no `to`.
import type { SagaStepView, SagaSummary } from "./api";
import { sagaServices, type SagaDefinition } from "./definition";

export function sagaStepViews(d: SagaDefinition, readers: ReadonlyMap<string, string[]>): SagaStepView[] {
  return d.steps.map((st) => ({
    id: st.id,
    topic: st.topic,
    from: st.from,
    to: st.to ?? readers.get(st.topic) ?? [],
    toInferred: st.to === undefined,
    kind: st.kind,
    ends: st.ends ?? null,
    branch: st.branch ?? null,
    after: st.after,
    starts: st.starts,
  }));
}

export function sagaSummary(d: SagaDefinition, builtIn: boolean, readers: ReadonlyMap<string, string[]>): SagaSummary {
  return {
    name: d.name,
    title: d.title ?? d.name,
    builtIn,
    services: sagaServices(d).map(({ id, label }) => ({ id, label })),
    steps: sagaStepViews(d, readers),
  };
}
