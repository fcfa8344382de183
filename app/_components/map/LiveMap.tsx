"use client";
// The live saga map: stats strip, the graph with per-node counts and per-edge recent use, a dot
// running along each edge as its records arrive, and pause/resume of the whole view. Below it the
// chaos panel; the map shows the services it has put down or under a fault.
import { useEffect, useMemo, useRef, useState } from "react";
import type { BridgeStats, SagaEvent } from "../../../contracts/socket";
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
import { StatsStrip } from "./StatsStrip";

type View = { events: SagaEvent[]; stats: BridgeStats | null };

export function LiveMap() {
  const feed = useFeed();
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
      const topics = new Set(fresh.map((e) => e.topic));
      setPulses((p) => {
        const next = { ...p };
        for (const t of topics) next[t] = (next[t] ?? 0) + 1;
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
  const model = useMemo(() => liveModel(view.stats, usage, operations.ops), [view.stats, usage, operations.ops]);

  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <div>
          <h1>Saga map</h1>
          <p className="lead">Every service of the saga, live. Dots run along a topic as its events pass; dashed edges are failures and compensations running backwards.</p>
        </div>
        <div className="row">
          {paused && <span role="status" className="notice small">Paused: {missed} new events not shown</span>}
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
          <SagaGraph nodes={model.nodes} edges={model.edges} pulses={paused ? undefined : pulses} label="Live saga map" />
          <GraphLegend />
        </div>
        <div className="stack">
          <InvariantsPanel />
          <div className="panel">
            <EventTicker events={view.events} />
          </div>
        </div>
      </div>
      <ChaosPanel health={operations.health} faults={operations.faults} ops={operations.ops} locked={operations.locked} stats={liveView.stats} />
    </div>
  );
}
