"use client";
// The ELK layout of a watched saga's map, worked out after the first render (in a web worker)
// and again only when what it depends on changes (layoutKey: not the live counts). While a new
// one is worked out the last one stays if it places every service and step of the model, so a
// journey that grows by a record does not blink; otherwise there is no layout (null) yet.
import { useEffect, useState } from "react";
import { layoutKey, layoutSagaMap, type SagaLayout } from "../../_lib/layout/sagaLayout";
import type { SagaMapModel } from "../../_lib/sagaMap";
import { runElk } from "./elkRunner";

type State = { key: string; layout: SagaLayout } | { key: string; error: string } | null;

function placesAll(layout: SagaLayout, model: SagaMapModel): boolean {
  return model.nodes.every((n) => layout.services[n.id]) && model.steps.every((s) => layout.steps[s.id]);
}

export function useSagaLayout(model: SagaMapModel): { layout: SagaLayout | null; error: string | null } {
  const key = layoutKey(model);
  const [state, setState] = useState<State>(null);
  // The model as of the key: a new model object with the same key needs no new layout.
  const [keyed, setKeyed] = useState<{ key: string; model: SagaMapModel }>({ key, model });
  if (keyed.key !== key) setKeyed({ key, model });
  useEffect(() => {
    let current = true;
    layoutSagaMap(runElk, keyed.model).then(
      (layout) => current && setState({ key: keyed.key, layout }),
      (err: Error) => current && setState({ key: keyed.key, error: err.message }),
    );
    return () => {
      current = false;
    };
  }, [keyed]);
  if (!state) return { layout: null, error: null };
  if ("error" in state) return { layout: null, error: state.key === key ? state.error : null };
  return { layout: state.key === key || placesAll(state.layout, model) ? state.layout : null, error: null };
}
