"use client";
// /compare?a=<id>&b=<id>: two orders on one saga graph, each path in its own colour, their
// timelines aligned hop by hop with the slower order named per hop. Both stay live. Without
// two ids it asks for them (the orders list links here with the two rows ticked).
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { formatMs } from "../../../contracts/timings";
import { alignJourneys, SIDE_NAME, totalDiff, type Side } from "../../_lib/compare";
import { compareGraphs, SIDE_COLOR } from "../../_lib/compareGraph";
import { buildJourney, liveStatus, type Journey } from "../../_lib/journey";
import { compareHref, compareIds, journeyHref } from "../../_lib/links";
import { useOrderLive } from "../data/useOrderLive";
import { SagaGraph } from "../graph/SagaGraph";
import { ModeBadge } from "../ModeBadge";
import { StatusBadge } from "../StatusBadge";
import { CompareForm } from "./CompareParts";
import { HopTable } from "./HopTable";

export function CompareOrders() {
  const { a, b } = compareIds(useSearchParams());
  return (
    <div className="stack">
      <div>
        <h1>Compare two orders</h1>
        <p className="lead">Both paths on one saga graph, and every hop&apos;s time side by side.</p>
      </div>
      <CompareForm a={a ?? ""} b={b ?? ""} noun="Order" href={compareHref} />
      {a && b ? (
        <Compared a={a} b={b} />
      ) : (
        <p className="muted">
          Pick two orders: tick them in the <Link href="/orders">orders list</Link>, or enter their ids.
        </p>
      )}
    </div>
  );
}

function useJourney(orderId: string) {
  const { view, steps, notFound } = useOrderLive(orderId);
  const mode = view?.mode;
  const journey = useMemo(() => buildJourney(steps, Date.now(), mode), [steps, mode]);
  return { view, journey, notFound };
}

function OrderCard({ side, orderId, found }: { side: Side; orderId: string; found: ReturnType<typeof useJourney> }) {
  const { view, journey, notFound } = found;
  const { status, reason } = liveStatus(view, journey);
  return (
    <section
      className="panel stack"
      style={{ gap: 6, borderTop: `4px solid ${SIDE_COLOR[side]}` }}
      aria-label={`Order ${SIDE_NAME[side]}`}
    >
      <h2 style={{ margin: 0 }}>Order {SIDE_NAME[side]}</h2>
      <code>{orderId}</code>
      {notFound ? (
        <p className="alert" role="alert">
          No order with this id.
        </p>
      ) : (
        <>
          <span className="row" style={{ gap: 6 }}>
            <ModeBadge mode={journey.mode} />
            <StatusBadge status={status} reason={reason} />
          </span>
          <span className="small muted">
            {view ? `User ${view.userId} · ` : ""}
            {journey.steps.length} steps{journey.totalMs !== null ? ` · saga took ${formatMs(journey.totalMs)}` : ""} ·
            path: {journey.branch}
          </span>
          {/* No prefetch, like the other journey links: the e2e saw this dynamic page's prefetch aborted mid-stream (net::ERR_ABORTED). */}
          <Link href={journeyHref(orderId)} prefetch={false}>
            Open the journey
          </Link>
        </>
      )}
    </section>
  );
}

function verdictText(a: Journey, b: Journey): string {
  const d = totalDiff(a, b);
  if (!d) return "Waiting for both orders' events.";
  return d.slower ? `In all, ${d.verdict}.` : "In all, both took the same time.";
}

function Compared({ a, b }: { a: string; b: string }) {
  const ja = useJourney(a);
  const jb = useJourney(b);
  const graphs = useMemo(() => compareGraphs(ja.journey, jb.journey), [ja.journey, jb.journey]);
  const rows = useMemo(() => alignJourneys(ja.journey, jb.journey), [ja.journey, jb.journey]);
  return (
    <>
      <div className="grid-2" style={{ gridTemplateColumns: "1fr 1fr" }}>
        <OrderCard side="a" orderId={a} found={ja} />
        <OrderCard side="b" orderId={b} found={jb} />
      </div>
      <p role="status" aria-label="Total difference" style={{ margin: 0, fontWeight: 600 }}>
        {verdictText(ja.journey, jb.journey)}
      </p>
      <div className="grid-2" style={{ gridTemplateColumns: graphs.length > 1 ? "1fr 1fr" : "1fr" }}>
        {graphs.map((g) => (
          <SagaGraph key={`${g.mode}-${graphs.length}`} mode={g.mode} nodes={g.nodes} edges={g.edges} label={g.label} />
        ))}
      </div>
      <div className="legend" aria-label="Legend">
        {(["a", "b"] as const).map((s) => (
          <span key={s}>
            <span className="compare-swatch" style={{ borderColor: SIDE_COLOR[s] }} />
            order {SIDE_NAME[s]}
          </span>
        ))}
        <span>
          <span className="swatch untaken" />
          taken by neither
        </span>
        <span>dashed: failure or compensation</span>
      </div>
      <div className="panel">
        <HopTable rows={rows} />
      </div>
    </>
  );
}
