"use client";
// One order's journey (/orders/[id]): status and reason in words, the graph with this order's
// path numbered and the untaken branches greyed, what comes next, the timeline, the
// compensation ledger, the event list, and a replay control. Live through the order's room.
// ?step=N selects a step on the graph, the timeline and the event list; selecting another one
// replaces the URL (no history entry per click). Export: the trace as JSON, the diagram.
// The order's saga mode picks its graph: choreography's topics or orchestration's hub and spokes.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { withDuplicateRecords } from "../../../contracts/order-journey";
import { buildOrderTrace } from "../../../contracts/trace";
import { traceToMermaid } from "../../../contracts/trace-mermaid";
import { journeyModel } from "../../_lib/graphModel";
import { buildJourney, journeyAt, liveStatus, sagaTookText } from "../../_lib/journey";
import { buildLedger } from "../../_lib/ledger";
import { stepFromQuery, withStep } from "../../_lib/links";
import { formatMs } from "../../../contracts/timings";
import { useOrderLive } from "../data/useOrderLive";
import { GraphLegend } from "../graph/Legend";
import { SagaGraph } from "../graph/SagaGraph";
import { ModeBadge } from "../ModeBadge";
import { StatusBadge } from "../StatusBadge";
import { EventList } from "./EventList";
import { ExportBar } from "./ExportBar";
import { JourneyPath } from "./JourneyPath";
import { LedgerTable } from "./LedgerTable";
import { NextStep } from "./NextStep";
import { Replay } from "./Replay";
import { SequenceDiagram } from "./SequenceDiagram";
import { Timeline } from "./Timeline";
import { Summary } from "./Summary";

export function OrderJourney({ orderId }: { orderId: string }) {
  const { view, steps, query, notFound } = useOrderLive(orderId);
  const [now, setNow] = useState(() => Date.now());
  const [replayAt, setReplayAt] = useState<number | null>(null);
  const selected = stepFromQuery(useSearchParams().get("step"));
  // Next.js keeps useSearchParams in step with history.replaceState, without a server round trip.
  const onSelect = useCallback(
    (n: number) =>
      window.history.replaceState(null, "", `${window.location.pathname}${withStep(window.location.search, n)}`),
    [],
  );
  const mode = view?.mode;
  const live = useMemo(() => buildJourney(steps, now, mode), [steps, now, mode]);
  const inFlight = live.outcome === "PENDING";

  // A clock for "waiting for … / overdue by …" while the saga runs (display only, no fetching).
  useEffect(() => {
    if (!inFlight) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [inFlight]);

  const journey = useMemo(
    () => (replayAt === null ? live : journeyAt(steps, replayAt, live.mode)),
    [live, steps, replayAt],
  );
  const model = useMemo(() => journeyModel(journey, selected), [journey, selected]);
  // While replaying, a dot runs along the edge of the step just reached.
  const replayPulse = useMemo(() => {
    const last = replayAt ? journey.steps[journey.steps.length - 1] : undefined;
    return last?.edge ? { [last.edge.id]: replayAt ?? 0 } : undefined;
  }, [journey, replayAt]);
  const ledger = useMemo(() => buildLedger(steps, live.outcome), [steps, live.outcome]);
  const { status, reason } = liveStatus(view, live);
  const onReplay = useCallback((at: number | null) => setReplayAt(at), []);
  const diagram = useMemo(
    () => (view ? traceToMermaid(buildOrderTrace({ ...withDuplicateRecords(view), steps })) : null),
    [view, steps],
  );

  if (notFound) {
    return (
      <div className="stack">
        <h1>Order {orderId}</h1>
        <p className="alert" role="alert">
          No order with this id. <Link href="/orders">Back to the orders</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <div>
          <h1>
            Order <code>{orderId}</code>
          </h1>
          <p className="lead">
            {view ? `User ${view.userId} · ${view.itemCount} item(s)` : query.isLoading ? "Loading…" : ""}
            {view?.totalAmount !== null && view?.totalAmount !== undefined ? ` · ${view.totalAmount} points` : ""}
            {sagaTookText(live, formatMs)}
          </p>
        </div>
        <span className="row" style={{ gap: 6 }}>
          <ModeBadge mode={live.mode} />
          <StatusBadge status={status} reason={reason} live />
        </span>
      </div>
      {view?.journeyMissing && (
        <p className="alert" role="alert">
          The journey is incomplete: {view.journeyMissing}.
        </p>
      )}
      <ExportBar orderId={orderId} diagram={diagram} />
      <Summary journey={live} status={status} reason={reason} detail={view?.detail ?? null} />
      <NextStep journey={live} />
      <div className="grid-2" style={{ gridTemplateColumns: "minmax(0, 2.2fr) minmax(0, 1fr)" }}>
        <div className="stack">
          <SagaGraph
            key={journey.mode}
            mode={journey.mode}
            nodes={model.nodes}
            edges={model.edges}
            pulses={replayPulse}
            label={`Journey of order ${orderId}`}
          />
          <div className="row" style={{ justifyContent: "space-between" }}>
            <GraphLegend journey mode={journey.mode} />
            <Replay total={live.steps.length} at={replayAt} onChange={onReplay} />
          </div>
        </div>
        <div className="panel stack">
          <JourneyPath journey={journey} selected={selected} onSelect={onSelect} />
        </div>
      </div>
      <div className="panel">
        <Timeline journey={live} selected={selected} onSelect={onSelect} />
      </div>
      <div className="panel">
        <LedgerTable ledger={ledger} />
      </div>
      <div className="panel">
        <SequenceDiagram source={diagram} steps={live.steps.length} orchestrated={live.mode === "orchestration"} />
      </div>
      <div className="panel">
        <EventList steps={live.steps} duplicates={live.duplicates} selected={selected} onSelect={onSelect} />
      </div>
    </div>
  );
}
