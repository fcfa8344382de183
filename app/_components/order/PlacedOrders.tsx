"use client";
// The orders placed from this tab, newest first, each with its status changing live from
// Pending to Completed or Cancelled (with the reason) and what the saga is doing now.
import Link from "next/link";
import { useMemo } from "react";
import { buildJourney, liveStatus } from "../../_lib/journey";
import { SERVICE_LABEL } from "../../_lib/topology";
import { useOrderLive } from "../data/useOrderLive";
import { StatusBadge } from "../StatusBadge";

function PlacedOrder({ orderId }: { orderId: string }) {
  const { view, steps } = useOrderLive(orderId);
  const journey = useMemo(() => buildJourney(steps, Date.now()), [steps]);
  const { status, reason } = liveStatus(view, journey);
  const doing = journey.expected ? `Waiting for ${SERVICE_LABEL[journey.expected.service]} to ${journey.expected.what}` : journey.steps.length ? `Finished in ${journey.steps.length} steps` : "Accepted";
  return (
    <li className="panel" aria-label={`Order ${orderId}`} data-order-id={orderId}>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <code>{orderId}</code>
        <StatusBadge status={status} reason={reason} live />
      </div>
      <div className="row small muted" style={{ justifyContent: "space-between", marginTop: 6 }}>
        <span>{doing}{journey.branch !== "in flight" && journey.branch !== "happy path" ? ` · ${journey.branch}` : ""}</span>
        <Link prefetch={false} href={`/orders/${encodeURIComponent(orderId)}`}>Open journey</Link>
      </div>
    </li>
  );
}

export function PlacedOrders({ ids }: { ids: string[] }) {
  return (
    <section className="stack" aria-label="Your orders">
      <h2>Your orders</h2>
      {ids.length === 0 ? (
        <p className="muted">Orders you place appear here and update as the saga runs.</p>
      ) : (
        <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {ids.map((id) => <PlacedOrder key={id} orderId={id} />)}
        </ul>
      )}
    </section>
  );
}
