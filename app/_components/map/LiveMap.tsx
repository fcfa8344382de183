"use client";
// The live saga map: stats strip, the graph with per-node counts and per-edge recent use, a dot
// running along each edge as its records arrive, and pause/resume of the whole view. Tabs pick
// the mode's graph (choreography's topics, or orchestration's hub and spokes; ?mode= in the URL).
// Below it the chaos panel; the map shows the services it has put down or under a fault.
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { BridgeStats, SagaEvent } from "../../../contracts/socket";
import type { SagaMode } from "../../../contracts/topics";
import { edgeIdOf } from "../../../shared/eventEdges";
import { edgeUsage } from "../../_lib/eventWindow";
import { liveModel } from "../../_lib/graphModel";
import { noteArrivals, noteCommitted } from "../data/metrics";
import { useFeed } from "../data/LiveProvider";
import { ChaosPanel } from "../chaos/ChaosPanel";
import { useOperations } from "../chaos/useOperations";
import { SagaGraph } from "../graph/SagaGraph";
import { GraphLegend } from "../graph/Legend";
import { EventTicker } from "./EventTicker";
import { InvariantsPanel } from "./InvariantsPanel";
import { ModeTabs, modeFromQuery } from "./ModeTabs";
import { StatsStrip } from "./StatsStrip";

type View = { events: SagaEvent[]; stats: BridgeStats | null };

export function LiveMap() {
  const feed = useFeed();
  const mode = modeFromQuery(useSearchParams().get("mode"));
  // Next.js keeps useSearchParams in step with history.replaceState, without a server round trip.
  const setMode = useCallback(
    (m: SagaMode) =>
      window.history.replaceState(null, "", `${window.location.pathname}${m === "choreography" ? "" : `?mode=${m}`}`),
    [],
  );
  const [paused, setPaused] = useState(false);
  const [missed, setMissed] = useState(0);
  const [pulses, setPulses] = useState<Record<string, number>>({});
  const pausedRef = useRef(paused);
  const frozen = useRef<View>({ events: [], stats: null });
  pausedRef.current = paused;

  useEffect(() => {
    if (!feed) return;
    return feed.onFresh((fresh, fromSnapshot) => {
      if (pausedRef.current) {
        setMissed((n) => n + fresh.length);
        return;
      }
      // Snapshot records are old news: only live batches count for the latency hook.
      if (fromSnapshot) return;
      noteArrivals(fresh);
      const edges = new Set(fresh.flatMap((e) => edgeIdOf(e.envelope) ?? []));
      setPulses((p) => {
        const next = { ...p };
        for (const id of edges) next[id] = (next[id] ?? 0) + 1;
        return next;
      });
    });
  }, [feed]);

  const liveView: View = { events: feed?.window.list() ?? [], stats: feed?.stats ?? null };
  if (!paused) frozen.current = liveView;
  const view = paused ? frozen.current : liveView;
  const version = feed?.version ?? 0;

  useEffect(() => {
    noteCommitted();
  }, [version]);

  const usage = useMemo(() => edgeUsage(view.events), [view.events]);
  const operations = useOperations();
  const model = useMemo(
    () => liveModel(view.stats, usage, operations.ops, mode),
    [view.stats, usage, operations.ops, mode],
  );

  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <div>
          <h1>Saga map</h1>
          <p className="lead">
            Every service of the saga, live. Dots run along an edge as its events pass; dashed edges are failures and
            compensations running backwards.
          </p>
        </div>
        <div className="row">
          {paused && (
            <span role="status" className="notice small">
              Paused: {missed} new events not shown
            </span>
          )}
          <button
            type="button"
            aria-pressed={paused}
            onClick={() => {
              setMissed(0);
              setPaused((p) => !p);
            }}
          >
            {paused ? "Resume live view" : "Pause live view"}
          </button>
        </div>
      </div>
      <StatsStrip stats={view.stats} />
      <div className="grid-2" style={{ gridTemplateColumns: "minmax(0, 3fr) minmax(0, 1fr)" }}>
        <div className="stack">
          <ModeTabs value={mode} onChange={setMode} />
          <div role="tabpanel" id={`map-${mode}`} aria-labelledby={`tab-${mode}`}>
            <SagaGraph
              key={mode}
              mode={mode}
              nodes={model.nodes}
              edges={model.edges}
              pulses={paused ? undefined : pulses}
              label={mode === "choreography" ? "Live saga map" : "Live saga map, orchestration"}
            />
          </div>
          <GraphLegend mode={mode} />
        </div>
        <div className="stack">
          <InvariantsPanel />
          <div className="panel">
            <EventTicker events={view.events} />
          </div>
        </div>
      </div>
      <ChaosPanel
        health={operations.health}
        faults={operations.faults}
        ops={operations.ops}
        locked={operations.locked}
        stats={liveView.stats}
      />
    </div>
  );
}
